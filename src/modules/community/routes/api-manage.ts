import type { Hono } from 'hono';
import { z } from 'zod';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { takeAttendance } from '../commands/attendance.js';
import { cancelEvent } from '../commands/cancel-event.js';
import { createEvent } from '../commands/create-event.js';
import { decideRegistration } from '../commands/decide-registration.js';
import { saveEventReport } from '../commands/event-report.js';
import { landlordSlugOf, registerGuest } from '../commands/guest-registration.js';
import { registerForEvent } from '../commands/register.js';
import { updateEvent } from '../commands/update-event.js';
import { P } from '../policy.js';
import { eventRoster } from '../queries/events.js';
import { EVENT_CATEGORIES } from '../schemas.js';
import { answer } from './api.js';
import { notFound } from '../errors.js';
import { dbOf, deliver, param } from './helpers.js';

// The organisers' side of the API. Bodies are read by the same schemas as the forms (field errors
// in the caller's language); the schemas below document them.
export const EventBody = z.object({
  title: z.string().describe('3–200 characters'),
  description: z.string().optional().describe('Plain language'),
  category: z.enum(EVENT_CATEGORIES),
  residenceId: z.string().optional().describe('The residence it is for; absent: all the landlord’s residents'),
  audience: z
    .enum(['residence', 'landlord', 'neighbourhood'])
    .optional()
    .describe('neighbourhood: also every resident of the neighbourhood of the residence (or of the room’s residence), other landlords’ included; 422 at audience when there is none'),
  placeId: z.string().optional().describe('A room of the residence, booked for the same hours (409 when taken)'),
  processId: z.string().optional().describe('The participation process this meeting belongs to'),
  address: z.string().optional().describe('Required when there is no room'),
  date: z.string().describe('YYYY-MM-DD, Paris'),
  startTime: z.string().describe('HH:MM, Paris'),
  endTime: z.string().describe('HH:MM, Paris'),
  registration: z.enum(['off', 'open', 'approval']).optional(),
  capacity: z.number().int().optional().describe('Places (adults and children each take one); absent: no limit'),
  stepFree: z.boolean().optional(),
  hearingLoop: z.boolean().optional(),
  languages: z.string().optional(),
  coOrganisers: z.string().optional(),
  repeatWeeks: z.number().int().optional().describe('0: once; 1–4: every N weeks (public holidays skipped)'),
  repeatCount: z.number().int().optional().describe('How many dates, 1–52'),
});
const RosterItem = z.object({
  id: z.string(),
  name: z.string(),
  adults: z.number().int(),
  children: z.number().int(),
  status: z.enum(['confirmed', 'waiting', 'pending']),
  attendance: z.enum(['present', 'absent']).nullable(),
  assisted: z.boolean().describe('Registered by staff for the household'),
});
const Ok = z.object({ status: z.literal('ok') });

