import type { Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';

/**
 * "My bookings in my calendar": the private feed's state, its address when just made (shown once, in
 * that answer only), and the buttons to make a new one or stop it.
 */
export function CalendarFeedSection(p: { t: Translate; csrf: string; since: string | null; address: string | null; done: string | undefined }) {
  const { t } = p;
  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">{t('spaces.feed.heading')}</h2>
      <p>{t('spaces.feed.explain')}</p>
      {p.done && ['stopped', 'none'].includes(p.done) && (
        <p class="notice" role="status">
          {t(`spaces.feed.done.${p.done}`)}
        </p>
      )}
      {p.address ? (
        <div class="notice" role="status">
          <p>{t('spaces.feed.ready')}</p>
          <p>
            <a href={p.address.replace(/^https?:\/\//, 'webcal://')}>{t('spaces.feed.add')}</a>
          </p>
          <label for="f-feed">{t('spaces.feed.address')}</label>
          <input id="f-feed" type="text" readonly value={p.address} aria-describedby="f-feed-hint" />
          <span class="hint" id="f-feed-hint">
            {t('spaces.feed.secret')}
          </span>
        </div>
      ) : (
        <p>{p.since ? t('spaces.feed.since', { date: p.since }) : t('spaces.feed.off')}</p>
      )}
      <PostForm action="/spaces/bookings/calendar" csrf={p.csrf}>
        <button type="submit">{t(p.since || p.address ? 'spaces.feed.renew' : 'spaces.feed.create')}</button>
      </PostForm>
      {(p.since || p.address) && (
        <PostForm action="/spaces/bookings/calendar/stop" csrf={p.csrf}>
          <button type="submit">{t('spaces.feed.stop')}</button>
        </PostForm>
      )}
    </section>
  );
}
