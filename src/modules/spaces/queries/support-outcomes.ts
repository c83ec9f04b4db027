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

export type SupportOutcomesRow = { residenceId: string | null; sessions: number; households: number; jobsFound: number; trainingsEntered: number };

/**
 * The same counts by residence, plus a row for the whole organisation (residenceId null: its distinct
 * households are counted over all residences, never summed). Counts only. Call inside withTenant.
 */
export async function supportOutcomesByResidence(tx: Tx, p: { organisationId: string; from: string; to: string; residenceIds?: string[] | null }): Promise<SupportOutcomesRow[]> {
  const inScope = p.residenceIds ? sql`and residence_id = any(${p.residenceIds}::uuid[])` : sql``;
  const r = await sql<{ residence_id: string | null; sessions: number; households: number; jobs: number; trainings: number }>`
    select residence_id, count(*)::int as sessions, count(distinct household_id)::int as households,
      count(*) filter (where outcome = 'job_found')::int as jobs, count(*) filter (where outcome = 'training_entered')::int as trainings
    from space_support_sessions
    where organisation_id = ${p.organisationId} and held_on >= ${p.from}::date and held_on < ${p.to}::date ${inScope}
    group by grouping sets ((residence_id), ())`.execute(tx);
  const rows = r.rows.map((x) => ({ residenceId: x.residence_id, sessions: x.sessions, households: x.households, jobsFound: x.jobs, trainingsEntered: x.trainings }));
  if (!rows.some((x) => x.residenceId === null)) rows.push({ residenceId: null, sessions: 0, households: 0, jobsFound: 0, trainingsEntered: 0 });
  return rows;
}
