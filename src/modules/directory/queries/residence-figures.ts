import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** Counts of one residence over a period, computed from dwellings, occupancies and households. */
export type ResidenceFigures = {
  residenceId: string;
  name: string;
  kind: string;
  agency: string | null;
  dwellings: number;
  /** Households living there on the last day of the period. */
  households: number;
  residents: number;
  /** Of those households, how many asked for paper mail (a sign of digital exclusion). */
  paperHouseholds: number;
  moveIns: number;
  moveOuts: number;
};

/**
 * The figures of every residence the transaction's organisation holds, for [from, to) (ISO dates).
 * Call inside withTenant; `residenceIds` limits to a staff member's scope.
 */
export async function residenceFigures(
  tx: Tx,
  period: { from: string; to: string },
  residenceIds: string[] | null = null,
  /** What `residenceFiguresAsOf` answered, when the caller already asked it. */
  asOf?: Date | null,
): Promise<ResidenceFigures[]> {
  if ((asOf === undefined ? await residenceFiguresAsOf(tx, period) : asOf) !== null) return summarisedFigures(tx, period, residenceIds);
  return liveFigures(tx, period, residenceIds);
}

function monthsBetween(period: { from: string; to: string }): number {
  const [fy, fm] = period.from.split('-').map(Number);
  const [ty, tm] = period.to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}

/**
 * When the monthly summary (refreshed nightly and after imports) covers every month of the period,
 * the time of its oldest refresh; null when the figures must be computed live.
 */
export async function residenceFiguresAsOf(tx: Tx, period: { from: string; to: string }): Promise<Date | null> {
  if (!period.from.endsWith('-01') || !period.to.endsWith('-01')) return null;
  const r = await sql<{ months: number; at: Date | null }>`
    select count(distinct month)::int as months, min(refreshed_at) as at from residence_months
    where month >= ${period.from}::date and month < ${period.to}::date`.execute(tx);
  const row = r.rows[0];
  return row && row.months === monthsBetween(period) ? row.at : null;
}

async function summarisedFigures(tx: Tx, period: { from: string; to: string }, residenceIds: string[] | null): Promise<ResidenceFigures[]> {
  const scope = residenceIds ? sql`and r.id = any(${residenceIds}::uuid[])` : sql``;
  const r = await sql<ResidenceFigures>`
    select r.id as "residenceId", r.name, r.kind, a.name as agency,
      coalesce(s.dwellings, 0) as dwellings, coalesce(s.households, 0) as households, coalesce(s.residents, 0) as residents,
      coalesce(s.paper_households, 0) as "paperHouseholds", coalesce(f.move_ins, 0) as "moveIns", coalesce(f.move_outs, 0) as "moveOuts"
    from residences r
    left join agencies a on a.id = r.agency_id
    left join residence_months s on s.residence_id = r.id and s.month = date_trunc('month', ${period.to}::date - 1)::date
    left join (
      select residence_id, sum(move_ins)::int as move_ins, sum(move_outs)::int as move_outs from residence_months
      where month >= ${period.from}::date and month < ${period.to}::date group by residence_id
    ) f on f.residence_id = r.id
    where true ${scope}
    order by r.name`.execute(tx);
  return r.rows;
}

async function liveFigures(tx: Tx, period: { from: string; to: string }, residenceIds: string[] | null): Promise<ResidenceFigures[]> {
  const scope = residenceIds ? sql`and r.id = any(${residenceIds}::uuid[])` : sql``;
  // Aggregated per residence before the join to residences: no wide join, no count(distinct).
  const r = await sql<ResidenceFigures>`
    with last_day as (select (${period.to}::date - 1) as d),
    dw as (select residence_id, count(*)::int as n from dwellings group by residence_id),
    occ as (
      select d.residence_id,
        count(*) filter (where o.active)::int as households,
        coalesce(sum(o.members_count) filter (where o.active), 0)::int as residents,
        count(*) filter (where o.active and o.channel = 'paper')::int as paper,
        count(*) filter (where o.starts_on >= ${period.from}::date and o.starts_on < ${period.to}::date)::int as move_ins,
        count(*) filter (where o.ends_on >= ${period.from}::date and o.ends_on < ${period.to}::date)::int as move_outs
      from (
        select o.dwelling_id, o.starts_on, o.ends_on, h.members_count, h.channel,
          o.starts_on <= (select d from last_day) and (o.ends_on is null or o.ends_on >= (select d from last_day)) as active
        from occupancies o join households h on h.id = o.household_id
      ) o join dwellings d on d.id = o.dwelling_id
      group by d.residence_id
    )
    select r.id as "residenceId", r.name, r.kind, a.name as agency,
      coalesce(dw.n, 0) as dwellings, coalesce(occ.households, 0) as households, coalesce(occ.residents, 0) as residents,
      coalesce(occ.paper, 0) as "paperHouseholds", coalesce(occ.move_ins, 0) as "moveIns", coalesce(occ.move_outs, 0) as "moveOuts"
    from residences r
    left join agencies a on a.id = r.agency_id
    left join dw on dw.residence_id = r.id
    left join occ on occ.residence_id = r.id
    where true ${scope}
    order by r.name`.execute(tx);
  return r.rows;
}
