import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type FundBalance = { id: string; name: string; credits: number; commitments: number; releases: number; payments: number; available: number };

/**
 * The fund of a programme, its row locked when `lock` is set: every decision that commits money
 * takes this lock first, so two decisions cannot both spend the last euros.
 */
export async function fundOf(tx: Tx, programmeId: string, lock = false): Promise<FundBalance | undefined> {
  let q = tx.selectFrom('support_funds').select(['id', 'name']).where('programme_id', '=', programmeId);
  if (lock) q = q.forUpdate();
  const fund = await q.executeTakeFirst();
  if (!fund) return undefined;
  const sums = await tx
    .selectFrom('support_fund_entries')
    .select([
      sql<number>`coalesce(sum(amount_cents) filter (where kind = 'credit'), 0)::bigint`.as('credits'),
      sql<number>`coalesce(sum(amount_cents) filter (where kind = 'commitment'), 0)::bigint`.as('commitments'),
      sql<number>`coalesce(sum(amount_cents) filter (where kind = 'release'), 0)::bigint`.as('releases'),
      sql<number>`coalesce(sum(amount_cents) filter (where kind = 'payment'), 0)::bigint`.as('payments'),
    ])
    .where('fund_id', '=', fund.id)
    .executeTakeFirstOrThrow();
  const n = { credits: Number(sums.credits), commitments: Number(sums.commitments), releases: Number(sums.releases), payments: Number(sums.payments) };
  return { id: fund.id as string, name: fund.name as string, ...n, available: n.credits - n.commitments + n.releases };
}

export async function addFundEntry(tx: Tx, e: { organisationId: string; fundId: string; kind: 'credit' | 'commitment' | 'release' | 'payment'; amountCents: number; decisionId?: string; label?: string; contributor?: 'landlord' | 'partner' }) {
  await tx
    .insertInto('support_fund_entries')
    .values({ organisation_id: e.organisationId, fund_id: e.fundId, kind: e.kind, amount_cents: e.amountCents, decision_id: e.decisionId ?? null, label: e.label ?? '', contributor: e.contributor ?? null })
    .execute();
}
