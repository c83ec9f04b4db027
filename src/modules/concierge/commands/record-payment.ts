import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { checkPayment } from '../domain/payments.js';
import { FieldError } from '../errors.js';
import { providerBalances, statementMoney } from '../queries/balances.js';
import { todayInParis } from '../queries/desk.js';
import { isUuid, type PaymentInput } from '../schemas.js';
import { asStaff } from './parcels.js';
import { noticeReceipt } from './notices.js';
import { insertReceipt } from './receipts.js';

/**
 * Payments of one statement (or to one provider) take turns: the transaction-scoped advisory lock is
 * held until commit, so two desks recording at once read each other's payment before checking the
 * outstanding amount. (A row lock would need UPDATE on tables that are append-only for the app.)
 */
export async function lockOwed(tx: Tx, id: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`concierge.payment.${id}`}, 0))`.execute(tx);
}

/** Replays of one Idempotency-Key return the payment first recorded, whatever was sent again. */
async function replay(tx: Tx, orgId: string, key: string): Promise<string | null> {
  const row = await tx.selectFrom('concierge_payments').select('id').where('organisation_id', '=', orgId).where('idempotency_key', '=', key).executeTakeFirst();
  return (row?.id as string | undefined) ?? null;
}

/** What a command did with an Idempotency-Key: `replayed` when it answered with what the key first recorded. */
export type Outcome = { replayed?: boolean };

/**
 * The receipt an Idempotency-Key first recorded, when the same payment is sent again (read after the
 * statement's lock, so a send that waited on the first one replays it); the same key with another
 * payment is a field error.
 */
export async function sameReceipt(tx: Tx, orgId: string, input: PaymentInput, householdId: string | null, outcome?: Outcome): Promise<string | null> {
  const row = await tx
    .selectFrom('concierge_receipts')
    .select(['id', 'household_id', 'method', 'amount_cents', 'reference'])
    .select(sql<string>`paid_on::text`.as('paid_on'))
    .where('organisation_id', '=', orgId)
    .where('idempotency_key', '=', input.idempotencyKey)
    .executeTakeFirst();
  if (!row) return null;
  const same = row.method === input.method && row.amount_cents === input.amountCents && row.paid_on === input.paidOn && row.reference === input.reference && (householdId === null || row.household_id === householdId);
  if (!same) throw new FieldError('idempotencyKey', 'concierge.error.keyReused');
  if (outcome) outcome.replayed = true;
  return row.id as string;
}

export function checkDate(input: PaymentInput): void {
  const d = new Date(`${input.paidOn}T12:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== input.paidOn) throw new FieldError('paidOn', 'concierge.error.paidOn');
  if (input.paidOn > todayInParis()) throw new FieldError('paidOn', 'concierge.error.paidOnFuture');
}

function checkAmount(amountCents: number, outstanding: number): void {
  const check = checkPayment(amountCents, outstanding);
  if (!check.ok) throw new FieldError('amount', check.error === 'amount_not_positive' ? 'concierge.error.amountPositive' : 'concierge.error.amountOver');
}

/** Records money received against an issued statement (a household's or a landlord's); never more than it still awaits. A household is sent its receipt (link under `publicUrl`). */
export async function recordStatementPayment(db: Db, actor: Actor, statementId: string, input: PaymentInput, outcome?: Outcome, publicUrl = ''): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    const st = isUuid(statementId)
      ? await tx.selectFrom('concierge_statements').select(['id', 'kind', 'landlord_id', 'number', 'party', 'household_id']).where('id', '=', statementId).where('desk_id', '=', desk.id).executeTakeFirst()
      : undefined;
    if (!st) throw new HttpError(404);
    if (st.kind !== 'statement') throw new HttpError(409, 'concierge.error.payCredit');
    await lockOwed(tx, st.id as string);
    const again = await replay(tx, desk.organisation_id, input.idempotencyKey);
    if (again) {
      const payment = await tx.selectFrom('concierge_payments').select('statement_id').where('id', '=', again).executeTakeFirstOrThrow();
      if (payment.statement_id !== st.id || !(await sameReceipt(tx, desk.organisation_id, input, null, outcome))) throw new FieldError('idempotencyKey', 'concierge.error.keyReused');
      return again;
    }
    checkDate(input);
    const money = await statementMoney(tx, st.id as string);
    checkAmount(input.amountCents, money?.outstandingCents ?? 0);
    const receipt = await insertReceipt(tx, actor, desk, { party: st.party, landlordId: st.landlord_id, householdId: st.household_id }, input);
    const row = await tx
      .insertInto('concierge_payments')
      .values({
        organisation_id: desk.organisation_id,
        landlord_id: st.landlord_id,
        desk_id: desk.id,
        statement_id: st.id,
        receipt_id: receipt.id,
        kind: 'payment',
        method: input.method,
        amount_cents: input.amountCents,
        paid_on: input.paidOn,
        reference: input.reference,
        recorded_by: actor.userId,
        idempotency_key: input.idempotencyKey,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'concierge.payment.recorded',
      actor,
      targetType: 'concierge_statement',
      targetId: st.id as string,
      details: { paymentId: row.id, number: st.number, receiptNumber: receipt.number, amountCents: input.amountCents, method: input.method },
    });
    await noticeReceipt(tx, desk.organisation_id, receipt.id, publicUrl);
    return row.id as string;
  });
}

