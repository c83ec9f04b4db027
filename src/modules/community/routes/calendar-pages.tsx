import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { PUBLIC } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { createFeed, feedCalendar, feedStatus, myActivities, revokeFeed } from '../commands/calendar-feed.js';
import { P } from '../policy.js';
import { Notice, When } from '../views/parts.js';
import { dbOf, page, param } from './helpers.js';

/** The person's own activities, their private calendar address (made, renewed, stopped), and the feed itself. */
export function registerCalendarPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/mine', P.read, (c) => page(c, (actor) => minePage(c, actor, null)));

  route(app, 'POST', '/community/mine/calendar', P.read, (c) =>
    page(c, async (actor) => {
      const token = await createFeed(dbOf(c), actor);
      // Shown once, in this answer: a redirect would put the secret in an address bar and a history.
      return minePage(c, actor, token);
    }),
  );

  route(app, 'POST', '/community/mine/calendar/stop', P.read, (c) =>
    page(c, async (actor) => {
      const stopped = await revokeFeed(dbOf(c), actor);
      return c.redirect(`/community/mine?done=${stopped ? 'stopped' : 'none'}`, 303);
    }),
  );

  // Calendar apps read this without a session; the secret in the address is the only key.
  route(app, 'GET', '/c/:org/calendar/:token', PUBLIC, async (c) => {
    // Any organisation: a partner association's staff may register for activities too.
    const org = await dbOf(c).selectFrom('organisations').select(['id', 'name']).where('slug', '=', param(c, 'org')).executeTakeFirst();
    const token = param(c, 'token').replace(/\.ics$/, '');
    const body = org ? await feedCalendar(dbOf(c), org.id as string, token, { name: c.get('t')('community.feed.name', { org: org.name }), locale: c.get('locale') }) : null;
    if (body === null) return errorPage(c, 404);
    return c.body(body, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="activites.ics"',
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
    });
  });
}

async function feedAddress(c: Context<AppEnv>, actor: Actor, token: string): Promise<string> {
  const org = await dbOf(c).selectFrom('organisations').select('slug').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  return `${c.get('services').config.publicUrl}/c/${org.slug}/calendar/${token}.ics`;
}

async function minePage(c: Context<AppEnv>, actor: Actor, token: string | null) {
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const activities = await myActivities(dbOf(c), actor);
  const feed = await feedStatus(dbOf(c), actor);
  const address = token ? await feedAddress(c, actor, token) : null;
  return c.html(
    <Layout c={c} title={t('community.mine.title')}>
      <h1>{t('community.mine.title')}</h1>
      <Notice t={t} done={c.req.query('done')} prefix="community.feed.done" />
      {activities.length === 0 ? (
        <p>{t('community.mine.empty')}</p>
      ) : (
        <ul class="panels">
          {activities.map((a) => (
            <li>
              <h2>{a.reachable === false ? a.title : <a href={`/community/events/${a.id}`}>{a.title}</a>}</h2>
              <p>
                <When locale={c.get('locale')} start={a.starts_at} end={a.ends_at} />
              </p>
              {a.landlord && <p class="hint">{t('community.event.organisedBy', { landlord: a.landlord })}</p>}
              <p>{a.cancelled_at ? t('community.event.isCancelled') : t('community.mine.statusLabel', { status: t(`community.status.${a.registration}`) })}</p>
              {a.reachable === false && (
                <>
                  <p class="hint">{t('community.mine.movedAway')}</p>
                  {!a.cancelled_at && (
                    <PostForm action={`/community/registrations/${a.registration_id}/cancel`} csrf={c.get('csrf')}>
                      <input type="hidden" name="next" value="/community/mine" />
                      <button type="submit">{t('community.mine.cancelFor', { title: a.title })}</button>
                    </PostForm>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('community.feed.heading')}</h2>
      <p>{t('community.feed.explain')}</p>
      {address ? (
        <div class="notice" role="status">
          <p>{t('community.feed.ready')}</p>
          <p>
            <a href={address.replace(/^https?:\/\//, 'webcal://')}>{t('community.feed.add')}</a>
          </p>
          <label for="f-feed">{t('community.feed.address')}</label>
          <input id="f-feed" type="text" readonly value={address} aria-describedby="f-feed-hint" />
          <span class="hint" id="f-feed-hint">
            {t('community.feed.secret')}
          </span>
        </div>
      ) : (
        <p>{feed ? t('community.feed.since', { date: f.date(feed.since) }) : t('community.feed.off')}</p>
      )}
      <PostForm action="/community/mine/calendar" csrf={c.get('csrf')}>
        <button type="submit">{t(feed ? 'community.feed.renew' : 'community.feed.create')}</button>
      </PostForm>
      {feed && (
        <PostForm action="/community/mine/calendar/stop" csrf={c.get('csrf')}>
          <button type="submit">
            {t('community.feed.stop')}
          </button>
        </PostForm>
      )}
      <p>
        <a href="/community">{t('community.events.back')}</a>
      </p>
    </Layout>,
  );
}
