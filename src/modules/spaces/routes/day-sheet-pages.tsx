import type { Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import { spaceBoard } from '../queries/space-board.js';
import { withStaffSpace } from '../queries/staff-space.js';
import { dayRows, HoldCells } from '../views/board.js';
import { clock, dayLabel } from '../views/format.js';
import { pageForRefusal } from './respond.js';

// On paper only the sheet remains: no header, navigation, footer or links.
const PRINT_CSS = `.sheet td.sign{min-width:8rem}
@media print{.top,footer,.skip,.no-print{display:none!important}main{max-width:none;padding:0}.sheet table{font-size:11pt}.sheet td,.sheet th{border:1px solid #000}}`;

/** The facilitator's printable day sheet: the day's bookings (not the cancelled ones) with a box for arrival and signature. */
export function registerDaySheetPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/staff/spaces/:id/sheet', 'spaces.board', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const locale = c.get('locale');
    const asked = c.req.query('date') ?? '';
    const date = isLocalDate(asked) ? asked : parisParts(new Date()).date;
    try {
      const { space, board } = await withStaffSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', async (tx, space) => ({ space, board: await spaceBoard(tx, space, date) }));
      const rows = dayRows(board, (b) => b.status === 'confirmed' || b.status === 'pending' || b.status === 'no_show');
      const bookings = rows.filter((r) => 'booking' in r).length;
      const resourceName = (id: string) => board.resources.find((r) => r.id === id)?.name ?? t('spaces.board.retiredResource');
      const many = (id: string) => (board.resources.find((r) => r.id === id)?.units ?? 1) > 1;
      const title = t('spaces.sheet.title', { space: space.name, day: dayLabel(date, locale) });
      return c.html(
        <Layout c={c} title={title}>
          <style nonce={c.get('secureHeadersNonce')}>{raw(PRINT_CSS)}</style>
          <div class="sheet">
            <h1>{title}</h1>
            <p class="no-print">
              <a href={`/staff/spaces/${space.id}?date=${date}`}>{t('spaces.staffMove.back', { space: space.name })}</a>
            </p>
            <p class="hint no-print">{t('spaces.sheet.printHint')}</p>
            {rows.length === 0 ? (
              <p>{t('spaces.board.empty')}</p>
            ) : (
              <TableWrap label={title}>
                <table>
                  <caption>{t('spaces.sheet.caption', { count: bookings })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('spaces.board.time')}</th>
                      <th scope="col">{t('spaces.board.place')}</th>
                      <th scope="col">{t('spaces.board.household')}</th>
                      <th scope="col">{t('spaces.sheet.arrival')}</th>
                      <th scope="col">{t('spaces.sheet.signature')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => {
                      if ('hold' in row)
                        return (
                          <tr>
                            <td>{`${clock(row.hold.start)} – ${clock(row.hold.end)}`}</td>
                            <td>{resourceName(row.hold.resourceId)}</td>
                            <td>
                              <HoldCells t={t} hold={row.hold} />
                            </td>
                            <td>—</td>
                            <td />
                          </tr>
                        );
                      const b = row.booking;
                      return (
                      <tr>
                        <td>{`${clock(b.start)} – ${clock(b.end)}`}</td>
                        <td>
                          {resourceName(b.resourceId)}
                          {many(b.resourceId) && ` — ${t('spaces.board.seat', { n: b.unit })}`}
                        </td>
                        <td>
                          {b.householdName ?? t('spaces.board.otherHousehold')}
                          {b.status !== 'confirmed' && ` (${t(`spaces.status.${b.status}`)})`}
                        </td>
                        <td>{b.checkedIn ? t('spaces.board.checkedIn') : '☐'}</td>
                        <td class="sign" />
                      </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {board.closures.length > 0 && (
              <ul>
                {board.closures.map((x) => (
                  <li>{t('spaces.sheet.closure', { from: clock(x.start), to: clock(x.end), reason: x.reason })}</li>
                ))}
              </ul>
            )}
          </div>
        </Layout>,
      );
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });
}
