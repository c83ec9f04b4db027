import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { checkIn } from '../commands/attendance.js';
import { cancelBooking } from '../commands/cancel-booking.js';
import { createBooking } from '../commands/create-booking.js';
import { createSeries } from '../commands/create-series.js';
import { moveBooking } from '../commands/move-booking.js';
import { listResources, type Space } from '../db/spaces-db.js';
import { approvalOf, rulesOf } from '../domain/resource-rules.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { dayAvailability } from '../queries/availability.js';
import { withResidentSpace } from '../queries/resident-space.js';
import { myBookings, spacesForResident } from '../queries/resident-spaces.js';
import { spaceBoard } from '../queries/space-board.js';
import { requireBookingOfSpace, withStaffSpace } from '../queries/staff-space.js';
import { bookingInput, seriesInput } from '../schemas.js';
import { ApiAvailability, ApiBoard, ApiBookingBody, ApiCreated, ApiMoveBody, ApiMyBooking, ApiSeriesBody, ApiSeriesCreated, ApiSpace } from './api-schemas.js';
import { issuesToErrors } from './respond.js';

export const db = (c: Context<AppEnv>) => c.get('services').database.db;
export const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? '';
// The move's fields, checked with the booking form's own rules (and messages).
export const moveInput = bookingInput.pick({ date: true, start: true, acceptRules: true }).extend({ minutes: bookingInput.shape.minutes.optional(), resourceId: bookingInput.shape.resourceId.optional() });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** A command's refusal in the API's shape: 404/403 as everywhere, 409 with the alternatives, 422 with field messages in the caller's language. */
export async function answer(c: Context<AppEnv>, fn: (actor: Actor) => Promise<Response>): Promise<Response> {
  const actor = c.get('actor');
  if (!actor) return apiError(c, 404, 'not_found');
  try {
    return await fn(actor);
  } catch (e) {
    if (!(e instanceof SpacesError)) throw e;
    const t = c.get('t');
    const message = t(e.code, e.values);
    if (e.status === 404) return apiError(c, 404, 'not_found');
    if (e.status === 403) return c.json({ error: 'forbidden', message }, 403);
    if (e.status === 409) return c.json({ error: 'conflict', code: e.code, message, alternatives: e.suggestions, ...(e.field ? { fields: { [e.field]: message } } : {}) }, 409);
    // The same Idempotency-Key with another request (security finding 7): the error sits at the header.
    if (e.field === 'idempotencyKey') return apiError(c, 422, 'invalid_body', { 'Idempotency-Key': t('spaces.api.keyOtherBody') });
    return apiError(c, 422, 'invalid_body', { [e.field ?? 'start']: message });
  }
}

/** The request's Idempotency-Key header, checked like the form's hidden key (an invalid one is a field error). */
const keyOf = (c: Context<AppEnv>) => c.req.header('idempotency-key') ?? undefined;

function spaceOut(s: Space, resources: Awaited<ReturnType<typeof listResources>>) {
  const withRules = resources.map((r) => ({ ...r, rules: rulesOf(s, r), approvalRequired: approvalOf(s, r) }));
  return ApiSpace.parse({ ...s, houseRules: s.houseRules.trim() === '' ? null : s.houseRules, resources: withRules });
}

