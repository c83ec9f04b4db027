import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { HttpError } from '../../../platform/http/errors.js';
import { actOnRequest } from '../commands/act-on-request.js';
import { orderOnline } from '../commands/create-request.js';
import { REQUEST_STATUSES, type RequestEvent } from '../domain/request-status.js';
import { FieldError } from '../errors.js';
import { householdBalance } from '../queries/balances.js';
import { residentSide } from '../queries/desk.js';
import { listStatements } from '../queries/statements.js';
import { orderSchema } from '../schemas.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
export const KEY = /^[\x21-\x7e]{8,100}$/;
const OrderBody = z.object({
  serviceId: z.string().describe('A service id from GET /api/v1/concierge/services'),
  quantity: z.number().int(),
  wantedOn: z.string().describe('YYYY-MM-DD, today or later'),
  notes: z.string().max(500).optional(),
});
const ReasonBody = z.object({ reason: z.string().max(300).optional() });
const Created = z.object({ id: z.string(), status: z.enum(REQUEST_STATUSES) });
const Moved = z.object({ status: z.enum(REQUEST_STATUSES) });
const Statement = z.object({
  id: z.string(),
  number: z.number().int(),
  kind: z.enum(['statement', 'credit_note']),
  period: z.string().describe('YYYY-MM'),
  netCents: z.number().int(),
  vatCents: z.number().int(),
  grossCents: z.number().int(),
  issuedAt: z.string(),
  pdf: z.string().describe('Path of the PDF, for the same caller in a browser session'),
});
const Statements = z.object({
  data: z.array(Statement),
  balance: z.object({
    issuedCents: z.number().int(),
    creditedCents: z.number().int().describe('Credit notes, negative'),
    paidCents: z.number().int(),
    balanceCents: z.number().int().describe('Issued + credited − paid: positive is still owed, negative is owed back'),
  }),
});

/** A command's refusal in the API's shape: field errors (422), conflicts (409), 403, 404; messages in the caller's language. */
export function refused(c: Ctx, e: unknown): Response {
  if (!(e instanceof HttpError)) throw e;
  const t = c.get('t');
  if (e instanceof FieldError && e.status === 409) return c.json({ error: 'conflict', fields: { [e.field]: t(e.key) } }, 409);
  if (e instanceof FieldError) return apiError(c, 422, 'invalid_body', { [e.field]: t(e.key) });
  if (e.status === 409) return c.json({ error: 'conflict', fields: { status: t(e.message) } }, 409);
  if (e.status === 403) return apiError(c, 403, 'forbidden', e.message ? { _: t(e.message) } : undefined);
  return apiError(c, 404, 'not_found');
}

async function move(c: Ctx, event: RequestEvent, reason?: string): Promise<Response> {
  try {
    const status = await actOnRequest(c.get('services').database.db, c.get('actor') as never, param(c, 'id'), event, { reason });
    return c.json(Moved.parse({ status }));
  } catch (e) {
    return refused(c, e);
  }
}

/** /api/v1/concierge writes: order and cancel (resident), accept, decline, complete (provider); the caller's statements and balance. */
export function registerConciergeWriteApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/requests',
      permission: 'concierge.use',
      tag: 'concierge',
      summary: 'Ask for a service for the caller’s household (subscribers only)',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key again returns the first request (200, with its current status) instead of creating another (201).',
      body: OrderBody,
      response: Created,
    },
    async (c, { body }) => {
      const key = c.req.header('idempotency-key');
      if (!key || !KEY.test(key)) return apiError(c, 400, 'invalid_query', { 'Idempotency-Key': c.get('t')('concierge.error.retry') });
      const parsed = orderSchema.safeParse({ quantity: body.quantity, wantedOn: body.wantedOn, notes: body.notes ?? '', idempotencyKey: key });
      if (!parsed.success) {
        const t = c.get('t');
        return apiError(c, 422, 'invalid_body', Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), t(i.message)])));
      }
      try {
        const { db } = c.get('services').database;
        const side = await residentSide(db, c.get('actor') as never);
        // A replay answers 200 with the request first created and its status now.
        const first = side
          ? await withTenant(db, { orgId: side.landlordId }, (tx) =>
              tx.selectFrom('concierge_requests').select(['id', 'status']).where('household_id', '=', side.card.householdId).where('idempotency_key', '=', key).executeTakeFirst(),
            )
          : undefined;
        if (first) return c.json(Created.parse({ id: first.id, status: first.status }), 200);
        const id = await orderOnline(db, c.get('actor') as never, body.serviceId, parsed.data);
        return c.json(Created.parse({ id, status: 'submitted' }), 201);
      } catch (e) {
        if (e instanceof HttpError && e.status === 404 && !(e instanceof FieldError)) return apiError(c, 404, 'not_found');
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/requests/:id/cancel', permission: 'concierge.use', tag: 'concierge', summary: 'Cancel one of the household’s requests, with the reason (until the work is done)', body: ReasonBody, response: Moved },
    (c, { body }) => move(c, 'cancel', body.reason),
  );

  for (const [event, summary] of [
    ['accept', 'Accept a request dispatched to the caller’s provider organisation'],
    ['decline', 'Decline a request (reason required); it goes back to the concierge'],
    ['complete', 'Mark an accepted request done; the concierge then hands it over'],
  ] as const) {
    apiEndpoint(
      app,
      { method: 'POST', path: `/api/v1/concierge/provider/requests/:id/${event}`, permission: 'concierge.provider', tag: 'concierge', summary, body: ReasonBody, response: Moved },
      (c, { body }) => move(c, event, body.reason),
    );
  }

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/statements', permission: 'concierge.use', tag: 'concierge', summary: 'The caller’s household’s statements and credit notes, newest first, with its balance', response: Statements },
    async (c) => {
      const side = await residentSide(c.get('services').database.db, c.get('actor') as never);
      if (!side) return apiError(c, 404, 'not_found');
      const householdId = side.card.householdId;
      const { rows, balance } = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, async (tx) => ({
        rows: await listStatements(tx, { householdId }),
        balance: await householdBalance(tx, householdId),
      }));
      return c.json(
        Statements.parse({
          data: rows.map((s) => ({
            id: s.id,
            number: s.number,
            kind: s.kind,
            period: s.period,
            netCents: s.net_cents,
            vatCents: s.vat_cents,
            grossCents: s.gross_cents,
            issuedAt: new Date(s.issued_at).toISOString(),
            pdf: `/concierge/statements/${s.id}/pdf`,
          })),
          balance,
        }),
      );
    },
  );
}
