import type { Tx } from '../../../platform/db/tenant.js';
import type { StatementLine, StatementRow } from './statements.js';

export type PayoutRow = StatementRow & { provider_id: string };

function base(tx: Tx) {
  return tx
    .selectFrom('concierge_payout_statements as s')
    .innerJoin('concierge_providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.number', 's.period', 's.provider_id', 's.net_cents', 's.vat_cents', 's.gross_cents', 's.issued_at', 'p.name as party_name']);
}

const shaped = (r: Record<string, unknown>): PayoutRow => ({ ...(r as PayoutRow), kind: 'payout', party: 'provider', household_id: null, corrects_id: null });

/** Payout statements of a desk (staff) or of some providers (a provider's own account), newest first. */
export async function listPayouts(tx: Tx, where: { deskId?: string; providerIds?: string[] }): Promise<PayoutRow[]> {
  let q = base(tx).orderBy('s.number', 'desc').limit(200);
  if (where.deskId) q = q.where('s.desk_id', '=', where.deskId);
  if (where.providerIds) q = where.providerIds.length ? q.where('s.provider_id', 'in', where.providerIds) : q.where('s.id', 'is', null);
  return (await q.execute()).map(shaped);
}

/** One payout statement and its lines (RLS decides who reads it: the association, or the provider's own account). */
export async function payoutDetail(tx: Tx, id: string): Promise<{ statement: PayoutRow; lines: StatementLine[]; issuer: string } | null> {
  const row = await base(tx)
    .leftJoin('concierge_desks as d', 'd.id', 's.desk_id')
    .leftJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['d.name as desk', 'o.name as org'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const lines = (await tx
    .selectFrom('concierge_payout_lines')
    .select(['position', 'label', 'quantity', 'unit_cents', 'vat_rate_bp', 'net_cents', 'vat_cents', 'gross_cents'])
    .where('payout_id', '=', id)
    .orderBy('position')
    .execute()) as StatementLine[];
  const issuer = row.org && row.desk && row.org !== row.desk ? `${row.org} — ${row.desk}` : ((row.org ?? row.desk ?? '') as string);
  return { statement: shaped(row), lines, issuer };
}
