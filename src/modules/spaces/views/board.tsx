import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ActivityHold } from '../db/activity-holds-db.js';
import type { Board, BoardBooking } from '../queries/space-board.js';
import { CancelSeriesButton } from './cancel-series-button.js';
import { clock, dayLabel } from './format.js';

/** The day's bookings and activity holds of a space, in time order (a hold is no booking: no household, no action). */
export function dayRows(board: Pick<Board, 'bookings' | 'holds'>, keep: (b: BoardBooking) => boolean = () => true): ({ booking: BoardBooking } | { hold: ActivityHold })[] {
  const rows: { start: Date; row: { booking: BoardBooking } | { hold: ActivityHold } }[] = [...board.bookings.filter(keep).map((b) => ({ start: b.start, row: { booking: b } })), ...board.holds.map((h) => ({ start: h.start, row: { hold: h } }))];
  return rows.sort((a, b) => a.start.getTime() - b.start.getTime()).map((r) => r.row);
}

/** A community activity holding a resource, on the board and the day sheet: its title, marked as an activity, no household. */
export function HoldCells(p: { t: Translate; hold: ActivityHold }) {
  return (
    <>
      <strong>{p.t('spaces.cell.activity', { title: p.hold.title })}</strong>
      <span class="hint">{p.t('spaces.board.holdHint')}</span>
    </>
  );
}

/** The day's bookings of a space for the staff: who, when, which seat, status, and what they may do. */
export function BoardTable(p: { t: Translate; locale: Locale; csrf: string; board: Board; date: string; spaceId: string }) {
  const { t, board } = p;
  const caption = t('spaces.board.caption', { day: dayLabel(p.date, p.locale) });
  if (board.bookings.length === 0 && board.holds.length === 0) return <p>{t('spaces.board.empty')}</p>;
  const resourceName = (id: string) => board.resources.find((r) => r.id === id)?.name ?? t('spaces.board.retiredResource');
  const back = `?date=${p.date}`;
  const now = new Date();
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('spaces.board.time')}</th>
            <th scope="col">{t('spaces.board.household')}</th>
            <th scope="col">{t('spaces.board.place')}</th>
            <th scope="col">{t('spaces.board.status')}</th>
            <th scope="col">{t('spaces.board.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {dayRows(board).map((row) => {
            if ('hold' in row)
              return (
                <tr class="activity-hold">
                  <td>{`${clock(row.hold.start)} – ${clock(row.hold.end)}`}</td>
                  <td>
                    <HoldCells t={t} hold={row.hold} />
                  </td>
                  <td>{resourceName(row.hold.resourceId)}</td>
                  <td>{t('spaces.board.holdStatus')}</td>
                  <td />
                </tr>
              );
            const b = row.booking;
            const who = b.householdName ?? t('spaces.board.otherHousehold');
            const when = `${clock(b.start)} – ${clock(b.end)}`;
            const active = b.status === 'confirmed' || b.status === 'pending';
            return (
              <tr>
                <td>{when}</td>
                <td>
                  {who}
                  {b.assisted && <span class="hint">{t('spaces.board.assisted')}</span>}
                </td>
                <td>
                  {resourceName(b.resourceId)}
                  {board.resources.find((r) => r.id === b.resourceId && r.units > 1) && <span class="hint">{t('spaces.board.seat', { n: b.unit })}</span>}
                  <span class="hint">{t(`spaces.purpose.${b.purpose}`)}</span>
                </td>
                <td>
                  {t(`spaces.status.${b.status}`)}
                  {b.checkedIn && <span class="hint">{t('spaces.board.checkedIn')}</span>}
                  {b.inClosure && <strong class="error">{t('spaces.board.inClosure')}</strong>}
                  {b.misfit && <strong class="error">{t('spaces.board.misfit', { why: t(b.misfit) })}</strong>}
                </td>
                <td>
                  {b.status === 'pending' && (
                    <>
                      <PostForm action={`/staff/spaces/${p.spaceId}/bookings/${b.id}/approve${back}`} csrf={p.csrf}>
                        <button type="submit" aria-label={t('spaces.board.approveLabel', { who, when })}>
                          {t('spaces.board.approve')}
                        </button>
                      </PostForm>
                      <PostForm action={`/staff/spaces/${p.spaceId}/bookings/${b.id}/refuse${back}`} csrf={p.csrf}>
                        <label for={`f-reason-${b.id}`}>{t('spaces.board.refuseReason')}</label>
                        <input id={`f-reason-${b.id}`} type="text" name="reason" />
                        <button type="submit" aria-label={t('spaces.board.refuseLabel', { who, when })}>
                          {t('spaces.board.refuse')}
                        </button>
                      </PostForm>
                    </>
                  )}
                  {b.status === 'confirmed' && !b.checkedIn && (
                    <PostForm action={`/staff/spaces/${p.spaceId}/bookings/${b.id}/checkin${back}`} csrf={p.csrf}>
                      <button type="submit" aria-label={t('spaces.board.checkInLabel', { who, when })}>
                        {t('spaces.board.checkIn')}
                      </button>
                    </PostForm>
                  )}
                  {active && b.end > now && (
                    <p>
                      <a href={`/staff/spaces/${p.spaceId}/bookings/${b.id}/move`} aria-label={t('spaces.board.moveLabel', { who, when })}>
                        {t('spaces.board.move')}
                      </a>
                    </p>
                  )}
                  {active && (
                    <PostForm action={`/staff/spaces/${p.spaceId}/bookings/${b.id}/cancel${back}`} csrf={p.csrf}>
                      <button type="submit" aria-label={t('spaces.board.cancelLabel', { who, when })}>
                        {t('spaces.board.cancel')}
                      </button>
                    </PostForm>
                  )}
                  {active && b.seriesId && b.start > now && <CancelSeriesButton t={t} csrf={p.csrf} action={`/staff/spaces/${p.spaceId}/bookings/${b.id}/cancel-series${back}`} label={t('spaces.series.cancelForLabel', { who, when })} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