/** Records a payout to a provider for its completed work; never more than what remains to pay it. */
export async function recordProviderPayout(db: Db, actor: Actor, providerId: string, input: PaymentInput, outcome?: Outcome): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    if (!isUuid(providerId)) throw new HttpError(404);
    await lockOwed(tx, providerId);
    const [balance] = await providerBalances(tx, desk.id, providerId);
    if (!balance) throw new HttpError(404);
    // Read after the provider's lock: a send that waited on the first one replays it; the same key with another payout is a field error.
    const again = await replay(tx, desk.organisation_id, input.idempotencyKey);
    if (again) {
      const p = await tx.selectFrom('concierge_payments').select(['provider_id', 'kind', 'method', 'amount_cents', 'reference']).select(sql<string>`paid_on::text`.as('paid_on')).where('id', '=', again).executeTakeFirstOrThrow();
      const same = p.provider_id === providerId && p.kind === 'payment' && p.method === input.method && p.amount_cents === input.amountCents && p.paid_on === input.paidOn && p.reference === input.reference;
      if (!same) throw new FieldError('idempotencyKey', 'concierge.error.keyReused');
      if (outcome) outcome.replayed = true;
      return again;
    }
    checkDate(input);
    checkAmount(input.amountCents, balance.remaining_cents);
    const row = await tx
      .insertInto('concierge_payments')
      .values({
        organisation_id: desk.organisation_id,
        desk_id: desk.id,
        provider_id: providerId,
        kind: 'payment',
        method: input.method,
        amount_cents: input.amountCents,
        paid_on: input.paidOn,
        reference: input.reference,
        recorded_by: actor.userId,
        idempotency_key: input.idempotencyKey,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'concierge.payout.recorded',
      actor,
      targetType: 'concierge_provider',
      targetId: providerId,
      details: { paymentId: row.id, amountCents: input.amountCents, method: input.method },
    });
    return row.id as string;
  });
}

/**
 * Cancels a mistaken payment by a reversal row of the opposite amount that names it; the payment
 * itself stays in the log. Once only; a reversal is never reversed (record the payment again).
 */
export async function reversePayment(
  db: Db,
  actor: Actor,
  paymentId: string,
  idempotencyKey: string,
  outcome?: Outcome,
): Promise<{ id: string; statementId: string | null; providerId: string | null; amountCents: number }> {
  return asStaff(db, actor, async (tx, desk) => {
    const p = isUuid(paymentId) ? await tx.selectFrom('concierge_payments').selectAll().where('id', '=', paymentId).where('desk_id', '=', desk.id).executeTakeFirst() : undefined;
    if (!p) throw new HttpError(404);
    const where = { statementId: p.statement_id as string | null, providerId: p.provider_id as string | null, amountCents: -p.amount_cents };
    if (p.kind !== 'payment') throw new HttpError(409, 'concierge.error.reverseReversal');
    await lockOwed(tx, (p.statement_id ?? p.provider_id) as string);
    // Read after the lock: a key that already recorded something else is refused (never a unique violation).
    const keyed = await tx.selectFrom('concierge_payments').select(['id', 'reverses_id']).where('organisation_id', '=', desk.organisation_id).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    if (keyed && keyed.reverses_id !== paymentId) throw new FieldError('idempotencyKey', 'concierge.error.keyReused');
    const done = await tx.selectFrom('concierge_payments').select('id').where('reverses_id', '=', paymentId).executeTakeFirst();
    if (done) {
      if (outcome) outcome.replayed = true;
      return { id: done.id as string, ...where };
    }
    const row = await tx
      .insertInto('concierge_payments')
      .values({
        organisation_id: desk.organisation_id,
        landlord_id: p.landlord_id,
        desk_id: desk.id,
        statement_id: p.statement_id,
        provider_id: p.provider_id,
        kind: 'reversal',
        reverses_id: p.id,
        method: p.method,
        amount_cents: -p.amount_cents,
        paid_on: todayInParis(),
        reference: '',
        recorded_by: actor.userId,
        idempotency_key: idempotencyKey,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'concierge.payment.reversed',
      actor,
      targetType: 'concierge_payment',
      targetId: paymentId,
      details: { reversalId: row.id, amountCents: -p.amount_cents },
    });
    return { id: row.id as string, ...where };
  });
}
