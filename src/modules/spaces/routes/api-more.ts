import type { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { cancelSeries } from '../commands/cancel-series.js';
import { addClosureDays } from '../commands/closures.js';
import { recordSupport } from '../commands/record-support.js';
import { answerOffer, joinWaitlist, leaveWaitlist } from '../commands/waitlist.js';
import { closureDaysInput } from '../config-schemas.js';
import { allResources } from '../db/config-db.js';
import { listClosures, listHours, resourceHours } from '../db/spaces-db.js';
import { effectiveRules } from '../domain/resource-rules.js';
import { parisParts } from '../domain/paris-time.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { occupancy, periodOf } from '../queries/occupancy.js';
import { myWaitlist } from '../queries/resident-spaces.js';
import { supportLog } from '../queries/support-log.js';
import { bookingInput } from '../schemas.js';
import { SUPPORT_OUTCOMES, SUPPORT_TOPICS, supportInput } from '../support-schemas.js';
import { answer, db, param } from './api.js';
import { ApiBookingBody } from './api-schemas.js';
import { issuesToErrors } from './respond.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Rules = z.object({ slotMinutes: z.number(), minMinutes: z.number(), maxMinutes: z.number(), horizonDays: z.number(), noticeMinutes: z.number(), cancelNoticeMinutes: z.number(), weeklyQuotaMinutes: z.number().nullable(), weeklyQuotaBookings: z.number().nullable(), monthlyQuotaMinutes: z.number().nullable(), monthlyQuotaBookings: z.number().nullable(), bufferMinutes: z.number(), holidaysClosed: z.boolean() });
const Hours = z.array(z.object({ weekday: z.number().int(), opens: z.number().int().describe('Minutes after midnight, Paris'), closes: z.number().int() }));

const ApiConfig = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  approvalRequired: z.boolean(),
  publicCalendar: z.boolean(),
  checkinGraceMinutes: z.number().int().nullable().describe('Unclaimed bookings released after this; null: never'),
  noShowLimit: z.number().int().nullable().describe('No-shows in 30 days that stop online booking; null: no limit'),
  offerMinutes: z.number().int().describe('Time to accept a waiting-list offer'),
  rules: Rules,
  hours: Hours,
  resources: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      name: z.string(),
      units: z.number().int(),
      peopleCapacity: z.number().int().nullable(),
      active: z.boolean(),
      rules: Rules.describe('Effective: the space’s with the resource’s own values in their place'),
      approvalRequired: z.boolean(),
      ownHours: Hours.nullable(),
    }),
  ),
  closures: z.array(z.object({ id: z.string(), resourceId: z.string().nullable(), start: z.string(), end: z.string(), reason: z.string() })),
});

const ApiOccupancy = z.object({
  period: z.object({ kind: z.enum(['week', 'month']), from: z.string(), to: z.string().describe('Exclusive') }),
  data: z.array(
    z.object({
      spaceId: z.string(),
      name: z.string(),
      kind: z.string(),
      openHours: z.number().describe('Hours open × places'),
      bookedHours: z.number(),
      rate: z.number().nullable().describe('Percent'),
      households: z.number().int(),
      bookings: z.number().int(),
      noShows: z.number().int(),
      noShowRate: z.number().nullable(),
      purposes: z.record(z.string(), z.number()),
    }),
  ),
});

const ApiWaiting = z.object({
  id: z.string(),
  space: z.string(),
  resource: z.string(),
  start: z.string(),
  end: z.string(),
  status: z.enum(['waiting', 'offered']).describe('offered: a place came free and is held for the household until offerExpiresAt'),
  position: z.number().int().nullable().describe('1 = first in line; null once offered'),
  offerBookingId: z.string().nullable().describe('The offered booking, for …/bookings/{id}/accept|decline'),
  offerExpiresAt: z.string().nullable(),
});

const ApiSupportEntry = z.object({ id: z.string(), heldOn: z.string(), householdName: z.string().nullable(), anonymous: z.boolean(), minutes: z.number().int(), topic: z.string(), outcome: z.string().nullable() });

