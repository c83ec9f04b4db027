import type { Context, Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { orderAtCounter } from '../commands/create-request.js';
import { checkInParcel, handOverParcel, logVisit } from '../commands/parcels.js';
import { returnParcel } from '../commands/return-parcel.js';
import { REQUEST_STATUSES } from '../domain/request-status.js';
import { staffDesk } from '../queries/desk.js';
import { handOverSchema, orderSchema, parcelSchema, visitSchema } from '../schemas.js';
import { KEY, refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;
const actor = (c: Ctx) => c.get('actor') as Actor;

/** Field errors of a module schema, in the caller's language (422): the pages' messages; a zod default message is "not valid". */
export function fieldErrors(c: Ctx, issues: z.core.$ZodIssue[], rename: Record<string, string> = {}): Response {
  const t = c.get('t');
  const fields: Record<string, string> = {};
  for (const i of issues) {
    const name = String(i.path[0] ?? '_');
    fields[rename[name] ?? name] ??= t(i.message.startsWith('concierge.') ? i.message : 'form.invalid');
  }
  return apiError(c, 422, 'invalid_body', fields);
}

/** The Idempotency-Key header, or a 400 answer. */
export function idempotencyKey(c: Ctx): string | Response {
  const key = c.req.header('idempotency-key');
  if (!key || !KEY.test(key)) return apiError(c, 400, 'invalid_query', { 'Idempotency-Key': c.get('t')('concierge.error.retry') });
  return key;
}

const ParcelBody = z.object({
  kind: z.string().optional().describe('parcel, letter, registered or groceries'),
  carrier: z.string().optional().describe('Up to 60 characters'),
  size: z.string().optional().describe('small, medium or large'),
  shelf: z.string().optional().describe('Where it is kept (1–20 characters)'),
});
const CheckedIn = z.object({ id: z.string(), pickupCode: z.string().describe('The six digits the household gives at the counter (also shown on its concierge page)') });
const HandOverBody = z.object({
  method: z.string().optional().describe('code: the pickup code; identity: the name checked on an ID; signature: the name checked and a drawn signature'),
  code: z.string().optional().describe('With method code: the six-digit pickup code'),
  handedTo: z.string().optional().describe('With identity or signature: the name checked on the ID (2–100 characters)'),
  signature: z.string().optional().describe('With signature: a PNG as a data URL (data:image/png;base64,…), at most 250 kB'),
});
const HandedOver = z.object({ status: z.literal('handed_over'), method: z.enum(['code', 'identity', 'signature']) });
const Returned = z.object({ status: z.literal('returned') });
const OrderBody = z.object({
  serviceId: z.string().optional().describe('A service of the desk’s catalogue, including those ordered by the concierge only'),
  quantity: z.number().int().optional(),
  wantedOn: z.string().optional().describe('YYYY-MM-DD, today or later'),
  notes: z.string().optional().describe('Up to 500 characters'),
});
const Ordered = z.object({ id: z.string(), status: z.enum(REQUEST_STATUSES), via: z.literal('counter') });
const VisitBody = z.object({
  topic: z.string().optional().describe('request, parcel, subscription, information or other (the topic only: nothing of the conversation is kept)'),
  subscriptionId: z.string().optional().describe('The household’s subscription at the desk, if the visitor is a subscriber'),
});
const Logged = z.object({ topic: z.string() });

/** /api/v1/concierge counter work by the desk's staff: the same commands, checks, messages and audit as the counter pages. */
export function registerConciergeCounterApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/subscriptions/:id/parcels',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Check a parcel or letter in for a subscriber; the household is told and gets its pickup code',
      body: ParcelBody,
      response: CheckedIn,
    },
    async (c, { body }) => {
      const parsed = parcelSchema.safeParse({ kind: body.kind ?? '', carrier: body.carrier ?? '', size: body.size ?? '', shelf: body.shelf ?? '' });
      if (!parsed.success) return fieldErrors(c, parsed.error.issues);
      try {
        const { id, code } = await checkInParcel(db(c), actor(c), param(c, 'id'), parsed.data);
        deliverSoon(c.get('services'));
        return c.json(CheckedIn.parse({ id, pickupCode: code }), 201);
      } catch (e) {
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/parcels/:id/hand-over',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Hand a waiting parcel over: with its pickup code, an identity check, or a signature; never twice (409)',
      body: HandOverBody,
      response: HandedOver,
    },
    async (c, { body }) => {
      const parsed = handOverSchema.safeParse({ method: body.method ?? '', code: body.code ?? '', handedTo: body.handedTo ?? '', signature: body.signature ?? '' });
      if (!parsed.success) return fieldErrors(c, parsed.error.issues);
      try {
        await handOverParcel(db(c), actor(c), param(c, 'id'), parsed.data, c.get('services').config.dataDir);
        return c.json(HandedOver.parse({ status: 'handed_over', method: parsed.data.method }));
      } catch (e) {
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/parcels/:id/return',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Record that a parcel unclaimed beyond the desk’s limit went back to its sender (409 before the limit, after a hand-over, or twice)',
      body: z.object({}),
      response: Returned,
    },
    async (c) => {
      try {
        await returnParcel(db(c), actor(c), param(c, 'id'));
        return c.json(Returned.parse({ status: 'returned' }));
      } catch (e) {
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/subscriptions/:id/requests',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Take a request at the counter for a subscriber (assisted mode, recorded as the concierge’s)',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key and request again — even while the first is still being recorded — returns the first request (200) instead of creating another (201); the same key with another request is 422.',
      body: OrderBody,
      response: Ordered,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (typeof key !== 'string') return key;
      const parsed = orderSchema.safeParse({ quantity: body.quantity ?? '', wantedOn: body.wantedOn ?? '', notes: body.notes ?? '', idempotencyKey: key });
      if (!parsed.success) return fieldErrors(c, parsed.error.issues);
      try {
        const desk = await staffDesk(db(c), actor(c));
        if (!desk) return apiError(c, 404, 'not_found');
        // A replay (the same key and request) answers 200 with the request first created and its status now;
        // the same key with another request is 422. A send racing the first meets the unique key and replays it.
        const firstOf = () =>
          withTenant(db(c), { orgId: desk.organisation_id }, (tx) =>
            tx
              .selectFrom('concierge_requests')
              .select(['id', 'status', 'subscription_id', 'catalogue_id', 'quantity', 'notes'])
              .select(sql<string>`wanted_on::text`.as('wanted_on'))
              .where('organisation_id', '=', desk.organisation_id)
              .where('idempotency_key', '=', key)
              .executeTakeFirst(),
          );
        let first = await firstOf();
        if (!first) {
          try {
            // The command may find the key committed meanwhile: then it is a replay, checked below.
            const outcome: { replayed?: boolean } = {};
            const id = await orderAtCounter(db(c), actor(c), param(c, 'id'), body.serviceId ?? '', parsed.data, outcome);
            if (!outcome.replayed) return c.json(Ordered.parse({ id, status: 'submitted', via: 'counter' }), 201);
            first = await firstOf();
            if (!first) throw new Error('replayed request not found');
          } catch (e) {
            if ((e as { code?: string }).code !== '23505') throw e;
            first = await firstOf();
            if (!first) throw e;
          }
        }
        const same = first.subscription_id === param(c, 'id') && first.catalogue_id === body.serviceId && first.quantity === parsed.data.quantity && first.wanted_on === parsed.data.wantedOn && first.notes === parsed.data.notes;
        if (!same) return apiError(c, 422, 'invalid_body', { 'Idempotency-Key': c.get('t')('concierge.error.keyReused') });
        return c.json(Ordered.parse({ id: first.id, status: first.status, via: 'counter' }), 200);
      } catch (e) {
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/visits',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Log a walk-in at the counter by its topic (and the subscriber, if one)',
      body: VisitBody,
      response: Logged,
    },
    async (c, { body }) => {
      const parsed = visitSchema.safeParse({ topic: body.topic ?? '' });
      if (!parsed.success) return fieldErrors(c, parsed.error.issues);
      try {
        await logVisit(db(c), actor(c), body.subscriptionId || null, parsed.data.topic);
        return c.json(Logged.parse({ topic: parsed.data.topic }), 201);
      } catch (e) {
        return refused(c, e);
      }
    },
  );
}
