import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { outstandingCents } from '../domain/payments.js';

export type PaymentRow = {
  id: string;
  kind: 'payment' | 'reversal';
  reverses_id: string | null;
  method: string;
  amount_cents: number;
  paid_on: string;
  reference: string;
  recorded_at: Date;
  reversed: boolean;
};

const PAYMENT_COLUMNS = [
  'p.id',
  'p.kind',
  'p.reverses_id',
  'p.method',
  'p.amount_cents',
  sql<string>`p.paid_on::text`.as('paid_on'),
  'p.reference',
  'p.recorded_at',
  sql<boolean>`EXISTS (SELECT 1 FROM concierge_payments r WHERE r.reverses_id = p.id)`.as('reversed'),
] as const;

export type StatementMoney = { grossCents: number; creditedCents: number; paidCents: number; outstandingCents: number; payments: PaymentRow[] };

/** A statement's money: its amount, its credit note, the payments and reversals against it, what is still owed. */
export async function statementMoney(tx: Tx, statementId: string): Promise<StatementMoney | null> {
  const st = await tx
    .selectFrom('concierge_statements as st')
    .select([
      'st.gross_cents',
      sql<number>`coalesce((SELECT sum(c.gross_cents) FROM concierge_statements c WHERE c.corrects_id = st.id), 0)::int`.as('credited'),
      sql<number>`coalesce((SELECT sum(p.amount_cents) FROM concierge_payments p WHERE p.statement_id = st.id), 0)::int`.as('paid'),
    ])
    .where('st.id', '=', statementId)
    .where('st.kind', '=', 'statement')
    .executeTakeFirst();
  if (!st) return null;
  const payments = (await tx.selectFrom('concierge_payments as p').select(PAYMENT_COLUMNS).where('p.statement_id', '=', statementId).orderBy('p.recorded_at').execute()) as PaymentRow[];
  const money = { grossCents: st.gross_cents as number, creditedCents: st.credited, paidCents: st.paid };
  return { ...money, outstandingCents: outstandingCents(money), payments };
}

export type Balance = { issuedCents: number; creditedCents: number; paidCents: number; balanceCents: number };

/** A household's account: issued statements − credit notes − payments (positive: it owes; negative: it is owed). */
export async function householdBalance(tx: Tx, householdId: string): Promise<Balance> {
  const r = await sql<{ issued: number; credited: number; paid: number }>`
    SELECT
      coalesce((SELECT sum(gross_cents) FROM concierge_statements WHERE household_id = ${householdId} AND kind = 'statement'), 0)::int AS issued,
      coalesce((SELECT sum(gross_cents) FROM concierge_statements WHERE household_id = ${householdId} AND kind = 'credit_note'), 0)::int AS credited,
      coalesce((SELECT sum(p.amount_cents) FROM concierge_payments p JOIN concierge_statements s ON s.id = p.statement_id WHERE s.household_id = ${householdId}), 0)::int AS paid`.execute(tx);
  const { issued, credited, paid } = r.rows[0];
  return { issuedCents: issued, creditedCents: credited, paidCents: paid, balanceCents: issued + credited - paid };
}

export type UnpaidStatement = {
  id: string;
  number: number;
  period: string;
  party: string;
  party_name: string | null;
  issued_at: Date;
  gross_cents: number;
  settled_cents: number;
  outstanding_cents: number;
};

/** The desk's statements still awaiting money, oldest first. */
export async function unpaidStatements(tx: Tx, deskId: string, householdId?: string): Promise<UnpaidStatement[]> {
  const r = await sql<UnpaidStatement>`
    SELECT * FROM (
      SELECT st.id, st.number, st.period, st.party, coalesce(s.household_name, o.name) AS party_name, st.issued_at, st.gross_cents,
        (coalesce((SELECT -sum(c.gross_cents) FROM concierge_statements c WHERE c.corrects_id = st.id), 0)
          + coalesce((SELECT sum(p.amount_cents) FROM concierge_payments p WHERE p.statement_id = st.id), 0))::int AS settled_cents
      FROM concierge_statements st
      LEFT JOIN concierge_subscriptions s ON s.id = st.subscription_id
      LEFT JOIN organisations o ON o.id = st.landlord_id
      WHERE st.desk_id = ${deskId} AND st.kind = 'statement' ${householdId ? sql`AND st.household_id = ${householdId}` : sql``}
    ) x, LATERAL (SELECT (x.gross_cents - x.settled_cents)::int AS outstanding_cents) o
    WHERE o.outstanding_cents > 0
    ORDER BY x.issued_at, x.number
    LIMIT 500`.execute(tx);
  return r.rows;
}

export type ProviderBalance = { id: string; name: string; labels: string[]; owed_cents: number; paid_cents: number; remaining_cents: number };

// What a provider is owed: its completed requests at the price frozen at dispatch, VAT included
// (rounded half away from zero per request, as the statements do).
const OWED = sql`coalesce((SELECT sum(r.net_cents + round(r.net_cents * r.vat_rate_bp / 10000.0)) FROM concierge_requests r
  WHERE r.provider_id = pr.id AND r.status IN ('done', 'closed') AND r.net_cents IS NOT NULL), 0)::int`;
const PAID = sql`coalesce((SELECT sum(p.amount_cents) FROM concierge_payments p WHERE p.provider_id = pr.id), 0)::int`;

/** Per provider of the desk: owed for completed work, paid out, what remains to pay (providers with nothing owed left out). */
export async function providerBalances(tx: Tx, deskId: string, providerId?: string): Promise<ProviderBalance[]> {
  const r = await sql<ProviderBalance>`
    SELECT pr.id, pr.name, pr.labels, ${OWED} AS owed_cents, ${PAID} AS paid_cents, (${OWED} - ${PAID})::int AS remaining_cents
    FROM concierge_providers pr
    WHERE pr.desk_id = ${deskId} ${providerId ? sql`AND pr.id = ${providerId}` : sql``}
    ORDER BY pr.name`.execute(tx);
  return r.rows.filter((p) => providerId || p.owed_cents !== 0 || p.paid_cents !== 0);
}

/** The payouts recorded for a provider, newest first. */
export async function providerPayments(tx: Tx, providerId: string): Promise<PaymentRow[]> {
  return (await tx.selectFrom('concierge_payments as p').select(PAYMENT_COLUMNS).where('p.provider_id', '=', providerId).orderBy('p.recorded_at', 'desc').limit(100).execute()) as PaymentRow[];
}