/** More of /api/v1/spaces: series cancellation, waiting lists, the manager's configuration and report, the support log. */
export function registerSpacesApiMore(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/bookings/:id/cancel-series', permission: 'spaces.resident', tag: 'spaces', summary: 'Cancel the whole series a booking belongs to', description: 'Cancels the series’ dates still outside the cancellation notice; the others are kept and counted. 409 when the booking is not in a series or nothing can be cancelled. One notice per household; freed places go to the waiting list.', response: z.object({ cancelled: z.number().int(), kept: z.number().int() }) },
    (c) =>
      answer(c, async (actor) => {
        const r = await cancelSeries(db(c), actor, param(c, 'id'), 'self');
        deliverSoon(c.get('services'));
        return c.json(r);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/spaces/waitlist',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'The household’s places on waiting lists',
      description: 'Slots still to come the household queues for, soonest first, with its rank; and the places already offered to it and still open (status "offered", the booking to accept or decline and its deadline).',
      response: z.object({ data: z.array(ApiWaiting) }),
    },
    (c) =>
      answer(c, async (actor) => {
        const rows = await myWaitlist(db(c), actor, new Date(), { withOffers: true });
        return c.json({
          data: rows.map((w) =>
            ApiWaiting.parse({ id: w.id, space: w.spaceName, resource: w.resourceName, start: w.start.toISOString(), end: w.end.toISOString(), status: w.offer ? 'offered' : 'waiting', position: w.offer ? null : w.position, offerBookingId: w.offer?.bookingId ?? null, offerExpiresAt: w.offer?.expiresAt.toISOString() ?? null }),
          ),
        });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/waitlist',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'Queue for a full slot',
      description:
        'The command of the booking page’s “join the waiting list”. Only a full slot: a free one is 409 spaces.error.notFull (book it instead), already queued 409 spaces.error.alreadyWaiting; a rule broken (past, hours, holiday, horizon, quota) or a bad value 422 with field messages in the caller’s language. When a place comes free the first in line is offered it, held until the space’s offer time runs out, and told; accept or decline with POST /api/v1/spaces/bookings/{id}/accept|decline. Another organisation’s space: 404; a space not serving the caller’s residence: 403.',
      body: ApiBookingBody,
      response: z.object({ id: z.string().describe('The place in line (for …/waitlist/{id}/leave)') }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = bookingInput.safeParse(body);
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const id = await joinWaitlist(db(c), actor, param(c, 'id'), parsed.data);
        return c.json({ id }, 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/waitlist/:id/leave', permission: 'spaces.resident', tag: 'spaces', summary: 'Leave a waiting list', description: 'Another household’s place, or one no longer waiting (offered, left, expired): 404.', response: z.object({ status: z.literal('left') }) },
    (c) =>
      answer(c, async (actor) => {
        await leaveWaitlist(db(c), actor, param(c, 'id'));
        return c.json({ status: 'left' as const });
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/bookings/:id/accept', permission: 'spaces.resident', tag: 'spaces', summary: 'Accept a place offered from a waiting list', description: 'The offered booking becomes a confirmed booking (201); the household is told. After the offer ran out, or for a booking not offered: 409 spaces.error.offerGone. Another household’s booking: 404.', response: z.object({ id: z.string(), status: z.literal('confirmed') }) },
    (c) =>
      answer(c, async (actor) => {
        await answerOffer(db(c), actor, param(c, 'id'), 'accept');
        deliverSoon(c.get('services'));
        return c.json({ id: param(c, 'id'), status: 'confirmed' as const }, 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/bookings/:id/decline', permission: 'spaces.resident', tag: 'spaces', summary: 'Decline a place offered from a waiting list', description: 'The place goes at once to the next in line (who is told). After the offer ran out, or for a booking not offered: 409 spaces.error.offerGone. Another household’s booking: 404.', response: z.object({ status: z.literal('cancelled') }) },
    (c) =>
      answer(c, async (actor) => {
        await answerOffer(db(c), actor, param(c, 'id'), 'decline');
        deliverSoon(c.get('services'));
        return c.json({ status: 'cancelled' as const });
      }),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/:id/configuration', permission: 'spaces.configure', tag: 'spaces', summary: 'A space’s configuration', description: 'Rules, opening hours, check-in settings, resources with their effective rules and own hours, and the closures ahead.', response: ApiConfig },
    (c) =>
      answer(c, async (actor) => {
        const now = new Date();
        const out = await withSpaceFor(db(c), actor, PERMISSIONS.configure, param(c, 'id'), async (tx, space) => {
          const [hours, resources, closures] = await Promise.all([listHours(tx, space.id), allResources(tx, space.id), listClosures(tx, space.id, now, new Date(now.getTime() + 400 * 86_400_000))]);
          const res = [];
          for (const r of resources) {
            const own = r.ownHours ? await resourceHours(tx, space.id, r.id) : null;
            const approval = r.overrides.approvalRequired;
            res.push({ ...r, rules: effectiveRules(space.rules, r.overrides), approvalRequired: approval === null || approval === undefined ? space.approvalRequired : approval, ownHours: own });
          }
          return { ...space, hours, resources: res, closures: closures.map((x) => ({ id: x.id, resourceId: x.resourceId, start: x.start.toISOString(), end: x.end.toISOString(), reason: x.reason })) };
        });
        return c.json(ApiConfig.parse(out));
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/closures',
      permission: 'spaces.configure',
      tag: 'spaces',
      summary: 'Close a space (or one resource) for whole days',
      description: 'Nobody may book those days afterwards; bookings already there are kept and flagged (their count is answered). Audited.',
      body: z.object({ resourceId: z.string().optional(), fromDate: day, toDate: day.describe('Included'), reason: z.string().describe('Residents see it') }),
      response: z.object({ id: z.string(), affected: z.number().int() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = closureDaysInput.safeParse({ ...(body as object), resourceId: (body as { resourceId?: string }).resourceId ?? '' });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const r = await addClosureDays(db(c), actor, param(c, 'id'), parsed.data);
        return c.json({ id: r.closureId, affected: r.affected }, 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/spaces/occupancy',
      permission: 'spaces.report',
      tag: 'spaces',
      summary: 'Occupancy per space over a week or a month',
      description: 'Hours open × places, hours booked, rate, distinct households, bookings, no-show rate, purposes. Counts only, never names.',
      query: z.object({ period: z.enum(['week', 'month']).optional().describe('Default: week'), date: day.optional().describe('A day of the period; default today') }),
      response: ApiOccupancy,
    },
    (c, { query }) =>
      answer(c, async (actor) => {
        const period = periodOf(query.period ?? 'week', query.date ?? parisParts(new Date()).date);
        const data = await occupancy(db(c), actor, period);
        return c.json(ApiOccupancy.parse({ period, data }));
      }),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/:id/support', permission: 'spaces.support', tag: 'spaces', summary: 'A coworking’s support log', description: 'The latest 100 sessions: when, who (or anonymous), how long, topic, outcome. Reading it is audited.', response: z.object({ data: z.array(ApiSupportEntry) }) },
    (c) =>
      answer(c, async (actor) => {
        const log = await supportLog(db(c), actor, param(c, 'id'));
        return c.json({ data: log.entries.map((e) => ApiSupportEntry.parse(e)) });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/support',
      permission: 'spaces.support',
      tag: 'spaces',
      summary: 'Record a support session',
      description: 'Minimal data by design: a household of the residence or none (anonymous), the day (not ahead, within a year), minutes, a topic and an outcome from fixed lists. No free text.',
      body: z.object({ householdId: z.string().nullable().optional(), heldOn: day, minutes: z.number().int(), topic: z.enum(SUPPORT_TOPICS), outcome: z.enum(SUPPORT_OUTCOMES).nullable().optional() }),
      response: z.object({ id: z.string() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const b = body as Record<string, unknown>;
        const parsed = supportInput.safeParse({ ...b, householdId: b.householdId ?? '', outcome: b.outcome ?? '' });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const id = await recordSupport(db(c), actor, param(c, 'id'), parsed.data);
        return c.json({ id }, 201);
      }),
  );
}
