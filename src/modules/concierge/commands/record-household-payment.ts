import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { HttpError } from '../../../platform/http/errors.js';
import { allocateOldestFirst } from '../domain/payments.js';
import { FieldError } from '../errors.js';
import { unpaidStatements } from '../queries/balances.js';
import { isUuid, type PaymentInput } from '../schemas.js';
import { asStaff } from './parcels.js';
import { checkDate, lockOwed, type Outcome, sameReceipt } from './record-payment.js';
import { noticeReceipt } from './notices.js';
import { insertReceipt } from './receipts.js';

/**
 * One payment from a subscriber's household (named by its subscription at the desk) covering several of its statements, allocated oldest first, with one
 * receipt. The household's statements are locked in a fixed order (by id) with the same lock a single
 * payment takes, then what they still await is read again: never more than owed in total, even with
 * another desk recording at the same time. The household is sent its receipt (link under `publicUrl`). Returns the receipt's id.
 */
export async function recordHouseholdPayment(db: Db, actor: Actor, subscriptionId: string, input: PaymentInput, outcome?: Outcome, publicUrl = ''): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    const sub = isUuid(subscriptionId) ? await tx.selectFrom('concierge_subscriptions').select('household_id').where('id', '=', subscriptionId).where('desk_id', '=', desk.id).executeTakeFirst() : undefined;
    if (!sub) throw new HttpError(404);
    const householdId = sub.household_id as string;
    const statements = await tx
      .selectFrom('concierge_statements')
      .select(['id', 'landlord_id', 'number'])
      .where('desk_id', '=', desk.id)
      .where('household_id', '=', householdId)
      .where('kind', '=', 'statement')
      .orderBy('id')
      .execute();
    if (!statements.length) throw new HttpError(404);
    for (const s of statements) await lockOwed(tx, s.id as string);
    // After the locks: a send that waited on the first with the same key replays it.
    const again = await sameReceipt(tx, desk.organisation_id, input, householdId, outcome);
    if (again) return again;
    checkDate(input);
    const unpaid = await unpaidStatements(tx, desk.id, householdId);
    const parts = allocateOldestFirst(
      input.amountCents,
      unpaid.map((u) => ({ id: u.id, outstandingCents: u.outstanding_cents })),
    );
    if (!parts) throw new FieldError('amount', input.amountCents > 0 ? 'concierge.error.amountOver' : 'concierge.error.amountPositive');
    const landlordId = statements[0].landlord_id as string;
    const receipt = await insertReceipt(tx, actor, desk, { party: 'household', landlordId, householdId }, input);
    const numbers = new Map(unpaid.map((u) => [u.id, u.number]));
    await tx
      .insertInto('concierge_payments')
      .values(
        parts.map((p, i) => ({
          organisation_id: desk.organisation_id,
          landlord_id: landlordId,
          desk_id: desk.id,
          statement_id: p.id,
          receipt_id: receipt.id,
          kind: 'payment',
          method: input.method,
          amount_cents: p.cents,
          paid_on: input.paidOn,
          reference: input.reference,
          recorded_by: actor.userId,
          idempotency_key: `${input.idempotencyKey}/${i + 1}`,
        })),
      )
      .execute();
    await audit(tx, {
      action: 'concierge.payment.recorded',
      actor,
      targetType: 'concierge_receipt',
      targetId: receipt.id,
      details: { receiptNumber: receipt.number, amountCents: input.amountCents, method: input.method, statements: parts.map((p) => ({ number: numbers.get(p.id), cents: p.cents })) },
    });
    await noticeReceipt(tx, desk.organisation_id, receipt.id, publicUrl);
    return receipt.id;
  });
}
