import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { DayAvailability } from '../queries/availability.js';
import { dayLabel } from './format.js';

/**
 * The day's slots as a real table: a row per time, a column per resource; a free cell holds a link
 * to book it, named in full for screen readers (time, resource, places left).
 */
export function AvailabilityGrid(p: { t: Translate; locale: Locale; day: DayAvailability; bookHref: (resourceId: string, start: string) => string }) {
  const { t, day } = p;
  const caption = t('spaces.grid.caption', { day: dayLabel(day.date, p.locale) });
  if (day.holiday) return <p class="notice">{t('spaces.grid.holiday', { name: day.holiday })}</p>;
  if (day.rows.length === 0) return <p class="notice">{t('spaces.grid.closed')}</p>;
  const seats = day.resources.some((r) => r.units > 1);
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('spaces.grid.time')}</th>
            {day.resources.map((r) => (
              <th scope="col">{r.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {day.rows.map((row) => (
            <tr>
              <th scope="row">{`${row.start} – ${row.end}`}</th>
              {row.cells.map((cell) => {
                const resource = day.resources.find((r) => r.id === cell.resourceId);
                // An activity: its title for staff, just "taken" for residents (the cell carries no title for them).
                if (cell.state === 'activity') return <td>{cell.activity ? t('spaces.cell.activity', { title: cell.activity }) : t('spaces.cell.taken')}</td>;
                if (cell.state !== 'free') return <td>{t(`spaces.cell.${cell.state}`)}</td>;
                const left = seats ? t('spaces.cell.left', { count: cell.free }) : '';
                return (
                  <td>
                    <a href={p.bookHref(cell.resourceId, row.start)} aria-label={t('spaces.cell.bookLabel', { time: row.start, resource: resource?.name ?? '', left })}>
                      {t('spaces.cell.book')}
                    </a>
                    {seats && <span class="hint">{left}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
