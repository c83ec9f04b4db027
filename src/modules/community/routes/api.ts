import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { HttpError } from '../../../platform/http/errors.js';
import { cancelRegistration } from '../commands/cancel-registration.js';
import { registerForEvent } from '../commands/register.js';
import { submitProposal } from '../commands/submit-proposal.js';
import { Invalid } from '../errors.js';
import { P } from '../policy.js';
import { eventDetail, upcomingEvents } from '../queries/events.js';
import { attendanceSummary, reportOfEvent } from '../queries/event-report.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { boardFor } from '../queries/proposals.js';
import { EVENT_CATEGORIES, PROPOSAL_CATEGORIES } from '../schemas.js';
import { PROPOSAL_STATUSES } from '../domain/proposal-status.js';
import { dbOf, deliver, param } from './helpers.js';

// Each schema below is the list of fields allowed out: `parse` drops anything else a query read
// (who registered, contacts, organisation ids stay on the server).
const instant = z.string().describe('ISO 8601 instant (UTC); shown to people in Paris time');
export const CommunityEvent = z.object({
  id: z.string(),
  title: z.string(),
  category: z.enum(EVENT_CATEGORIES),
  startsAt: instant,
  endsAt: instant,
  place: z.string().nullable().describe('A room of the residence, or null when the activity is at an address'),
  address: z.string().nullable(),
  residence: z.string().nullable().describe('The residence it is for; null when open to all the landlord’s residents'),
  registration: z.enum(['off', 'open', 'approval']),
  capacity: z.number().int().nullable().describe('Places (adults and children each take one); null: no limit'),
  placesLeft: z.number().int().nullable(),
  waiting: z.number().int().describe('Parties on the waiting list'),
  cancelled: z.boolean(),
});
export const CommunityEventDetail = CommunityEvent.extend({
  description: z.string(),
  stepFree: z.boolean(),
  hearingLoop: z.boolean(),
  languages: z.string(),
  coOrganisers: z.string(),
  cancelReason: z.string().nullable(),
  mine: z
    .object({ id: z.string(), status: z.enum(['confirmed', 'waiting', 'pending', 'refused']), adults: z.number().int(), children: z.number().int(), ahead: z.number().int().describe('Parties before yours on the waiting list') })
    .nullable()
    .describe('The caller’s household registration, if any'),
  report: z
    .object({
      body: z.string().describe('What happened, in the organiser’s words'),
      walkIns: z.number().int().describe('People who came without registering'),
      registeredSeats: z.number().int(),
      presentSeats: z.number().int().describe('People of the registrations marked present (walk-ins not included)'),
      noShows: z.number().int().describe('Registrations marked absent'),
      writtenAt: instant,
      photos: z.array(z.object({ url: z.string().describe('Path of the image; same access as the activity'), description: z.string() })),
    })
    .nullable()
    .describe('The organiser’s report once the activity has taken place; null before or when none is written'),
});
const Registration = z.object({ id: z.string(), status: z.enum(['confirmed', 'waiting', 'pending']) });
const Party = z.object({ adults: z.number().int().min(0).max(20).default(1), children: z.number().int().min(0).max(20).default(0) });
export const ProposalItem = z.object({
  id: z.string(),
  title: z.string(),
  category: z.enum(PROPOSAL_CATEGORIES),
  place: z.string().nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  supports: z.number().int(),
  lastAnswer: z.string().nullable().describe('The landlord’s latest public answer'),
  lastAnswerAt: instant.nullable(),
});
const ProposalBody = z.object({ title: z.string(), body: z.string(), category: z.enum(PROPOSAL_CATEGORIES), place: z.string().optional() });

type Row = Awaited<ReturnType<typeof upcomingEvents>>[number];
const summary = (e: Row) => ({
  ...e,
  startsAt: e.starts_at.toISOString(),
  endsAt: e.ends_at.toISOString(),
  placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - Number(e.confirmed_seats)),
  waiting: Number(e.waiting),
  cancelled: e.cancelled_at !== null,
});

/** A command's refusal in the API's shape: field messages in the caller's language, 409 when the state forbids it. */
export async function answer(c: Context<AppEnv>, fn: (actor: Actor) => Promise<Response>): Promise<Response> {
  try {
    return await fn(c.get('actor') as Actor);
  } catch (e) {
    const t = c.get('t');
    if (e instanceof Invalid) {
      const fields = Object.fromEntries(Object.entries(e.errors).map(([k, v]) => [k, t(v)]));
      if (e.status === 409) return c.json({ error: 'conflict', fields }, 409);
      return apiError(c, 422, 'invalid_body', fields);
    }
    if (e instanceof HttpError && (e.status === 403 || e.status === 404)) return apiError(c, e.status, e.status === 404 ? 'not_found' : 'forbidden');
    throw e;
  }
}

