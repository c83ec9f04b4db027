import type { Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { OccupancyRow } from '../queries/occupancy.js';

/** The report's table as rows of text: the page and the CSV show exactly the same cells. */
export function occupancyCells(t: Translate, num: (n: number) => string, rows: OccupancyRow[]): { headers: string[]; rows: string[][] } {
  const pct = (v: number | null) => (v === null ? '—' : `${num(v)} %`);
  const purposes = (p: Record<string, number>) =>
    Object.entries(p)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${t(`spaces.purpose.${k}`)} : ${n}`)
      .join(' ; ') || '—';
  return {
    headers: ['space', 'openHours', 'bookedHours', 'rate', 'households', 'bookings', 'noShowRate', 'purposes'].map((h) => t(`spaces.occupancy.col.${h}`)),
    rows: rows.map((r) => [r.name, num(r.openHours), num(r.bookedHours), pct(r.rate), num(r.households), num(r.bookings), `${pct(r.noShowRate)} (${num(r.noShows)})`, purposes(r.purposes)]),
  };
}

export function OccupancyTable(p: { caption: string; table: { headers: string[]; rows: string[][] } }) {
  return (
    <TableWrap label={p.caption}>
      <table>
        <caption>{p.caption}</caption>
        <thead>
          <tr>
            {p.table.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.table.rows.map((r) => (
            <tr>
              <th scope="row">{r[0]}</th>
              {r.slice(1).map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** One CSV cell: quoted when needed, and a leading =, +, - or @ neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
