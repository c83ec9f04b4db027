import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** How far back and ahead the monthly figures are kept: the dashboards' periods (this year, last year, the one before). */
export function summaryMonths(now: Date): { from: string; to: string } {
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(now));
  return { from: `${year - 2}-01-01`, to: `${year + 1}-01-01` };
}

/**
 * Recomputes the monthly figures of the transaction's organisation for [from, to) in one statement
 * (occupancies × months, aggregated per residence), replacing what was there. Idempotent.
 */
export async function refreshResidenceMonths(tx: Tx, orgId: string, range: { from: string; to: string }): Promise<number> {
  const r = await sql`
    with months as (
      select m::date as month, (m + interval '1 month')::date as next, ((m + interval '1 month')::date - 1) as last_day
      from generate_series(${range.from}::date, ${range.to}::date - 1, interval '1 month') m
    ),
    dw as (select residence_id, count(*)::int as n from dwellings group by residence_id),
    occ as (
      select d.residence_id, o.starts_on, o.ends_on, h.members_count, h.channel
      from occupancies o join households h on h.id = o.household_id join dwellings d on d.id = o.dwelling_id
      where o.starts_on < ${range.to}::date and (o.ends_on is null or o.ends_on >= ${range.from}::date)
    ),
    figures as (
      select occ.residence_id, months.month,
        count(*) filter (where occ.starts_on <= months.last_day and (occ.ends_on is null or occ.ends_on >= months.last_day))::int as households,
        coalesce(sum(occ.members_count) filter (where occ.starts_on <= months.last_day and (occ.ends_on is null or occ.ends_on >= months.last_day)), 0)::int as residents,
        count(*) filter (where occ.channel = 'paper' and occ.starts_on <= months.last_day and (occ.ends_on is null or occ.ends_on >= months.last_day))::int as paper,
        count(*) filter (where occ.starts_on >= months.month and occ.starts_on < months.next)::int as move_ins,
        count(*) filter (where occ.ends_on >= months.month and occ.ends_on < months.next)::int as move_outs
      from occ join months on occ.starts_on < months.next and (occ.ends_on is null or occ.ends_on >= months.month)
      group by occ.residence_id, months.month
    )
    insert into residence_months (organisation_id, residence_id, month, dwellings, households, residents, paper_households, move_ins, move_outs, refreshed_at)
    select ${orgId}::uuid, r.id, months.month, coalesce(dw.n, 0), coalesce(f.households, 0), coalesce(f.residents, 0), coalesce(f.paper, 0),
      coalesce(f.move_ins, 0), coalesce(f.move_outs, 0), now()
    from residences r cross join months
    left join dw on dw.residence_id = r.id
    left join figures f on f.residence_id = r.id and f.month = months.month
    on conflict (residence_id, month) do update set dwellings = excluded.dwellings, households = excluded.households, residents = excluded.residents,
      paper_households = excluded.paper_households, move_ins = excluded.move_ins, move_outs = excluded.move_outs, refreshed_at = excluded.refreshed_at`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

/** Whether this organisation's monthly summary has been built (by the nightly job) at all. */
export async function summaryExists(tx: Tx): Promise<boolean> {
  const r = await sql<{ one: number }>`select 1 as one from residence_months limit 1`.execute(tx);
  return r.rows.length > 0;
}
