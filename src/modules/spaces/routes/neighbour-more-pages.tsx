import type { Context, Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { guestOf, withNeighbourSpace } from '../commands/neighbour-booking.js';
import { answerNeighbourOffer, cancelNeighbourSeries, leaveNeighbourWaitlist, moveNeighbourBooking } from '../commands/neighbour-more.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { bookingChoices } from '../queries/availability.js';
import { type MoveTarget, type MoveValues, moveFields, renderMoveForm } from './move-pages.js';
import { issuesToErrors, pageForRefusal, refusalToErrors } from './respond.js';

const BASE = '/spaces/neighbourhood';

/** A refusal of an action from the neighbourhood page (too late, offer gone…): the reason, and the way back. */
export function neighbourRefusal(c: Context<AppEnv>, e: unknown) {
  const page = pageForRefusal(c, e);
  if (page) return page;
  const t = c.get('t');
  const err = e as SpacesError;
  c.status(409);
  return c.html(
    <Layout c={c} title={t('spaces.neighbours.title')}>
      <h1>{t('spaces.neighbours.title')}</h1>
      <p role="alert">{t(err.code, err.values)}</p>
      <p>
        <a href={BASE}>{t('spaces.neighbours.title')}</a>
      </p>
    </Layout>,
  );
}

/**
 * The neighbour's booking to move: found as their household's in their own landlord's context, its space
 * and the day's choices read in the owner's (still open to the neighbourhood, else 404).
 */
const NEIGHBOUR_MOVE: MoveTarget = {
  load: async (c, id, date) => {
    const actor = c.get('actor');
    if (!actor || !/^[0-9a-f-]{36}$/i.test(id)) throw new SpacesError(404, 'error.404.title');
    const { orgId, householdId } = guestOf(actor);
    const db = c.get('services').database.db;
    const mine = await withTenant(db, { orgId }, (tx) =>
      tx
        .selectFrom('space_bookings')
        .select(['id', 'space_id', 'house_rules_version', (e) => e.fn<Date>('lower', ['during']).as('start'), (e) => e.fn<Date>('upper', ['during']).as('end')])
        .where('id', '=', id)
        .where('guest_org_id', '=', orgId)
        .where('household_id', '=', householdId)
        .where('status', 'in', ['pending', 'confirmed'])
        .executeTakeFirst(),
    );
    if (!mine) throw new SpacesError(404, 'error.404.title');
    return withNeighbourSpace(db, actor, mine.space_id, {}, async (tx, space) => {
      const day = date && isLocalDate(date) ? date : parisParts(mine.start).date;
      return { b: mine, space, day, choices: await bookingChoices(tx, space, day) };
    });
  },
  action: (id) => `${BASE}/bookings/${id}/move`,
  backHref: BASE,
  backLabel: 'spaces.neighbours.title',
};

/** Moving a neighbourhood booking, answering a waiting-list offer, leaving a waiting list: the neighbour's side, without JavaScript. */
export function registerNeighbourMorePages(app: Hono<AppEnv>): void {
  route(app, 'GET', `${BASE}/bookings/:bid/move`, 'spaces.resident', async (c) => {
    try {
      return await renderMoveForm(c, c.req.param('bid') ?? '', null, {}, 200, NEIGHBOUR_MOVE);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', `${BASE}/bookings/:bid/move`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const id = c.req.param('bid') ?? '';
    const form = await c.req.parseBody();
    const values: MoveValues = { date: String(form.date ?? ''), start: String(form.start ?? ''), minutes: String(form.minutes ?? ''), acceptRules: form.acceptRules === 'on' ? 'on' : '' };
    try {
      const parsed = moveFields.safeParse(values);
      if (!parsed.success) return await renderMoveForm(c, id, { ...values, date: isLocalDate(values.date) ? values.date : '' }, issuesToErrors(t, parsed.error.issues), 422, NEIGHBOUR_MOVE);
      const moved = await moveNeighbourBooking(c.get('services').database.db, actor, id, parsed.data);
      deliverSoon(c.get('services'));
      return c.redirect(`${BASE}?moved=${moved.status}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      // Refused: nothing changed; the form again with the reason (409 when the slot is taken).
      return renderMoveForm(c, id, values, refusalToErrors(t, err), err.status === 409 ? 409 : 422, NEIGHBOUR_MOVE).catch((again) => pageForRefusal(c, again) ?? c.notFound());
    }
  });

  for (const answer of ['accept', 'decline'] as const) {
    route(app, 'POST', `${BASE}/bookings/:bid/${answer}`, 'spaces.resident', async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      try {
        await answerNeighbourOffer(c.get('services').database.db, actor, c.req.param('bid') ?? '', answer);
        deliverSoon(c.get('services'));
        return c.redirect(`${BASE}?offer=${answer}`, 303);
      } catch (e) {
        return neighbourRefusal(c, e);
      }
    });
  }

  route(app, 'POST', `${BASE}/bookings/:bid/cancel-series`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      const r = await cancelNeighbourSeries(c.get('services').database.db, actor, c.req.param('bid') ?? '');
      deliverSoon(c.get('services'));
      return c.redirect(`${BASE}?seriesCancelled=${r.cancelled}&kept=${r.kept}`, 303);
    } catch (e) {
      return neighbourRefusal(c, e);
    }
  });

  route(app, 'POST', `${BASE}/waitlist/:wid/leave`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      await leaveNeighbourWaitlist(c.get('services').database.db, actor, c.req.param('wid') ?? '');
      return c.redirect(`${BASE}?left=1`, 303);
    } catch (e) {
      return neighbourRefusal(c, e);
    }
  });
}