/** /api/v1/spaces: the same commands and checks as the pages (one booking path), for a resident's app and the staff's tools. */
export function registerSpacesApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces', permission: 'spaces.resident', tag: 'spaces', summary: 'The spaces the caller may book', description: 'The open spaces serving the caller’s residence, with their resources and booking rules.', response: z.object({ data: z.array(ApiSpace) }) },
    (c) =>
      answer(c, async (actor) => {
        const spaces = await spacesForResident(db(c), actor);
        const data = [];
        for (const s of spaces) data.push(await withResidentSpace(db(c), actor, s.id, async (tx) => spaceOut(s, await listResources(tx, s.id))));
        return c.json({ data });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/spaces/:id/availability',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Free and taken slots of a space, for a day or a week',
      description: 'One row per slot, one cell per resource, as on the availability page. Another organisation’s space: 404; a space not serving the caller’s residence: 403.',
      query: z.object({ date: day.optional().describe('First day (default: today, Paris)'), days: z.coerce.number().int().min(1).max(7).default(1).describe('1 (a day) to 7 (a week)') }),
      response: ApiAvailability,
    },
    (c, { query }) =>
      answer(c, async (actor) => {
        const now = new Date();
        const today = parisParts(now).date;
        const from = query.date && query.date >= today ? query.date : today;
        const days = await withResidentSpace(db(c), actor, param(c, 'id'), async (tx, space) => {
          const out = [];
          for (let i = 0; i < query.days; i++) out.push(await dayAvailability(tx, space, addDays(from, i), now, false));
          return out;
        });
        return c.json(ApiAvailability.parse({ days: days.map((d) => ({ date: d.date, holiday: d.holiday, slots: d.rows.map((r) => ({ start: r.start, end: r.end, resources: r.cells })) })) }));
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/bookings',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Book a slot for the caller’s household',
      description:
        'Send an Idempotency-Key header (8–100 letters, digits, - or _): the same request again — even while the first is being booked — answers 200 with the first booking (replayed: true); the same key with another request (space, resource, date, start, length or purpose) is 422 at Idempotency-Key. 201 created ("pending" where approval is required). 409 (error "conflict") when the slot is taken, with up to three alternatives; 422 (error "invalid_body") with field messages for a rule broken (hours, holiday, horizon, quota, house rules not accepted).',
      body: ApiBookingBody,
      response: ApiCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = bookingInput.safeParse({ ...body, idempotencyKey: keyOf(c) });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const made = await createBooking(db(c), actor, param(c, 'id'), parsed.data, 'self');
        if (!made.replayed) deliverSoon(c.get('services'));
        return c.json(ApiCreated.parse({ id: made.bookingId, status: made.status, replayed: made.replayed }), made.replayed ? 200 : 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/series',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Book the same slot every week',
      description:
        'Each date is checked like a single booking. onConflict "skip" books the other dates and lists the skipped ones; "cancel" books nothing when any date fails and answers 409 with the conflicting dates. Idempotency-Key as for a booking.',
      body: ApiSeriesBody,
      response: ApiSeriesCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const t = c.get('t');
        const parsed = seriesInput.safeParse({ ...body, onConflict: body.onConflict === 'skip' ? 'skip' : 'ask', idempotencyKey: keyOf(c) });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(t, parsed.error.issues));
        const r = await createSeries(db(c), actor, param(c, 'id'), parsed.data, 'self');
        const reasons = (list: { date: string; code: string; values: Record<string, string | number> }[]) => list.map((x) => ({ date: x.date, reason: t(x.code, x.values) }));
        if (r.kind === 'conflicts') return c.json({ error: 'conflict', code: 'spaces.error.seriesConflicts', message: t('spaces.series.conflictsTitle', { count: r.conflicts.length }), conflicts: reasons(r.conflicts), bookable: r.bookable }, 409);
        if (!r.replayed) deliverSoon(c.get('services'));
        return c.json(ApiSeriesCreated.parse({ seriesId: r.seriesId, status: r.status, bookings: r.bookings, skipped: reasons(r.skipped), replayed: r.replayed }), r.replayed ? 200 : 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/bookings', permission: 'spaces.resident', tag: 'spaces', summary: 'The caller’s household’s bookings', description: 'From a week ago on, soonest first (at most 100).', response: z.object({ data: z.array(ApiMyBooking) }) },
    (c) =>
      answer(c, async (actor) => {
        const rows = await myBookings(db(c), actor);
        const data = rows.map((b) => ApiMyBooking.parse({ ...b, space: b.spaceName, resource: b.resourceName, start: b.start.toISOString(), end: b.end.toISOString(), offerExpiresAt: b.offerExpiresAt?.toISOString() ?? null }));
        return c.json({ data });
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/bookings/:id/cancel', permission: 'spaces.resident', tag: 'spaces', summary: 'Cancel one of the household’s bookings', description: 'Within the space’s cancellation notice (else 409). The freed slot goes to the waiting list. Another household’s booking: 404.', response: z.object({ status: z.literal('cancelled') }) },
    (c) =>
      answer(c, async (actor) => {
        await cancelBooking(db(c), actor, param(c, 'id'), 'self');
        deliverSoon(c.get('services'));
        return c.json({ status: 'cancelled' as const });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/bookings/:id/move',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Move one of the household’s bookings to another slot of the same space',
      description: 'One transaction: the new slot is checked as a new booking (409 with the reason when taken, 422 for a rule broken) and, if refused, the booking stays as it was. Allowed while it could be cancelled. Answers the new booking.',
      body: ApiMoveBody,
      response: ApiCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = moveInput.safeParse(body);
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const moved = await moveBooking(db(c), actor, param(c, 'id'), parsed.data);
        deliverSoon(c.get('services'));
        return c.json(ApiCreated.parse({ id: moved.bookingId, status: moved.status, replayed: false }));
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/spaces/:id/board',
      permission: 'spaces.board',
      tag: 'spaces',
      summary: 'A space’s day for the staff',
      description: 'Every booking of the day (cancelled ones too) with the household, check-ins and flags, and the closures. Spaces of residences outside the caller’s scope: 403.',
      query: z.object({ date: day.optional().describe('Default: today, Paris') }),
      response: ApiBoard,
    },
    (c, { query }) =>
      answer(c, async (actor) => {
        const date = query.date ?? parisParts(new Date()).date;
        const board = await withStaffSpace(db(c), actor, param(c, 'id'), (tx, space) => spaceBoard(tx, space, date));
        return c.json(
          ApiBoard.parse({
            date,
            resources: board.resources,
            bookings: board.bookings.map((b) => ({ ...b, household: { id: b.householdId, name: b.householdName }, start: b.start.toISOString(), end: b.end.toISOString(), flagged: b.inClosure || b.misfit !== null })),
            closures: board.closures.map((x) => ({ resourceId: x.resourceId, start: x.start.toISOString(), end: x.end.toISOString(), reason: x.reason })),
            households: board.households,
          }),
        );
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/:id/bookings/:bookingId/check-in', permission: 'spaces.board', tag: 'spaces', summary: 'Record that the person came', description: 'From half an hour before the start to the end (else 409). Checking in twice changes nothing.', response: z.object({ status: z.literal('checked_in') }) },
    (c) =>
      answer(c, async (actor) => {
        await requireBookingOfSpace(db(c), actor, param(c, 'id'), param(c, 'bookingId'));
        await checkIn(db(c), actor, param(c, 'bookingId'));
        return c.json({ status: 'checked_in' as const });
      }),
  );
}
