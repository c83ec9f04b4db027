import type { Context, Hono } from 'hono';
import { audit } from '../../../platform/audit/audit.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { addDays, isLocalDate, parisParts } from '../domain/paris-time.js';
import { occupancy, type Period, periodOf } from '../queries/occupancy.js';
import { OccupancyChart } from '../views/occupancy-chart.js';
import { csvCell, OccupancyTable, occupancyCells } from '../views/occupancy-table.js';
import { dayLabel } from '../views/format.js';

/** The period asked for in the query string (?period=week|month&date=YYYY-MM-DD), this week by default. */
function askedPeriod(c: Context<AppEnv>): Period {
  const kind = c.req.query('period') === 'month' ? 'month' : 'week';
  const d = c.req.query('date') ?? '';
  return periodOf(kind, isLocalDate(d) ? d : parisParts(new Date()).date);
}

/** The programme manager's occupancy report per space, per week or month, and its CSV export. */
export function registerOccupancyPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/staff/spaces/occupancy', 'spaces.report', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const locale = c.get('locale');
    const period = askedPeriod(c);
    const rows = await occupancy(c.get('services').database.db, actor, period);
    const table = occupancyCells(t, formatters(locale).number, rows);
    const caption = t('spaces.occupancy.caption', { from: dayLabel(period.from, locale, { year: true }), to: dayLabel(addDays(period.to, -1), locale, { year: true }) });
    const query = `period=${period.kind}&date=${period.from}`;
    return c.html(
      <Layout c={c} title={t('spaces.occupancy.title')}>
        <h1>{t('spaces.occupancy.title')}</h1>
        <form method="get" action="/staff/spaces/occupancy">
          <div>
            <label for="f-period">{t('spaces.occupancy.period')}</label>
            <select id="f-period" name="period">
              <option value="week" selected={period.kind === 'week'}>
                {t('spaces.occupancy.week')}
              </option>
              <option value="month" selected={period.kind === 'month'}>
                {t('spaces.occupancy.month')}
              </option>
            </select>
          </div>
          <div>
            <label for="f-date">{t('spaces.occupancy.date')}</label>
            <input id="f-date" name="date" type="date" value={period.from} />
          </div>
          <button type="submit">{t('spaces.day.show')}</button>
        </form>
        <p class="hint">{t('spaces.occupancy.explain')}</p>
        {rows.length === 0 ? (
          <p>{t('spaces.staff.empty')}</p>
        ) : (
          <>
            <OccupancyChart t={t} num={formatters(locale).number} rows={rows} title={t('spaces.occupancy.chartTitle', { period: caption })} />
            <OccupancyTable caption={caption} table={table} />
          </>
        )}
        <p>
          <a href={`/staff/spaces/occupancy.csv?${query}`} download>
            {t('spaces.occupancy.csv')}
          </a>
        </p>
      </Layout>,
    );
  });

  route(app, 'GET', '/staff/spaces/occupancy.csv', 'spaces.report', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const period = askedPeriod(c);
    const db = c.get('services').database.db;
    const rows = await occupancy(db, actor, period);
    // Plain numbers in the file (a spreadsheet reads them), the rest as on the page.
    const table = occupancyCells(t, (n) => String(n), rows);
    await audit(db, { action: 'spaces.occupancy.export', actor, details: { period: period.kind, from: period.from, rows: rows.length } });
    const body = `\ufeff${[table.headers, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
    return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="occupation-${period.kind}-${period.from}.csv"` });
  });
}
