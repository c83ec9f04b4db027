import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** What was asked of one service of the catalogue (services of several desks with the same code count together). */
export type ServiceRequests = {
  code: string;
  nameFr: string;
  nameEn: string;
  /** Requests made in the period, and where they stand now. */
  requests: number;
  open: number;
  done: number;
  cancelled: number;
  /** Median days from the request to the work done, over the period's requests completed so far. */
  medianDaysToDone: number | null;
};

/**
 * Requests of the period by service and status — counts only, never a household — for the residences
 * given (null: all), limited like `conciergeFigures` to the organisation's own desks or households.
 * Most asked first. Call inside withTenant.
 */
export async function conciergeRequestsByService(tx: Tx, from: Date, to: Date, residenceIds: string[] | null, orgId: string): Promise<ServiceRequests[]> {
  const inScope = residenceIds ? sql`s.residence_id = any(${residenceIds}::uuid[])` : sql`true`;
  const r = await sql<ServiceRequests>`
    select c.code, min(c.name_fr) as "nameFr", min(c.name_en) as "nameEn",
      count(*)::int as requests,
      count(*) filter (where r.status not in ('done', 'closed', 'cancelled'))::int as open,
      count(*) filter (where r.status in ('done', 'closed'))::int as done,
      count(*) filter (where r.status = 'cancelled')::int as cancelled,
      round((percentile_cont(0.5) within group (order by extract(epoch from r.completed_at - r.created_at) / 86400)
        filter (where r.completed_at is not null))::numeric, 1)::float8 as "medianDaysToDone"
    from concierge_requests r
    join concierge_subscriptions s on s.id = r.subscription_id
    join concierge_catalogue c on c.id = r.catalogue_id
    where ${inScope} and (r.organisation_id = ${orgId}::uuid or r.landlord_id = ${orgId}::uuid)
      and r.created_at >= ${from} and r.created_at < ${to}
    group by c.code
    order by requests desc, c.code`.execute(tx);
  return r.rows;
}
