import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/**
 * Median days from a proposal to its first answer, over the proposals of [from, to) answered so far, in
 * the residences given (null: every process, landlord-wide ones included). Medians of several residences
 * cannot be combined from theirs, so the scope is taken in one query. Hidden proposals are left out, as
 * in the counts. Call inside withTenant.
 */
export async function proposalAnswerMedian(tx: Tx, from: Date, to: Date, residenceIds: string[] | null): Promise<number | null> {
  if (residenceIds && residenceIds.length === 0) return null;
  const scope = residenceIds ? sql`and c.residence_id = any(${residenceIds}::uuid[])` : sql``;
  const r = await sql<{ days: number | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from a.first_answer - p.created_at) / 86400)::float as days
    from community_proposals p
    join community_processes c on c.id = p.process_id
    join lateral (select min(x.answered_at) as first_answer from community_answers x where x.proposal_id = p.id) a on a.first_answer is not null
    where p.hidden_at is null and p.created_at >= ${from} and p.created_at < ${to} ${scope}`.execute(tx);
  const days = r.rows[0]?.days;
  return days === null || days === undefined ? null : Math.round(Number(days) * 10) / 10;
}
