import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Tx } from '../../../platform/db/tenant.js';
import type { Desk } from '../queries/desk.js';
import type { PaymentInput } from '../schemas.js';

/**
 * The organisation's next receipt number. The counter row stays locked until the transaction ends:
 * receipts are numbered one transaction at a time and a rolled-back one gives its number back (no gap).
 */
async function nextReceiptNumber(tx: Tx, orgId: string): Promise<number> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO concierge_receipt_counters (organisation_id, last_number) VALUES (${orgId}, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET last_number = concierge_receipt_counters.last_number + 1
    RETURNING last_number`.execute(tx);
  return r.rows[0].last_number;
}

export type ReceiptParty = { party: 'household' | 'landlord'; landlordId: string; householdId: string | null };

/** The receipt of money received from a household or a landlord; the payment rows it covers name it. */
export async function insertReceipt(tx: Tx, actor: Actor, desk: Desk, p: ReceiptParty, input: PaymentInput): Promise<{ id: string; number: number }> {
  const number = await nextReceiptNumber(tx, desk.organisation_id);
  const row = await tx
    .insertInto('concierge_receipts')
    .values({
      organisation_id: desk.organisation_id,
      landlord_id: p.landlordId,
      desk_id: desk.id,
      number,
      party: p.party,
      household_id: p.householdId,
      method: input.method,
      amount_cents: input.amountCents,
      paid_on: input.paidOn,
      reference: input.reference,
      recorded_by: actor.userId,
      idempotency_key: input.idempotencyKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id as string, number };
}
