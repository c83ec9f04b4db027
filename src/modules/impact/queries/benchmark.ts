import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { Period } from '../domain/period.js';

/**
 * The indicators the benchmark function knows: the directory's, recomputed for each member (short keys,
 * as members first shared them), and catalogue indicators read from each member's nightly snapshot.
 */
export const BENCHMARK_KEYS = ['occupancy_rate', 'paper_share', 'household_size', 'turnover_rate', 'spaces.coworking_occupancy', 'community.attendance_rate', 'community.answered_share', 'community.answer_days_median'] as const;
export type BenchmarkKey = (typeof BENCHMARK_KEYS)[number];

/** The catalogue key of a benchmark key (the directory's are shared under their short name). */
export const catalogueKey = (key: BenchmarkKey): string => (key.includes('.') ? key : `directory.${key}`);

/** The anonymous distribution of one indicator across a network's contributing members. */
export type Distribution = {
  key: BenchmarkKey;
  members: number;
  q1: number | null;
  median: number | null;
  q3: number | null;
  own: number | null;
};

export type NetworkRef = { id: string; name: string };

/** The networks the actor's organisation is, or belongs to. */
export async function networksOf(db: Db, actor: Actor): Promise<NetworkRef[]> {
  const rows = await db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name'])
    .where('o.kind', '=', 'network')
    .where((w) =>
      w.or([w('o.id', '=', actor.orgId), w.exists(w.selectFrom('network_memberships as m').select('m.member_id').whereRef('m.network_id', '=', 'o.id').where('m.member_id', '=', actor.orgId))]),
    )
    .orderBy('o.name')
    .execute();
  return rows as NetworkRef[];
}

/** Whether the actor's organisation is a member of at least one network now (network_memberships is shared). */
export async function inSomeNetwork(db: Db, actor: Actor): Promise<boolean> {
  if (!actor.orgId) return false;
  return (await db.selectFrom('network_memberships').select('network_id').where('member_id', '=', actor.orgId).limit(1).executeTakeFirst()) !== undefined;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Each benchmark indicator's distribution, through the SECURITY DEFINER function: the caller never
 * reads a member's rows, only quartiles of figures drawn from enough households and members.
 */
export async function benchmark(db: Db, actor: Actor, networkId: string, period: Period): Promise<Distribution[]> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const out: Distribution[] = [];
    for (const key of BENCHMARK_KEYS) {
      const r = await sql<{
        members: number;
        q1: string | null;
        median: string | null;
        q3: string | null;
        own: string | null;
      }>`
        select * from impact_network_benchmark(${networkId}::uuid, ${key}, ${period.from}::date, ${period.to}::date)`.execute(tx);
      const row = r.rows[0];
      out.push({
        key,
        members: row.members,
        q1: num(row.q1),
        median: num(row.median),
        q3: num(row.q3),
        own: num(row.own),
      });
    }
    return out;
  });
}

/** Which indicators the actor's organisation shares with a network. */
export async function sharedKeys(db: Db, actor: Actor, networkId: string): Promise<string[]> {
  const rows = await withTenant(db, { orgId: actor.orgId }, (tx) => tx.selectFrom('impact_network_shares').select('indicator_key').where('network_id', '=', networkId).execute());
  return rows.map((r) => r.indicator_key as string);
}
