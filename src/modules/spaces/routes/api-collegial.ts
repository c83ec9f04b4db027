import type { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { allocatePlots } from '../commands/garden-allocate.js';
import { applyForPlot } from '../commands/garden-seasons.js';
import { handOverKey, returnKey } from '../commands/key-handover.js';
import { stewardDecide } from '../commands/steward-decide.js';
import { residentGarden, staffGarden } from '../queries/garden.js';
import { stewardedSpaces, stewardRoom } from '../queries/steward-requests.js';
import { answer, db, param } from './api.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const Season = z.object({ id: z.string(), name: z.string(), garden: z.string(), startsOn: z.string(), endsOn: z.string(), allocation: z.enum(['first_come', 'draw']), drawSeed: z.string().nullable().describe('Stored so the draw can be replayed'), drawnAt: z.string().nullable() });
const Request = z.object({ id: z.string(), householdName: z.string(), resource: z.string(), start: z.string(), end: z.string(), purpose: z.string(), status: z.string() });
const Key = z.object({ id: z.string(), bookingId: z.string(), handedTo: z.string(), handedAt: z.string(), dueAt: z.string(), returnedAt: z.string().nullable(), overdue: z.boolean() });

/** /api/v1/spaces for collegial management: stewards' rooms and decisions, key hand-overs, garden plots. Same commands as the pages. */
export function registerSpacesApiCollegial(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/stewarding', permission: 'spaces.resident', tag: 'spaces', summary: 'The spaces the caller stewards', description: 'With the number of requests waiting for a decision. Empty for a resident who stewards nothing.', response: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), pending: z.number().int() })) }) },
    (c) => answer(c, async (actor) => c.json({ data: await stewardedSpaces(db(c), actor) })),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/stewarding/:id', permission: 'spaces.resident', tag: 'spaces', summary: 'A stewarded room: requests and keys', description: 'Pending requests, upcoming bookings and keys out. A resident who is not steward of this room: 404.', response: z.object({ pending: z.array(Request), upcoming: z.array(Request), keys: z.array(Key) }) },
    (c) =>
      answer(c, async (actor) => {
        const r = await stewardRoom(db(c), actor, param(c, 'id'));
        const req = (x: (typeof r.pending)[number]) => Request.parse({ ...x, start: x.start.toISOString(), end: x.end.toISOString() });
        return c.json({ pending: r.pending.map(req), upcoming: r.upcoming.map(req), keys: r.keys.map((k) => Key.parse({ ...k, handedAt: k.handedAt.toISOString(), dueAt: k.dueAt.toISOString(), returnedAt: iso(k.returnedAt) })) });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/stewarding/:id/bookings/:bookingId/decision',
      permission: 'spaces.resident',
      tag: 'spaces',
      summary: 'A steward approves or refuses a request',
      description: 'A refusal needs its reason (422 otherwise). Never the steward’s own household’s request (409). The requester is told; a refused slot goes to the waiting list.',
      body: z.object({ decision: z.enum(['approve', 'refuse']), reason: z.string().optional() }),
      response: z.object({ status: z.enum(['confirmed', 'refused']) }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const b = body as { decision?: string; reason?: string };
        if (b.decision !== 'approve' && b.decision !== 'refuse') return apiError(c, 422, 'invalid_body', { decision: c.get('t')('spaces.error.choose') });
        await stewardDecide(db(c), actor, param(c, 'id'), param(c, 'bookingId'), b.decision, b.reason ?? '');
        deliverSoon(c.get('services'));
        return c.json({ status: b.decision === 'approve' ? ('confirmed' as const) : ('refused' as const) });
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/:id/keys', permission: 'spaces.board', tag: 'spaces', summary: 'Record a key handed over for a booking', description: 'Staff of the residence. Due back at the booking’s end; one key out per booking (409).', body: z.object({ bookingId: z.string(), handedTo: z.string().describe('A name, 100 characters at most') }), response: z.object({ id: z.string() }) },
    (c, { body }) =>
      answer(c, async (actor) => {
        const b = body as { bookingId?: string; handedTo?: string };
        const id = await handOverKey(db(c), actor, param(c, 'id'), String(b.bookingId ?? ''), String(b.handedTo ?? ''));
        return c.json({ id }, 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/:id/keys/:keyId/return', permission: 'spaces.board', tag: 'spaces', summary: 'Record a key given back', description: 'Once (409 the second time).', response: z.object({ status: z.literal('returned') }) },
    (c) =>
      answer(c, async (actor) => {
        await returnKey(db(c), actor, param(c, 'id'), param(c, 'keyId'));
        return c.json({ status: 'returned' as const });
      }),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/garden', permission: 'spaces.resident', tag: 'spaces', summary: 'The household’s garden plots', description: 'Plots held in current seasons, renewals offered, seasons open to apply with the household’s status and rank.', response: z.object({ plots: z.array(Season.extend({ plot: z.string() })), offers: z.array(Season.extend({ applicationId: z.string(), plot: z.string() })), open: z.array(Season.extend({ status: z.string().nullable(), rank: z.number().int() })) }) },
    (c) =>
      answer(c, async (actor) => {
        const g = await residentGarden(db(c), actor);
        const s = <T extends { drawnAt: Date | null }>(x: T) => ({ ...x, drawnAt: iso(x.drawnAt) });
        return c.json({ plots: g.plots.map(s), offers: g.offers.map(s), open: g.open.map(s) });
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/garden/seasons/:seasonId/apply', permission: 'spaces.resident', tag: 'spaces', summary: 'Apply for a plot in a season', description: 'Once per household per season (409 the second time).', response: z.object({ id: z.string() }) },
    (c) =>
      answer(c, async (actor) => {
        const id = await applyForPlot(db(c), actor, param(c, 'seasonId'));
        return c.json({ id }, 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/spaces/:id/garden', permission: 'spaces.board', tag: 'spaces', summary: 'A garden’s seasons for staff', description: 'Who holds which plot, who waits and in what order. Audited.', response: z.object({ seasons: z.array(Season.extend({ holders: z.array(z.object({ allocationId: z.string(), plot: z.string(), household: z.string() })), waiting: z.array(z.object({ household: z.string(), rank: z.number().int().nullable() })) })) }) },
    (c) =>
      answer(c, async (actor) => {
        const g = await staffGarden(db(c), actor, param(c, 'id'));
        return c.json({ seasons: g.seasons.map((x) => ({ ...x, drawnAt: iso(x.drawnAt), waiting: x.waiting.map((w) => ({ household: w.household, rank: w.rank })) })) });
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/:id/garden/seasons/:seasonId/allocate', permission: 'spaces.board', tag: 'spaces', summary: 'Allocate a season’s free plots', description: 'First come, or by a draw done once (its seed stored and answered). Households are told.', response: z.object({ allocated: z.number().int(), waiting: z.number().int(), seed: z.string().nullable() }) },
    (c) =>
      answer(c, async (actor) => {
        const r = await allocatePlots(db(c), actor, param(c, 'id'), param(c, 'seasonId'));
        deliverSoon(c.get('services'));
        return c.json(r);
      }),
  );
}
