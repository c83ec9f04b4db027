import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { actOnRequest } from '../commands/act-on-request.js';
import { subscribeAtCounter, subscribeOnline } from '../commands/subscribe.js';
import { cancelSubscription, pauseSubscription, resumeSubscription } from '../commands/subscription-changes.js';
import { REQUEST_STATUSES } from '../domain/request-status.js';
import type { Change } from '../domain/subscription-periods.js';
import { listProviders } from '../queries/offer.js';
import { staffDesk } from '../queries/desk.js';
import { actSchema, cancelSubscriptionSchema, counterSubscribeSchema, subscribeSchema } from '../schemas.js';
import { KEY, refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;
const actor = (c: Ctx) => c.get('actor') as Actor;

const SubscribeBody = z.object({ planId: z.string().optional().describe('A plan id of the concierge serving the caller’s residence') });
const AssistedBody = z.object({
  planId: z.string().optional().describe('A plan id of the desk'),
  landlordId: z.string().optional().describe('The household’s landlord (a partner of the desk)'),
  householdReference: z.string().optional().describe('The reference on the household’s rent receipt'),
});
const CancelBody = z.object({ endsOn: z.string().optional().describe('YYYY-MM-DD: the last day of this month or of one of the next three') });
const Empty = z.object({});
const DispatchBody = z.object({ providerId: z.string().optional().describe('A provider id from GET /api/v1/concierge/desk/providers') });
const ReasonBody = z.object({ reason: z.string().optional().describe('Why the request is cancelled (required, up to 300 characters)') });
const Subscribed = z.object({ id: z.string(), via: z.enum(['online', 'counter']).describe('counter: subscribed by the concierge for the household (assisted mode)') });
const Changed = z.object({
  kind: z.enum(['pause', 'withdraw_pause', 'resume', 'cancel']).describe('withdraw_pause: a pause not yet begun was withdrawn'),
  effectiveOn: z.string().describe('YYYY-MM-DD: the period boundary the change takes effect on'),
});
const Moved = z.object({ status: z.enum(REQUEST_STATUSES) });
const Provider = z.object({
  id: z.string(),
  name: z.string(),
  labels: z.array(z.string()).describe('ess, local, responsible, integration'),
  distanceM: z.number().int().nullable(),
});

/** Field errors of a module schema, in the caller's language (422). */
function invalid(c: Ctx, issues: z.core.$ZodIssue[]): Response {
  const t = c.get('t');
  const fields: Record<string, string> = {};
  for (const i of issues) fields[String(i.path[0] ?? '_')] ??= t(i.message);
  return apiError(c, 422, 'invalid_body', fields);
}

/** The Idempotency-Key header, or a 400 answer. */
function keyOf(c: Ctx): string | Response {
  const key = c.req.header('idempotency-key');
  if (!key || !KEY.test(key)) return apiError(c, 400, 'invalid_query', { 'Idempotency-Key': c.get('t')('concierge.error.retry') });
  return key;
}

/** The effective date of a change, as the page's notice tells it. */
function changed(change: Change) {
  const effectiveOn = change.kind === 'pause' ? change.startsOn : change.kind === 'cancel' ? change.endsOn : change.effectiveOn;
  return Changed.parse({ kind: change.kind, effectiveOn });
}

type Act = (c: Ctx, id: string, body: { endsOn?: string }) => Promise<Change | Response>;
const ACTIONS: [string, string, z.ZodType, Act][] = [
  ['pause', 'Pause from the first of next month (no fee, no orders while paused)', Empty, (c, id) => pauseSubscription(db(c), actor(c), id)],
  ['resume', 'Resume: withdraws a pause not yet begun, or ends the pause in force with this month', Empty, (c, id) => resumeSubscription(db(c), actor(c), id)],
  [
    'cancel',
    'Cancel at the end of this month or of one of the next three; the history stays',
    CancelBody,
    (c, id, body) => {
      const parsed = cancelSubscriptionSchema.safeParse({ endsOn: body.endsOn ?? '' });
      if (!parsed.success) return Promise.resolve(invalid(c, parsed.error.issues));
      return cancelSubscription(db(c), actor(c), id, parsed.data.endsOn);
    },
  ],
];

/**
 * /api/v1/concierge subscription writes (the resident's own, and the desk's staff in assisted mode) and
 * the staff's dispatch and cancellation of requests: the same commands as the pages.
 */
export function registerConciergeSubscriptionApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/subscriptions',
      permission: 'concierge.use',
      tag: 'concierge',
      summary: 'Subscribe the caller’s household to a plan (from the start of this month, or after a running cancellation)',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key again returns the same subscription.',
      body: SubscribeBody,
      response: Subscribed,
    },
    async (c, { body }) => {
      const key = keyOf(c);
      if (typeof key !== 'string') return key;
      const parsed = subscribeSchema.safeParse({ planId: body.planId ?? '', idempotencyKey: key });
      if (!parsed.success) return invalid(c, parsed.error.issues);
      try {
        return c.json(Subscribed.parse({ id: await subscribeOnline(db(c), actor(c), parsed.data), via: 'online' }), 201);
      } catch (e) {
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/subscriptions',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Subscribe a household for it, from its landlord and rent-receipt reference (assisted mode, recorded as such)',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key again returns the same subscription.',
      body: AssistedBody,
      response: Subscribed,
    },
    async (c, { body }) => {
      const key = keyOf(c);
      if (typeof key !== 'string') return key;
      const parsed = counterSubscribeSchema.safeParse({ planId: body.planId ?? '', landlordId: body.landlordId ?? '', householdReference: body.householdReference ?? '', idempotencyKey: key });
      if (!parsed.success) return invalid(c, parsed.error.issues);
      try {
        return c.json(Subscribed.parse({ id: await subscribeAtCounter(db(c), actor(c), parsed.data), via: 'counter' }), 201);
      } catch (e) {
        return refused(c, e);
      }
    },
  );

  for (const [action, summary, body, act] of ACTIONS) {
    for (const staff of [false, true]) {
      apiEndpoint(
        app,
        {
          method: 'POST',
          path: `/api/v1/concierge/${staff ? 'desk/' : ''}subscriptions/:id/${action}`,
          permission: staff ? 'concierge.staff' : 'concierge.use',
          tag: 'concierge',
          summary: staff ? `${summary} — by the desk’s staff for the household (assisted mode)` : `${summary} — the caller’s household’s own subscription`,
          body,
          response: Changed,
        },
        async (c, input) => {
          try {
            // Staff of an organisation that runs no desk have nothing here (404), as for the pages.
            if (staff && !(await staffDesk(db(c), actor(c)))) return apiError(c, 404, 'not_found');
            const result = await act(c, param(c, 'id'), (input.body ?? {}) as { endsOn?: string });
            return result instanceof Response ? result : c.json(changed(result));
          } catch (e) {
            return refused(c, e);
          }
        },
      );
    }
  }

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/concierge/desk/providers',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'The desk’s active providers to dispatch to, labelled ones first (ESS, local, responsible, integration), as on the request page',
      response: z.object({ data: z.array(Provider) }),
    },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      if (!desk) return apiError(c, 404, 'not_found');
      const rows = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => listProviders(tx, desk.id));
      return c.json({ data: rows.filter((p) => p.active).map((p) => Provider.parse({ id: p.id, name: p.name, labels: p.labels, distanceM: p.distance_m ?? null })) });
    },
  );

  for (const [event, summary, schema] of [
    ['dispatch', 'Dispatch a submitted (or declined) request to a provider; its price is fixed now', DispatchBody],
    ['cancel', 'Cancel a request of the desk, with the reason (the household is told)', ReasonBody],
  ] as const) {
    apiEndpoint(
      app,
      { method: 'POST', path: `/api/v1/concierge/desk/requests/:id/${event}`, permission: 'concierge.staff', tag: 'concierge', summary, body: schema, response: Moved },
      async (c, { body }) => {
        try {
          if (!(await staffDesk(db(c), actor(c)))) return apiError(c, 404, 'not_found');
          const parsed = actSchema.safeParse(body);
          if (!parsed.success) return invalid(c, parsed.error.issues);
          const status = await actOnRequest(db(c), actor(c), param(c, 'id'), event, parsed.data);
          return c.json(Moved.parse({ status }));
        } catch (e) {
          return refused(c, e);
        }
      },
    );
  }
}