/** /api/v1/community: activities, the caller's registrations, and proposals; the same commands and visibility as the pages. */
export function registerCommunityApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/community/events',
      permission: P.read,
      tag: 'community',
      summary: 'Upcoming activities the caller may see',
      description: 'Residents see their residence’s activities and those open to all; staff their scope. Sorted by start.',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50).describe('How many (1–100)') }),
      response: z.object({ data: z.array(CommunityEvent) }),
    },
    (c, { query }) => answer(c, async (actor) => c.json({ data: (await upcomingEvents(dbOf(c), actor, { limit: query.limit })).map((e) => CommunityEvent.parse(summary(e))) })),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/community/events/:id',
      permission: P.read,
      tag: 'community',
      summary: 'One activity, with the caller’s registration',
      response: CommunityEventDetail,
    },
    (c) =>
      answer(c, async (actor) => {
        const e = await eventDetail(dbOf(c), actor, param(c, 'id'));
        const held = !e.cancelled_at && e.starts_at.getTime() <= Date.now();
        const after = held ? await withTenant(dbOf(c), { orgId: e.landlord ? e.organisation_id : actor.orgId }, async (tx) => ({ report: await reportOfEvent(tx, e.id), attendance: await attendanceSummary(tx, e.id) })) : null;
        const report = after?.report
          ? {
              body: after.report.body,
              walkIns: after.report.walkIns,
              registeredSeats: after.attendance.registeredSeats,
              presentSeats: after.attendance.presentSeats,
              noShows: after.attendance.noShows,
              writtenAt: (after.report.updatedAt ?? after.report.writtenAt).toISOString(),
              photos: after.report.photos.map((p) => ({ url: `/community/events/${e.id}/photos/${p.id}`, description: p.caption })),
            }
          : null;
        return c.json(
          CommunityEventDetail.parse({
            ...summary(e),
            stepFree: e.step_free,
            hearingLoop: e.hearing_loop,
            coOrganisers: e.co_organisers,
            cancelReason: e.cancel_reason,
            mine: e.mine && { ...e.mine, ahead: Number(e.mine.ahead) },
            report,
          }),
        );
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/events/:id/registrations',
      permission: P.register,
      tag: 'community',
      summary: 'Register the caller’s household',
      description: 'Confirmed while places are left, otherwise on the waiting list; "pending" for activities on approval. 409 (error "conflict") when already registered, full for the party, closed or cancelled.',
      body: Party,
      response: Registration,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const placed = await registerForEvent(dbOf(c), actor, param(c, 'id'), body);
        deliver(c);
        return c.json(Registration.parse(placed), 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/registrations/:id/cancel',
      permission: P.register,
      tag: 'community',
      summary: 'Cancel the caller’s household registration',
      description: 'The waiting list moves up and those promoted are told. Another household’s registration: 404, as for one that does not exist.',
      response: z.object({ status: z.literal('cancelled') }),
    },
    (c) =>
      answer(c, async (actor) => {
        await cancelRegistration(dbOf(c), actor, param(c, 'id'));
        deliver(c);
        return c.json({ status: 'cancelled' as const });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/community/processes/:id/proposals',
      permission: P.read,
      tag: 'community',
      summary: 'A process’s proposals with their status and latest answer',
      description: 'Hidden proposals are left out. Authors are never named.',
      response: z.object({ data: z.array(ProposalItem) }),
    },
    (c) =>
      answer(c, async (actor) => {
        const { items } = await boardFor(dbOf(c), actor, param(c, 'id'));
        const data = items.map((p) => ProposalItem.parse({ ...p, supports: Number(p.supports), lastAnswer: p.last_answer, lastAnswerAt: p.last_answer_at ? new Date(p.last_answer_at).toISOString() : null }));
        return c.json({ data });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/processes/:id/proposals',
      permission: P.propose,
      tag: 'community',
      summary: 'Submit a proposal to a process',
      description: 'Field errors (422) as on the proposal form.',
      body: ProposalBody,
      response: z.object({ id: z.string() }),
    },
    (c, { body }) => answer(c, async (actor) => c.json({ id: await submitProposal(dbOf(c), actor, param(c, 'id'), body) }, 201)),
  );
}
