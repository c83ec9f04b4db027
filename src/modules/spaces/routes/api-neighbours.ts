import type { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { cancelNeighbourBooking, createNeighbourBooking, myNeighbourBookings, neighbourSpacesFor, withNeighbourSpace } from '../commands/neighbour-booking.js';
import { answerNeighbourOffer, cancelNeighbourSeries, createNeighbourSeries, joinNeighbourWaitlist, leaveNeighbourWaitlist, moveNeighbourBooking, myNeighbourWaitlist } from '../commands/neighbour-more.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { dayAvailability } from '../queries/availability.js';
import { bookingInput, seriesInput } from '../schemas.js';
import { answer, db, moveInput, param } from './api.js';
import { ApiAvailability, ApiBookingBody, ApiCreated, ApiMoveBody, ApiSeriesBody, ApiSeriesCreated } from './api-schemas.js';
import { issuesToErrors } from './respond.js';

const Card = z.object({ id: z.string(), name: z.string(), kind: z.string(), description: z.string(), landlordName: z.string(), residenceName: z.string(), city: z.string() });
const Booking = z.object({ id: z.string(), spaceId: z.string(), space: z.string().nullable().describe('null once the space is no longer open to the neighbourhood'), landlordName: z.string(), start: z.string(), end: z.string(), status: z.string().describe('pending, confirmed, offered (a waiting-list offer to accept before offerExpiresAt), cancelled, refused'), inSeries: z.boolean(), seriesId: z.string().nullable(), offerExpiresAt: z.string().nullable() });
const Waiting = z.object({ id: z.string(), spaceId: z.string(), space: z.string().nullable(), resource: z.string(), landlordName: z.string(), start: z.string(), end: z.string(), position: z.number().int().describe('1 = first in line') });
const UNKNOWN = 'A space that is not open to the caller’s neighbourhood, or whose household does not live in it, answers 404 as if it did not exist.';

/**
 * /api/v1/spaces/neighbourhood: a resident books another landlord's space opened to their
 * neighbourhood (docs/decisions/neighbourhoods.md) with the very commands of `/spaces/neighbourhood`.
 * Registered before the `/api/v1/spaces/:id/…` endpoints.
 */
export function registerSpacesApiNeighbours(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/neighbourhood', permission: 'spaces.resident', tag: 'spaces', summary: 'Other landlords’ spaces open to the caller’s neighbourhood', description: 'Name, kind, description, landlord, residence and city of each; never more of the other landlord.', response: z.object({ data: z.array(Card) }) },
    (c) => answer(c, async (actor) => c.json({ data: (await neighbourSpacesFor(db(c), actor)).map((s) => Card.parse(s)) })),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/neighbourhood/bookings', permission: 'spaces.resident', tag: 'spaces', summary: 'The household’s bookings in the neighbourhood’s spaces', description: 'Upcoming ones, soonest first (at most 100), cancelled and refused included.', response: z.object({ data: z.array(Booking) }) },
    (c) =>
      answer(c, async (actor) => {
        const rows = await myNeighbourBookings(db(c), actor);
        return c.json({ data: rows.map((b) => Booking.parse({ ...b, space: b.spaceName, start: b.start.toISOString(), end: b.end.toISOString(), offerExpiresAt: b.offerExpiresAt?.toISOString() ?? null })) });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/spaces/neighbourhood/:id/availability',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Free and taken slots of a neighbourhood space, for a day or a week',
      description: `As GET /api/v1/spaces/{id}/availability. ${UNKNOWN}`,
      query: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional().describe('First day (default: today, Paris)'), days: z.coerce.number().int().min(1).max(7).default(1).describe('1 (a day) to 7 (a week)') }),
      response: ApiAvailability,
    },
    (c, { query }) =>
      answer(c, async (actor) => {
        const now = new Date();
        const today = parisParts(now).date;
        const from = query.date && query.date >= today ? query.date : today;
        const days = await withNeighbourSpace(db(c), actor, param(c, 'id'), {}, async (tx, space) => {
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
      path: '/api/v1/spaces/neighbourhood/:id/bookings',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Book a neighbourhood space for the caller’s household',
      description: `The same rules, quotas, answers and Idempotency-Key as POST /api/v1/spaces/{id}/bookings; the household is told by its own landlord. ${UNKNOWN}`,
      body: ApiBookingBody,
      response: ApiCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        // The space must exist for this resident before the body is judged (404 otherwise), as on the page.
        await withNeighbourSpace(db(c), actor, param(c, 'id'), {}, async () => null);
        const parsed = bookingInput.safeParse({ ...body, idempotencyKey: c.req.header('idempotency-key') ?? undefined });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const made = await createNeighbourBooking(db(c), actor, param(c, 'id'), parsed.data);
        if (!made.replayed) deliverSoon(c.get('services'));
        return c.json(ApiCreated.parse({ id: made.bookingId, status: made.status, replayed: made.replayed }), made.replayed ? 200 : 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/neighbourhood/waitlist', permission: 'spaces.resident', tag: 'spaces', summary: 'The household’s places on waiting lists of the neighbourhood’s spaces', description: 'Slots still to come the household queues for, soonest first, with its rank in the whole line.', response: z.object({ data: z.array(Waiting) }) },
    (c) =>
      answer(c, async (actor) => {
        const rows = await myNeighbourWaitlist(db(c), actor);
        return c.json({ data: rows.map((w) => Waiting.parse({ ...w, space: w.spaceName, resource: w.resourceName, start: w.start.toISOString(), end: w.end.toISOString() })) });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/neighbourhood/:id/series',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Book the same slot of a neighbourhood space every week',
      description: `As POST /api/v1/spaces/{id}/series: each date checked like a single booking; onConflict "skip" books the other dates and lists the skipped ones, "cancel" books nothing and answers 409 with the conflicting dates. Idempotency-Key as for a booking; the household is told by its own landlord. ${UNKNOWN}`,
      body: ApiSeriesBody,
      response: ApiSeriesCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const t = c.get('t');
        await withNeighbourSpace(db(c), actor, param(c, 'id'), {}, async () => null);
        const parsed = seriesInput.safeParse({ ...body, onConflict: body.onConflict === 'skip' ? 'skip' : 'ask', idempotencyKey: c.req.header('idempotency-key') ?? undefined });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(t, parsed.error.issues));
        const r = await createNeighbourSeries(db(c), actor, param(c, 'id'), parsed.data);
        const reasons = (list: { date: string; code: string; values: Record<string, string | number> }[]) => list.map((x) => ({ date: x.date, reason: t(x.code, x.values) }));
        if (r.kind === 'conflicts') return c.json({ error: 'conflict', code: 'spaces.error.seriesConflicts', message: t('spaces.series.conflictsTitle', { count: r.conflicts.length }), conflicts: reasons(r.conflicts), bookable: r.bookable }, 409);
        if (!r.replayed) deliverSoon(c.get('services'));
        return c.json(ApiSeriesCreated.parse({ seriesId: r.seriesId, status: r.status, bookings: r.bookings, skipped: reasons(r.skipped), replayed: r.replayed }), r.replayed ? 200 : 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/neighbourhood/:id/waitlist',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Queue for a full slot of a neighbourhood space',
      description: `Only a full slot (a free one: 409 spaces.error.notFull; already queued: 409; a rule broken: 422 as for a booking). When a place comes free the first in line is offered it, held until the space's offer time runs out, and told by their own landlord; accept or decline with …/neighbourhood/bookings/{id}/accept|decline. ${UNKNOWN}`,
      body: ApiBookingBody,
      response: z.object({ id: z.string() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        await withNeighbourSpace(db(c), actor, param(c, 'id'), {}, async () => null);
        const parsed = bookingInput.safeParse(body);
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const id = await joinNeighbourWaitlist(db(c), actor, param(c, 'id'), parsed.data);
        return c.json({ id }, 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/neighbourhood/waitlist/:id/leave', permission: 'spaces.resident', tag: 'spaces', summary: 'Leave a waiting list of a neighbourhood space', description: 'Another household’s place, or one no longer waiting: 404.', response: z.object({ status: z.literal('left') }) },
    (c) =>
      answer(c, async (actor) => {
        await leaveNeighbourWaitlist(db(c), actor, param(c, 'id'));
        return c.json({ status: 'left' as const });
      }),
  );

  for (const choice of ['accept', 'decline'] as const) {
    apiEndpoint(
      app,
      {
        method: 'POST',
        path: `/api/v1/spaces/neighbourhood/bookings/:id/${choice}`,
        permission: 'spaces.resident',
        tag: 'spaces',
        summary: choice === 'accept' ? 'Accept a place offered from a neighbourhood waiting list' : 'Decline a place offered from a neighbourhood waiting list',
        description: `${choice === 'accept' ? 'The offer becomes a confirmed booking; the household is told.' : 'The place goes to the next in line.'} After the offer ran out: 409 spaces.error.offerGone. Another household’s booking: 404.`,
        response: z.object({ status: z.enum(['confirmed', 'cancelled']) }),
      },
      (c) =>
        answer(c, async (actor) => {
          await answerNeighbourOffer(db(c), actor, param(c, 'id'), choice);
          deliverSoon(c.get('services'));
          return c.json({ status: choice === 'accept' ? ('confirmed' as const) : ('cancelled' as const) });
        }),
    );
  }

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/neighbourhood/bookings/:id/move',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Move one of the household’s neighbourhood bookings to another slot of the same space',
      description: 'As POST /api/v1/spaces/bookings/{id}/move: one transaction, the new slot checked as a new booking (409 with the reason when taken, 422 for a rule broken) and, if refused, the booking stays as it was. Allowed while it could be cancelled and the space is still open to the neighbourhood (else 404). Answers the new booking; the household is told by its own landlord.',
      body: ApiMoveBody,
      response: ApiCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = moveInput.safeParse(body);
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const moved = await moveNeighbourBooking(db(c), actor, param(c, 'id'), parsed.data);
        deliverSoon(c.get('services'));
        return c.json(ApiCreated.parse({ id: moved.bookingId, status: moved.status, replayed: false }));
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/neighbourhood/bookings/:id/cancel-series', permission: 'spaces.resident', tag: 'spaces', summary: 'Cancel the whole neighbourhood series a booking belongs to', description: 'As POST /api/v1/spaces/bookings/{id}/cancel-series: the dates still outside the cancellation notice are cancelled, the others kept and counted; 409 when the booking is not in a series or nothing can be cancelled. One notice from the household’s own landlord. Another household’s booking: 404.', response: z.object({ cancelled: z.number().int(), kept: z.number().int() }) },
    (c) =>
      answer(c, async (actor) => {
        const r = await cancelNeighbourSeries(db(c), actor, param(c, 'id'));
        deliverSoon(c.get('services'));
        return c.json(r);
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/neighbourhood/bookings/:id/cancel', permission: 'spaces.resident', tag: 'spaces', summary: 'Cancel one of the household’s neighbourhood bookings', description: 'Within the space’s cancellation notice (else 409); the household is told. Another household’s booking: 404.', response: z.object({ status: z.literal('cancelled') }) },
    (c) =>
      answer(c, async (actor) => {
        await cancelNeighbourBooking(db(c), actor, param(c, 'id'));
        deliverSoon(c.get('services'));
        return c.json({ status: 'cancelled' as const });
      }),
  );
}