/** /api/v1/community for organisers: create, change, cancel, roster, attendance, requests, report, assisted registration. */
export function registerManageApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events',
      permission: P.manage,
      tag: 'community',
      summary: 'Create an activity, or a weekly series',
      description: 'A room is booked for the same hours; a room already taken answers 409. Returns the ids created and the dates skipped (public holidays).',
      body: EventBody,
      response: z.object({ ids: z.array(z.string()), skipped: z.array(z.string()) }),
    },
    (c, { body }) => answer(c, async (actor) => c.json(await createEvent(dbOf(c), actor, body), 201)),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id',
      permission: P.manage,
      tag: 'community',
      summary: 'Change one date of an activity (same body as creation, without repetition)',
      description: 'Places never drop below the seats confirmed (409); more places promote the waiting list. Everyone registered is told of a new date, time or place.',
      body: EventBody,
      response: z.object({ promoted: z.number().int(), notified: z.number().int() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const done = await updateEvent(dbOf(c), actor, param(c, 'id'), body);
        deliver(c);
        return c.json({ promoted: done.promoted.length, notified: done.notified });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id/cancel',
      permission: P.manage,
      tag: 'community',
      summary: 'Cancel an activity with a reason told to everyone registered, waiting or asking',
      body: z.object({ reason: z.string().describe('Required, 3–500 characters') }),
      response: z.object({ notified: z.number().int() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const done = await cancelEvent(dbOf(c), actor, param(c, 'id'), body);
        deliver(c);
        return c.json(done);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/community/events/:id/registrations',
      permission: P.attendance,
      tag: 'community',
      summary: 'The roster: confirmed first, then requests, then the waiting list in order',
      description: 'Names only, never contacts. Reading the names of people without an account is written to the audit trail.',
      response: z.object({ data: z.array(RosterItem) }),
    },
    (c) => answer(c, async (actor) => c.json({ data: (await eventRoster(dbOf(c), actor, param(c, 'id'))).map((r) => RosterItem.parse(r)) })),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id/attendance',
      permission: P.attendance,
      tag: 'community',
      summary: 'Mark confirmed registrations present or absent',
      body: z.object({ marks: z.record(z.string(), z.enum(['present', 'absent'])).describe('Registration id → present | absent') }),
      response: z.object({ marked: z.number().int() }),
    },
    (c, { body }) => answer(c, async (actor) => c.json({ marked: await takeAttendance(dbOf(c), actor, param(c, 'id'), body.marks) })),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id/households/:household/registrations',
      permission: P.manage,
      tag: 'community',
      summary: 'Register a household at the desk (assisted mode)',
      body: z.object({ adults: z.number().int().default(1), children: z.number().int().default(0) }),
      response: z.object({ id: z.string(), status: z.enum(['confirmed', 'waiting', 'pending']) }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const placed = await registerForEvent(dbOf(c), actor, param(c, 'id'), body, { forHouseholdId: param(c, 'household') });
        deliver(c);
        return c.json({ id: placed.id, status: placed.status }, 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id/guests',
      permission: P.manage,
      tag: 'community',
      summary: 'Register someone without an account (name + phone or e-mail)',
      description:
        'The same rules as the public page: only activities open to all the landlord’s residents (others: 404); confirmed, waiting list or pending as for anyone; 409 when closed, cancelled or the party is too large. The confirmation sent to the contact carries the cancellation link, also returned here to be passed on; it is the only way to cancel.',
      body: z.object({
        name: z.string().describe('2–100 characters'),
        contact: z.string().describe('A phone number or an e-mail address'),
        adults: z.number().int().default(1),
        children: z.number().int().default(0),
      }),
      response: z.object({ id: z.string(), status: z.enum(['confirmed', 'waiting', 'pending']), cancelUrl: z.string().describe('The person’s secret cancellation link') }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const slug = actor.orgId ? await landlordSlugOf(dbOf(c), actor.orgId) : undefined;
        if (!actor.orgId || !slug) notFound();
        const cancelUrl = (token: string) => `${c.get('services').config.publicUrl}/c/${slug}/cancel/${token}`;
        const placed = await registerGuest(dbOf(c), actor.orgId, param(c, 'id'), body, { cancelUrl, by: actor });
        deliver(c);
        return c.json({ id: placed.id, status: placed.status, cancelUrl: cancelUrl(placed.token) }, 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/registrations/:id/decision',
      permission: P.manage,
      tag: 'community',
      summary: 'Accept or refuse a request (activities on approval); decided once (409 after)',
      body: z.object({ decision: z.enum(['approve', 'refuse']) }),
      response: z.object({ status: z.enum(['confirmed', 'waiting', 'refused']) }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const done = await decideRegistration(dbOf(c), actor, param(c, 'id'), body);
        deliver(c);
        return c.json(done);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id/report',
      permission: P.manage,
      tag: 'community',
      summary: 'Write the report of an activity that took place (photos are added from the page, with consent)',
      body: z.object({ body: z.string().describe('What happened, 3–4,000 characters'), walkIns: z.number().int().optional().describe('People who came without registering') }),
      response: Ok,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        await saveEventReport(dbOf(c), actor, c.get('services').config.dataDir, param(c, 'id'), body, null);
        return c.json({ status: 'ok' as const });
      }),
  );
}
