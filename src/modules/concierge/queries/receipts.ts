import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type ReceiptRow = {
  id: string;
  number: number;
  party: string;
  household_id: string | null;
  party_name: string | null;
  method: string;
  amount_cents: number;
  paid_on: string;
  reference: string;
  recorded_at: Date;
  issuer: string;
};
export type ReceiptPart = { statement_id: string; number: number; period: string; amount_cents: number; reversed: boolean };
export type ReceiptDetail = { receipt: ReceiptRow; parts: ReceiptPart[] };

/** A receipt with the statements it paid (and whether each part was later reversed); `householdId` limits it to that household. */
export async function receiptDetail(tx: Tx, id: string, householdId: string | null): Promise<ReceiptDetail | null> {
  let q = tx
    .selectFrom('concierge_receipts as r')
    .innerJoin('concierge_desks as d', 'd.id', 'r.desk_id')
    .leftJoin('organisations as io', 'io.id', 'r.organisation_id')
    .leftJoin('organisations as lo', 'lo.id', 'r.landlord_id')
    .select(['r.id', 'r.number', 'r.party', 'r.household_id', 'r.method', 'r.amount_cents', sql<string>`r.paid_on::text`.as('paid_on'), 'r.reference', 'r.recorded_at'])
    .select([
      sql<string | null>`CASE WHEN r.party = 'household' THEN (SELECT s.household_name FROM concierge_subscriptions s WHERE s.household_id = r.household_id AND s.desk_id = r.desk_id ORDER BY s.starts_on DESC LIMIT 1) ELSE lo.name END`.as('party_name'),
      sql<string>`CASE WHEN io.name IS NOT NULL AND io.name <> d.name THEN io.name || ' — ' || d.name ELSE d.name END`.as('issuer'),
    ])
    .where('r.id', '=', id);
  if (householdId) q = q.where('r.household_id', '=', householdId);
  const receipt = (await q.executeTakeFirst()) as ReceiptRow | undefined;
  if (!receipt) return null;
  const parts = (await tx
    .selectFrom('concierge_payments as p')
    .innerJoin('concierge_statements as st', 'st.id', 'p.statement_id')
    .select(['p.statement_id', 'st.number', 'st.period', 'p.amount_cents'])
    .select(sql<boolean>`EXISTS (SELECT 1 FROM concierge_payments x WHERE x.reverses_id = p.id)`.as('reversed'))
    .where('p.receipt_id', '=', id)
    .orderBy('st.issued_at')
    .orderBy('st.number')
    .execute()) as ReceiptPart[];
  return { receipt, parts };
}

export type ReceiptListRow = { id: string; number: number; paid_on: string; method: string; amount_cents: number };

/** The receipts of a household (or, without one, the desk's), newest first. */
export async function listReceipts(tx: Tx, where: { deskId?: string; householdId?: string; statementId?: string }): Promise<ReceiptListRow[]> {
  let q = tx
    .selectFrom('concierge_receipts as r')
    .select(['r.id', 'r.number', sql<string>`r.paid_on::text`.as('paid_on'), 'r.method', 'r.amount_cents'])
    .orderBy('r.number', 'desc')
    .limit(100);
  if (where.deskId) q = q.where('r.desk_id', '=', where.deskId);
  if (where.householdId) q = q.where('r.household_id', '=', where.householdId);
  if (where.statementId) q = q.where((e) => e.exists(e.selectFrom('concierge_payments as p').select('p.id').whereRef('p.receipt_id', '=', 'r.id').where('p.statement_id', '=', where.statementId as string)));
  return (await q.execute()) as ReceiptListRow[];
}
