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
export async function residenceFigures(tx: Tx, period: { from: string; to: string }, residenceIds: string[] | null = null): Promise<ResidenceFigures[]> {
  const scope = residenceIds ? sql`and r.id = any(${residenceIds}::uuid[])` : sql``;
  const r = await sql<ResidenceFigures>`
    with last_day as (select (${period.to}::date - 1) as d)
    select r.id as "residenceId", r.name, r.kind, a.name as agency,
      count(distinct dw.id)::int as dwellings,
      count(o.id) filter (where o.starts_on <= (select d from last_day) and (o.ends_on is null or o.ends_on >= (select d from last_day)))::int as households,
      coalesce(sum(h.members_count) filter (where o.starts_on <= (select d from last_day) and (o.ends_on is null or o.ends_on >= (select d from last_day))), 0)::int as residents,
      count(o.id) filter (where h.channel = 'paper' and o.starts_on <= (select d from last_day) and (o.ends_on is null or o.ends_on >= (select d from last_day)))::int as "paperHouseholds",
      count(o.id) filter (where o.starts_on >= ${period.from}::date and o.starts_on < ${period.to}::date)::int as "moveIns",
      count(o.id) filter (where o.ends_on >= ${period.from}::date and o.ends_on < ${period.to}::date)::int as "moveOuts"
    from residences r
    left join agencies a on a.id = r.agency_id
    left join dwellings dw on dw.residence_id = r.id
    left join occupancies o on o.dwelling_id = dw.id
    left join households h on h.id = o.household_id
    where true ${scope}
    group by r.id, r.name, r.kind, a.name
    order by r.name`.execute(tx);
  return r.rows;
}
