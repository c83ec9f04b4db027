import type { Context, Hono } from 'hono';
import { deliverSoon } from '../../../platform/notify/index.js';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { issueCreditNote } from '../commands/issue-statements.js';
import { recordHouseholdPayment } from '../commands/record-household-payment.js';
import { type Outcome, recordProviderPayout, recordStatementPayment, reversePayment } from '../commands/record-payment.js';
import { FieldError } from '../errors.js';
import { providerBalances } from '../queries/balances.js';
import { residentSide, staffDesk } from '../queries/desk.js';
import { paymentSchema } from '../schemas.js';
import { fieldErrors, idempotencyKey } from './api-counter.js';
import { refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;
const actor = (c: Ctx) => c.get('actor') as Actor;

const PaymentBody = z.object({
  method: z.string().optional().describe('cash, transfer, direct_debit or cheque'),
  amountCents: z.number().int().optional().describe('Integer cents, more than zero, never more than still owed'),
  paidOn: z.string().optional().describe('YYYY-MM-DD, not in the future'),
  reference: z.string().optional().describe('Cheque number, transfer reference… (up to 80 characters)'),
});
const Paid = z.object({
  receiptId: z.string(),
  payments: z.array(z.object({ id: z.string(), statementId: z.string(), amountCents: z.number().int() })).describe('The parts of the payment, one per statement settled, oldest first'),
});
const CreditBody = z.object({
  lines: z
    .array(z.object({ position: z.number().int().describe('The line’s position on the statement'), quantity: z.number().int().describe('How many to cancel (up to what the line still holds)') }))
    .max(200)
    .optional()
    .describe('Absent: cancel all that is left of the statement'),
  reason: z.string().optional().describe('Printed on the credit note (up to 300 characters)'),
});
const CreditNote = z.object({
  id: z.string(),
  number: z.number().int().describe('In the credit notes’ own series'),
  correctsId: z.string().describe('The statement it corrects'),
  correctsNumber: z.number().int(),
  period: z.string().describe('YYYY-MM'),
  party: z.enum(['household', 'landlord']),
  partyName: z.string().nullable(),
  netCents: z.number().int().describe('Negative'),
  vatCents: z.number().int(),
  grossCents: z.number().int(),
  reason: z.string(),
  issuedAt: z.string(),
});

/** Payment field errors under the API's names (the pages name the amount `amount`). */
const RENAME = { amount: 'amountCents', idempotencyKey: 'Idempotency-Key' };
const PaidOut = z.object({
  id: z.string().describe('The payout'),
  providerId: z.string(),
  amountCents: z.number().int(),
  remainingCents: z.number().int().describe('What is still to pay the provider for its completed work'),
});
const Reversed = z.object({
  id: z.string().describe('The reversal row'),
  reverses: z.string().describe('The payment it cancels'),
  amountCents: z.number().int().describe('Negative: the opposite of the payment'),
  statementId: z.string().nullable(),
  providerId: z.string().nullable().describe('Set for a payout to a provider'),
});
function moneyRefused(c: Ctx, e: unknown): Response {
  if (e instanceof FieldError && e.status !== 409) return apiError(c, 422, 'invalid_body', { [RENAME[e.field as 'amount'] ?? e.field]: c.get('t')(e.key) });
  return refused(c, e);
}

async function paymentsOf(tx: Tx, receiptId: string) {
  return (await tx.selectFrom('concierge_payments').select(['id', 'statement_id', 'amount_cents']).where('receipt_id', '=', receiptId).orderBy('idempotency_key').execute()).map((p) => ({
    id: p.id as string,
    statementId: p.statement_id as string,
    amountCents: p.amount_cents as number,
  }));
}

function creditNotes(tx: Tx, where: { deskId?: string; householdId?: string; id?: string }) {
  let q = tx
    .selectFrom('concierge_statements as st')
    .innerJoin('concierge_statements as corrected', 'corrected.id', 'st.corrects_id')
    .leftJoin('concierge_subscriptions as s', 's.id', 'st.subscription_id')
    .leftJoin('organisations as o', 'o.id', 'st.landlord_id')
    .select(['st.id', 'st.number', 'st.corrects_id', 'corrected.number as corrects_number', 'st.period', 'st.party', 'st.net_cents', 'st.vat_cents', 'st.gross_cents', 'st.reason', 'st.issued_at'])
    .select((e) => e.fn.coalesce('s.household_name', 'o.name').as('party_name'))
    .where('st.kind', '=', 'credit_note')
    .orderBy('st.number', 'desc')
    .limit(200);
  if (where.deskId) q = q.where('st.desk_id', '=', where.deskId);
  if (where.householdId) q = q.where('st.household_id', '=', where.householdId);
  if (where.id) q = q.where('st.id', '=', where.id);
  return q.execute().then((rows) =>
    rows.map((r) =>
      CreditNote.parse({
        id: r.id,
        number: r.number,
        correctsId: r.corrects_id,
        correctsNumber: r.corrects_number,
        period: r.period,
        party: r.party,
        partyName: r.party_name ?? null,
        netCents: r.net_cents,
        vatCents: r.vat_cents,
        grossCents: r.gross_cents,
        reason: r.reason,
        issuedAt: new Date(r.issued_at as Date).toISOString(),
      }),
    ),
  );
}

function parsePayment(c: Ctx, body: z.output<typeof PaymentBody>, key: string) {
  const parsed = paymentSchema.safeParse({ method: body.method ?? '', amountCents: body.amountCents ?? Number.NaN, paidOn: body.paidOn ?? '', reference: body.reference ?? '', idempotencyKey: key });
  return parsed.success ? parsed.data : fieldErrors(c, parsed.error.issues);
}

/** /api/v1/concierge money writes by the desk's staff: payments (one statement, or a household's several) and credit notes; the pages' commands. */
export function registerConciergePaymentApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/statements/:id/payments',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Record money received against one issued statement (a household’s or a landlord’s), with its receipt; never more than it still awaits',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key and payment again — even while the first is still being recorded — returns the payment first recorded (200) instead of recording another (201); the same key with another payment is 422.',
      body: PaymentBody,
      response: Paid,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (typeof key !== 'string') return key;
      const input = parsePayment(c, body, key);
      if (input instanceof Response) return input;
      try {
        const desk = await staffDesk(db(c), actor(c));
        if (!desk) return apiError(c, 404, 'not_found');
        // The command tells a replay (the same key and payment, even one that waited on the first) from a new payment.
        const outcome: Outcome = {};
        const paymentId = await recordStatementPayment(db(c), actor(c), param(c, 'id'), input, outcome, c.get('services').config.publicUrl);
        deliverSoon(c.get('services'));
        const payments = await withTenant(db(c), { orgId: desk.organisation_id }, async (tx) => {
          const { receipt_id } = await tx.selectFrom('concierge_payments').select('receipt_id').where('id', '=', paymentId).executeTakeFirstOrThrow();
          return { receiptId: receipt_id as string, payments: await paymentsOf(tx, receipt_id as string) };
        });
        return c.json(Paid.parse(payments), outcome.replayed ? 200 : 201);
      } catch (e) {
        return moneyRefused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/subscriptions/:id/payments',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Record one payment from a subscriber’s household covering several of its statements, oldest first, with one receipt; never more than owed in total',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key and payment again — even while the first is still being recorded — returns the receipt first recorded (200) instead of recording another (201); the same key with another payment is 422.',
      body: PaymentBody,
      response: Paid,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (typeof key !== 'string') return key;
      const input = parsePayment(c, body, key);
      if (input instanceof Response) return input;
      try {
        const desk = await staffDesk(db(c), actor(c));
        if (!desk) return apiError(c, 404, 'not_found');
        const outcome: Outcome = {};
        const receiptId = await recordHouseholdPayment(db(c), actor(c), param(c, 'id'), input, outcome, c.get('services').config.publicUrl);
        deliverSoon(c.get('services'));
        const payments = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => paymentsOf(tx, receiptId));
        return c.json(Paid.parse({ receiptId, payments }), outcome.replayed ? 200 : 201);
      } catch (e) {
        return moneyRefused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/statements/:id/credit-notes',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Issue a credit note correcting an issued statement: all that is left, or given quantities per line (numbered in the credit notes’ own series)',
      description: 'Requires an Idempotency-Key header (8–100 visible characters): the same key, statement and reason again — even while the first is still being issued — returns the credit note first issued (200) instead of issuing another (201); the same key for another correction is 422.',
      body: CreditBody,
      response: CreditNote,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (typeof key !== 'string') return key;
      const t = c.get('t');
      if ((body.reason ?? '').trim().length > 300) return apiError(c, 422, 'invalid_body', { reason: t('concierge.error.creditReason') });
      let quantities: Record<number, number> | undefined;
      if (body.lines) {
        quantities = {};
        for (const [i, l] of body.lines.entries()) {
          if (l.quantity < 0 || quantities[l.position] !== undefined) return apiError(c, 422, 'invalid_body', { [`lines.${i}.quantity`]: t('concierge.error.creditQuantity') });
          quantities[l.position] = l.quantity;
        }
      }
      try {
        const desk = await staffDesk(db(c), actor(c));
        if (!desk) return apiError(c, 404, 'not_found');
        const outcome: Outcome = {};
        const id = await issueCreditNote(db(c), actor(c), param(c, 'id'), { quantities, reason: body.reason, idempotencyKey: key }, outcome);
        const [note] = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => creditNotes(tx, { id }));
        if (!note) return apiError(c, 404, 'not_found');
        return c.json(note, outcome.replayed ? 200 : 201);
      } catch (e) {
        // The command names a line's field by its position (`q2`); the API by the position sent.
        if (e instanceof FieldError && e.field === 'idempotencyKey') return apiError(c, 422, 'invalid_body', { 'Idempotency-Key': t(e.key) });
        if (e instanceof FieldError && /^q\d+$/.test(e.field)) {
          const i = body.lines?.findIndex((l) => `q${l.position}` === e.field) ?? -1;
          return apiError(c, 422, 'invalid_body', { [i >= 0 ? `lines.${i}.quantity` : 'lines']: t(e.key) });
        }
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/concierge/desk/credit-notes',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'The desk’s credit notes, newest first, each with the statement it corrects and its reason',
      response: z.object({ data: z.array(CreditNote) }),
    },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      if (!desk) return apiError(c, 404, 'not_found');
      return c.json({ data: await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => creditNotes(tx, { deskId: desk.id })) });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/concierge/credit-notes',
      permission: 'concierge.use',
      tag: 'concierge',
      summary: 'The caller’s household’s credit notes, newest first, each with the statement it corrects and its reason',
      response: z.object({ data: z.array(CreditNote) }),
    },
    async (c) => {
      const side = await residentSide(db(c), actor(c));
      if (!side) return apiError(c, 404, 'not_found');
      return c.json({ data: await withTenant(db(c), { orgId: side.landlordId }, (tx) => creditNotes(tx, { householdId: side.card.householdId })) });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/payments/:id/reverse',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Cancel a mistaken payment (or payout) by a reversal of the opposite amount; the payment stays in the log; once only',
      description:
        'Requires an Idempotency-Key header (8–100 visible characters). A payment already reversed answers 200 with its reversal (whatever the key) instead of reversing again (201); a key that recorded another operation is 422; a reversal is never reversed (409: record the payment again).',
      body: z.object({}),
      response: Reversed,
    },
    async (c) => {
      const key = idempotencyKey(c);
      if (typeof key !== 'string') return key;
      const id = param(c, 'id');
      try {
        const outcome: Outcome = {};
        const r = await reversePayment(db(c), actor(c), id, key, outcome);
        return c.json(Reversed.parse({ id: r.id, reverses: id, amountCents: r.amountCents, statementId: r.statementId, providerId: r.providerId }), outcome.replayed ? 200 : 201);
      } catch (e) {
        return moneyRefused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/providers/:id/payouts',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Record money paid to a provider for its completed work (prices frozen at dispatch); never more than what remains to pay it',
      description:
        'Requires an Idempotency-Key header (8–100 visible characters): the same key and payout again — even while the first is still being recorded — returns the payout first recorded (200) instead of recording another (201); the same key with another payout is 422.',
      body: PaymentBody,
      response: PaidOut,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (typeof key !== 'string') return key;
      const input = parsePayment(c, body, key);
      if (input instanceof Response) return input;
      const providerId = param(c, 'id');
      try {
        const desk = await staffDesk(db(c), actor(c));
        if (!desk) return apiError(c, 404, 'not_found');
        const outcome: Outcome = {};
        const id = await recordProviderPayout(db(c), actor(c), providerId, input, outcome);
        const out = await withTenant(db(c), { orgId: desk.organisation_id }, async (tx) => {
          const p = await tx.selectFrom('concierge_payments').select('amount_cents').where('id', '=', id).executeTakeFirstOrThrow();
          const [balance] = await providerBalances(tx, desk.id, providerId);
          return { id, providerId, amountCents: p.amount_cents as number, remainingCents: balance?.remaining_cents ?? 0 };
        });
        return c.json(PaidOut.parse(out), outcome.replayed ? 200 : 201);
      } catch (e) {
        return moneyRefused(c, e);
      }
    },
  );
}
