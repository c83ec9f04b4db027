import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** The concierge's figures for one residence (or, with residenceId null, for the whole scope asked). */
export type ConciergeFigures = {
  residenceId: string | null;
  /** Households subscribed at any time in the period. */
  subscribers: number;
  /** Requests made in the period, and where they stand now. */
  requests: number;
  open: number;
  done: number;
  cancelled: number;
  /** Median days from the request to the work done, among requests completed in the period. */
  medianDaysToDone: number | null;
  /** Requests of the period dispatched to a provider, and those dispatched to an ESS or local one. */
  dispatched: number;
  dispatchedLabelled: number;
  /** Cents of work completed in the period by ESS or local providers (cost price, VAT included). */
  localCents: number;
};

/**
 * Counts and sums only, never a household. Half-open period [from, to). Rows the caller's
 * organisation may read decide what counts (the association: all its desks'; a landlord: its
 * households', through the partnership); given `orgId`, only those two count (not a provider's view of
 * the requests dispatched to it). Call inside withTenant.
 */
export async function conciergeFigures(tx: Tx, from: Date, to: Date, residenceIds: string[] | null, orgId?: string): Promise<ConciergeFigures[]> {
  const inScope = residenceIds ? sql`s.residence_id = any(${residenceIds}::uuid[])` : sql`true`;
  // Said outright, not left to the row policies alone: their OR of subqueries (desk, landlord, provider)
  // is checked row by row over every request of every desk, which took seconds for an organisation with none.
  const ownRequests = orgId ? sql`(r.organisation_id = ${orgId}::uuid or r.landlord_id = ${orgId}::uuid)` : sql`true`;
  const fromDate = sql`(${from}::timestamptz AT TIME ZONE 'Europe/Paris')::date`;
  const toDate = sql`(${to}::timestamptz AT TIME ZONE 'Europe/Paris')::date`;
  const r = await sql<ConciergeFigures>`
    with subs as (
      select s.residence_id, count(distinct s.household_id)::int as subscribers
      from concierge_subscriptions s
      where ${inScope} and s.starts_on < ${toDate} and (s.ends_on is null or s.ends_on >= ${fromDate})
      group by grouping sets ((s.residence_id), ())
    ),
    req as (
      select s.residence_id,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${to})::int as requests,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${to} and r.status not in ('done', 'closed', 'cancelled'))::int as open,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${to} and r.status in ('done', 'closed'))::int as done,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${to} and r.status = 'cancelled')::int as cancelled,
        percentile_cont(0.5) within group (order by extract(epoch from r.completed_at - r.created_at) / 86400)
          filter (where r.completed_at >= ${from} and r.completed_at < ${to}) as median_days,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${to} and r.provider_id is not null)::int as dispatched,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${to} and p.labels && array['ess', 'local'])::int as dispatched_labelled,
        coalesce(sum(r.net_cents + round(r.net_cents * r.vat_rate_bp / 10000.0))
          filter (where r.completed_at >= ${from} and r.completed_at < ${to} and r.status in ('done', 'closed') and p.labels && array['ess', 'local']), 0)::bigint as local_cents
      from concierge_requests r
      join concierge_subscriptions s on s.id = r.subscription_id
      left join concierge_providers p on p.id = r.provider_id
      where ${inScope} and ${ownRequests} and ((r.created_at >= ${from} and r.created_at < ${to}) or (r.completed_at >= ${from} and r.completed_at < ${to}))
      group by grouping sets ((s.residence_id), ())
    ),
    keys as (select residence_id from subs union select residence_id from req)
    select k.residence_id as "residenceId",
      coalesce(subs.subscribers, 0) as subscribers,
      coalesce(req.requests, 0) as requests, coalesce(req.open, 0) as open, coalesce(req.done, 0) as done, coalesce(req.cancelled, 0) as cancelled,
      case when req.median_days is null then null else round(req.median_days::numeric, 1)::float8 end as "medianDaysToDone",
      coalesce(req.dispatched, 0) as dispatched, coalesce(req.dispatched_labelled, 0) as "dispatchedLabelled",
      coalesce(req.local_cents, 0)::float8 as "localCents"
    from keys k
    left join subs on subs.residence_id is not distinct from k.residence_id
    left join req on req.residence_id is not distinct from k.residence_id`.execute(tx);
  const rows = r.rows.map((x) => ({ ...x, localCents: Number(x.localCents) }));
  // The whole scope always has its row, even when nothing happened.
  if (!rows.some((x) => x.residenceId === null))
    rows.push({ residenceId: null, subscribers: 0, requests: 0, open: 0, done: 0, cancelled: 0, medianDaysToDone: null, dispatched: 0, dispatchedLabelled: 0, localCents: 0 });
  return rows;
}
