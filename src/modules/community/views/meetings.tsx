import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import type { MeetingItem } from '../queries/proposals.js';

/** A process's meetings: the next ones, then those held with what their report says. */
export function Meetings(props: { t: Translate; locale: Locale; meetings: MeetingItem[]; link: (id: string) => string | null }) {
  const { t } = props;
  if (props.meetings.length === 0) return null;
  const f = formatters(props.locale);
  const now = Date.now();
  const next = props.meetings.filter((m) => new Date(m.starts_at).getTime() > now && !m.cancelled_at);
  const held = props.meetings.filter((m) => new Date(m.starts_at).getTime() <= now && !m.cancelled_at).reverse();
  const item = (m: MeetingItem) => {
    const href = props.link(m.id);
    return (
      <li>
        <strong>{`${f.date(new Date(m.starts_at))} — `}</strong>
        {href ? <a href={href}>{m.title}</a> : m.title}
        {m.came !== null && ` · ${t('community.meetings.came', { count: m.came })}`}
        {m.report && <p>{m.report}</p>}
      </li>
    );
  };
  return (
    <section aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('community.meetings.title')}</h2>
      {next.length > 0 && (
        <>
          <h3>{t('community.meetings.next')}</h3>
          <ul>{next.map(item)}</ul>
        </>
      )}
      {held.length > 0 && (
        <>
          <h3>{t('community.meetings.held')}</h3>
          <ul>{held.map(item)}</ul>
        </>
      )}
    </section>
  );
}
