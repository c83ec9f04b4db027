import type { Tx } from '../../../platform/db/tenant.js';

export type StatementRow = {
  id: string;
  number: number;
  kind: string;
  party: string;
  period: string;
  household_id: string | null;
  corrects_id: string | null;
  /** A credit note's reason (empty for statements). */
  reason?: string;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
  issued_at: Date;
  party_name: string | null;
};
export type StatementLine = {
  position: number;
  label: string;
  quantity: number;
  unit_cents: number;
  vat_rate_bp: number;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
};

function base(tx: Tx) {
  return tx
    .selectFrom('concierge_statements as st')
    .leftJoin('concierge_subscriptions as s', 's.id', 'st.subscription_id')
    .leftJoin('organisations as o', 'o.id', 'st.landlord_id')
    .select(['st.id', 'st.number', 'st.kind', 'st.party', 'st.period', 'st.household_id', 'st.corrects_id', 'st.reason', 'st.net_cents', 'st.vat_cents', 'st.gross_cents', 'st.issued_at'])
    .select((e) => e.fn.coalesce('s.household_name', 'o.name').as('party_name'));
}

export async function listStatements(tx: Tx, where: { deskId?: string; householdId?: string }): Promise<StatementRow[]> {
  let q = base(tx).orderBy('st.number', 'desc').limit(200);
  if (where.deskId) q = q.where('st.desk_id', '=', where.deskId);
  if (where.householdId) q = q.where('st.household_id', '=', where.householdId);
  return (await q.execute()) as StatementRow[];
}

export async function statementDetail(
  tx: Tx,
  id: string,
  householdId: string | null,
): Promise<{
  statement: StatementRow;
  lines: StatementLine[];
  /** The latest credit note correcting it, and all of them (a statement may be cancelled in parts). */
  creditNoteId: string | null;
  creditNotes: { id: string; number: number }[];
} | null> {
  let q = base(tx).where('st.id', '=', id);
  if (householdId) q = q.where('st.household_id', '=', householdId);
  const statement = (await q.executeTakeFirst()) as StatementRow | undefined;
  if (!statement) return null;
  const lines = (await tx
    .selectFrom('concierge_statement_lines')
    .select(['position', 'label', 'quantity', 'unit_cents', 'vat_rate_bp', 'net_cents', 'vat_cents', 'gross_cents'])
    .where('statement_id', '=', id)
    .orderBy('position')
    .execute()) as StatementLine[];
  const credits = (await tx.selectFrom('concierge_statements').select(['id', 'number']).where('corrects_id', '=', id).orderBy('number').execute()) as { id: string; number: number }[];
  return {
    statement,
    lines,
    creditNoteId: credits.at(-1)?.id ?? null,
    creditNotes: credits,
  };
}

/** The numbers a statement's PDF refers to: the statement a credit note corrects, the credit notes correcting a statement. */
export async function statementReferences(
  tx: Tx,
  detail: { statement: StatementRow; creditNotes: { number: number }[] },
): Promise<{ correctsNumber: number | null; correctedByNumbers: number[] }> {
  const id = detail.statement.corrects_id;
  const corrects = id ? (((await tx.selectFrom('concierge_statements').select('number').where('id', '=', id).executeTakeFirst())?.number as number | undefined) ?? null) : null;
  return { correctsNumber: corrects, correctedByNumbers: detail.creditNotes.map((c) => c.number) };
}

/** The issuing organisation's name as printed on its statements (its desk's name beside it). */
export async function issuerName(tx: Tx, statementId: string): Promise<string> {
  const r = await tx
    .selectFrom('concierge_statements as st')
    .innerJoin('concierge_desks as d', 'd.id', 'st.desk_id')
    .leftJoin('organisations as o', 'o.id', 'st.organisation_id')
    .select(['d.name as desk', 'o.name as org'])
    .where('st.id', '=', statementId)
    .executeTakeFirst();
  if (!r) return '';
  return r.org && r.org !== r.desk ? `${r.org} — ${r.desk}` : (r.desk as string);
}
