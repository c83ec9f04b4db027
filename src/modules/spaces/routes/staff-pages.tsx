import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { authorize } from '../../../platform/access/authorize.js';
import { addDays, isLocalDate, parisInstant, parisParts } from '../domain/paris-time.js';
import type { Suggestion } from '../errors.js';
import { bookingChoices, dayAvailability, defaultMinutes } from '../queries/availability.js';
import { spaceBoard } from '../queries/space-board.js';
import { staffSpaces, withStaffSpace } from '../queries/staff-space.js';
import { AvailabilityGrid } from '../views/availability-grid.js';
import { BlockForm, type BlockValues } from '../views/block-form.js';
import { BoardTable } from '../views/board.js';
import { BookingForm, type BookingFormValues } from '../views/booking-form.js';
import { DayPicker } from '../views/day-picker.js';
import { StaffLinks } from '../views/staff-links.js';
import { clock } from '../views/format.js';
import { pageForRefusal } from './respond.js';
import { overdueKeys } from '../queries/keys.js';
import { BoardExtras } from '../views/board-extras.js';


export type BoardState = { booking?: BookingFormValues; bookingErrors?: Record<string, string>; suggestions?: Suggestion[]; block?: BlockValues; blockErrors?: Record<string, string>; problem?: string; notice?: string };

/** The staff board of a space for a day: bookings, free slots, booking at the counter, blocking slots. */
export async function renderBoard(c: Context<AppEnv>, date: string, state: BoardState, status: 200 | 409 | 422) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const locale = c.get('locale');
  const now = new Date();
  const today = parisParts(now).date;
  const { space, board, day, choices, overdue } = await withStaffSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', async (tx, space) => ({
    space,
    board: await spaceBoard(tx, space, date),
    day: await dayAvailability(tx, space, date, now, true),
    choices: await bookingChoices(tx, space, date),
    overdue: await overdueKeys(tx, space.id, now),
  }));
  const base = `/staff/spaces/${space.id}`;
  const q = c.req.query();
  const notice = state.notice ?? (q.booked ? t('spaces.board.booked') : q.seriesCancelled ? t('spaces.series.cancelledByStaff', { count: Number(q.seriesCancelled) || 0 }) : q.blocked ? t('spaces.board.blocked', { count: Number(q.blocked) || 0 }) : q.done && ['cancel', 'approve', 'refuse', 'checkin', 'move'].includes(q.done) ? t(`spaces.board.done.${q.done}`) : null);
  // A refused form may carry a date that is not one: show the board's day instead (the field error says what was wrong).
  if (state.booking && !isLocalDate(state.booking.date)) state.booking = { ...state.booking, date };
  const booking = state.booking ?? { resourceId: choices.resources[0]?.id ?? '', date, start: '', minutes: String(defaultMinutes(space)), purpose: '', householdId: '', idempotencyKey: randomUUID() };
  c.status(status);
  return c.html(
    <Layout c={c} title={space.name}>
      <h1>{space.name}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {state.problem && (
        <div class="summary" role="alert">
          <p>{state.problem}</p>
        </div>
      )}
      {authorize(actor, 'spaces.support') === 'allow' && space.kind === 'coworking' && (
        <p>
          <a href={`${base}/support`}>{t('spaces.support.title')}</a>
        </p>
      )}
      <BoardExtras t={t} locale={locale} space={space} configure={authorize(actor, 'spaces.configure') === 'allow'} overdue={overdue} />
      <DayPicker t={t} locale={locale} base={base} date={date} today={today} />
      <p>
        <a href={`${base}/sheet?date=${date}`}>{t('spaces.sheet.link')}</a>
      </p>
      <h2>{t('spaces.board.bookings')}</h2>
      <BoardTable t={t} locale={locale} csrf={c.get('csrf')} board={board} date={date} spaceId={space.id} />
      {board.closures.length > 0 && (
        <>
          <h2>{t('spaces.board.closures')}</h2>
          <ul>
            {board.closures.map((cl) => (
              <li>{t('spaces.board.closureItem', { from: clock(cl.start), to: clock(cl.end), reason: cl.reason, what: cl.resourceId ? (board.resources.find((r) => r.id === cl.resourceId)?.name ?? '') : t('spaces.block.wholeSpace') })}</li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('spaces.board.free')}</h2>
      <AvailabilityGrid t={t} locale={locale} day={day} bookHref={(r, s) => `${base}?date=${date}&resource=${r}&start=${s}#counter`} />
      <h2 id="counter">{t('spaces.board.counter')}</h2>
      <BookingForm
        t={t}
        locale={locale}
        csrf={c.get('csrf')}
        action={`${base}/bookings`}
        resources={choices.resources}
        starts={choices.starts}
        durations={choices.durations}
        values={{ ...booking, resourceId: c.req.query('resource') ?? booking.resourceId, start: c.req.query('start') ?? booking.start }}
        errors={state.bookingErrors ?? {}}
        suggestions={state.suggestions ?? []}
        suggestionHref={(s) => `${base}?date=${s.date}&resource=${s.resourceId}&start=${s.start}#counter`}
        households={board.households}
        houseRules={space.houseRules.trim() !== ''}
        houseRulesLabel={t('spaces.houseRules.acceptCounter')}
        submitLabel={t('spaces.board.bookFor')}
      />
      <h2>{t('spaces.block.title')}</h2>
      <BlockForm t={t} csrf={c.get('csrf')} action={`${base}/closures`} date={date} resources={choices.resources} values={state.block ?? { resourceId: '', from: '', to: '', reason: '' }} errors={state.blockErrors ?? {}} />
    </Layout>,
  );
}

/** The staff side: the spaces they run and each space's day board. */
export function registerStaffPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/staff/spaces', 'spaces.board', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const today = parisParts(new Date()).date;
    const spaces = await staffSpaces(c.get('services').database.db, actor, parisInstant(today, 0), parisInstant(addDays(today, 1), 0));
    const configure = authorize(actor, 'spaces.configure') === 'allow';
    return c.html(
      <Layout c={c} title={t('spaces.staff.title')}>
        <h1>{t('spaces.staff.title')}</h1>
        <StaffLinks t={t} configure={configure} report={authorize(actor, 'spaces.report') === 'allow'} />
        {spaces.length === 0 ? (
          <p>{t('spaces.staff.empty')}</p>
        ) : (
          <TableWrap label={t('spaces.staff.title')}>
            <table>
              <caption>{t('spaces.staff.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('spaces.staff.name')}</th>
                  <th scope="col">{t('spaces.staff.kind')}</th>
                  <th scope="col">{t('spaces.staff.today')}</th>
                  {configure && <th scope="col">{t('spaces.staff.settings')}</th>}
                </tr>
              </thead>
              <tbody>
                {spaces.map((s) => (
                  <tr>
                    <td>
                      <a href={`/staff/spaces/${s.id}`}>{s.name}</a>
                    </td>
                    <td>{t(`spaces.kind.${s.kind}`)}</td>
                    <td>{s.today}</td>
                    {configure && (
                      <td>
                        <a href={`/staff/spaces/${s.id}/settings`} aria-label={t('spaces.staff.settingsLabel', { name: s.name })}>
                          {t('spaces.staff.settings')}
                        </a>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Layout>,
    );
  });

  route(app, 'GET', `/staff/spaces/:id`, 'spaces.board', async (c) => {
    const asked = c.req.query('date') ?? '';
    const date = isLocalDate(asked) ? asked : parisParts(new Date()).date;
    try {
      return await renderBoard(c, date, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

}
