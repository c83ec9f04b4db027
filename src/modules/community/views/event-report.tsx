import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import type { AttendanceSummary, EventReport } from '../queries/event-report.js';

/** Attendance in words, from the roll call; nothing when it was not taken. */
export function AttendanceText(props: { t: Translate; a: AttendanceSummary; walkIns: number }) {
  const { t, a } = props;
  return (
    <>
      <p>{a.rate === null ? t('community.report.noAttendance') : t('community.report.attendanceFigures', { seats: a.registeredSeats, present: a.presentSeats, noShows: a.noShows })}</p>
      {props.walkIns > 0 && <p>{t('community.report.walkInsText', { count: props.walkIns })}</p>}
    </>
  );
}

/** The report as residents read it on the event page: attendance, what happened, photos described by their captions (their alternative text). */
export function ReportSection(props: { t: Translate; locale: Locale; eventId: string; report: EventReport; attendance: AttendanceSummary }) {
  const { t, report } = props;
  const f = formatters(props.locale);
  return (
    <section aria-labelledby="report">
      <h2 id="report">{t('community.report.heading')}</h2>
      <AttendanceText t={t} a={props.attendance} walkIns={report.walkIns} />
      {report.body.split(/\n+/).map((line) => (
        <p>{line}</p>
      ))}
      {report.photos.length > 0 && (
        <ul class="panels">
          {report.photos.map((p, i) => (
            <li>
              <img src={`/community/events/${props.eventId}/photos/${p.id}`} alt={p.caption || t('community.report.photoAlt', { n: i + 1 })} width="240" loading="lazy" />
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('community.report.writtenOn', { date: f.date(report.updatedAt ?? report.writtenAt) })}</p>
    </section>
  );
}
