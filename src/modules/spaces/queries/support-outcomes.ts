import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type SupportOutcomes = {
  sessions: number;
  minutes: number;
  /** Distinct households helped (anonymous sessions are not in it). */
  households: number;
  anonymousSessions: number;
  byTopic: Record<string, number>;
  byOutcome: Record<string, number>;
};

/**
 * Counts of the facilitators' support sessions of an organisation held in [from, to) (local dates
 * 'YYYY-MM-DD'), optionally only in some residences: sessions, minutes, distinct households,
 * anonymous sessions, and sessions per topic and per outcome (job found, training entered, procedure
 * completed). Counts only, never who. Call inside withTenant for that organisation.
 */
export async function supportOutcomes(tx: Tx, p: { organisationId: string; from: string; to: string; residenceIds?: string[] | null }): Promise<SupportOutcomes> {
  let base = tx.selectFrom('space_support_sessions').where('organisation_id', '=', p.organisationId).where('held_on', '>=', p.from).where('held_on', '<', p.to);
  if (p.residenceIds) base = base.where('residence_id', 'in', p.residenceIds.length ? p.residenceIds : ['00000000-0000-0000-0000-000000000000']);
  const [totals, topics, outcomes] = await Promise.all([
    base
      .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(minutes), 0)`.as('minutes'), sql<number>`count(distinct household_id)`.as('households'), sql<number>`count(*) filter (where household_id is null)`.as('anonymous')])
      .executeTakeFirstOrThrow(),
    base.select(['topic', sql<number>`count(*)`.as('n')]).groupBy('topic').execute(),
    base.select(['outcome', sql<number>`count(*)`.as('n')]).where('outcome', 'is not', null).groupBy('outcome').execute(),
  ]);
  return {
    sessions: Number(totals.n),
    minutes: Number(totals.minutes),
    households: Number(totals.households),
    anonymousSessions: Number(totals.anonymous),
    byTopic: Object.fromEntries(topics.map((r) => [r.topic as string, Number(r.n)])),
    byOutcome: Object.fromEntries(outcomes.map((r) => [r.outcome as string, Number(r.n)])),
  };
}
