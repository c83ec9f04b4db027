import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { isLate, type RequestStatus } from '../domain/request-status.js';

export type RequestRow = {
  id: string;
  status: RequestStatus;
  quantity: number;
  wanted_on: string;
  notes: string;
  created_at: Date;
  created_via: string;
  service_fr: string;
  service_en: string;
  unit: string;
  unit_cost_cents: number;
  vat_rate_bp: number;
  net_cents: number | null;
  target_hours: number;
  household_name: string;
  dwelling_reference: string;
  subscription_id: string;
  provider_name: string | null;
  cancel_reason: string | null;
  late: boolean;
};
export type RequestEventRow = {
  event: string;
  to_status: string;
  by_side: string;
  reason: string | null;
  at: Date;
  by_name: string | null;
};

function base(tx: Tx) {
  return tx
    .selectFrom('concierge_requests as r')
    .innerJoin('concierge_catalogue as c', 'c.id', 'r.catalogue_id')
    .innerJoin('concierge_subscriptions as s', 's.id', 'r.subscription_id')
    .leftJoin('concierge_providers as p', 'p.id', 'r.provider_id')
    .select([
      'r.id',
      'r.status',
      'r.quantity',
      sql<string>`r.wanted_on::text`.as('wanted_on'),
      'r.notes',
      'r.created_at',
      'r.created_via',
      'c.name_fr as service_fr',
      'c.name_en as service_en',
      'c.unit',
      // Before dispatch the price shown is the catalogue's; from dispatch on, the frozen one.
      sql<number>`coalesce(r.unit_cost_cents, c.unit_cost_cents)`.as('unit_cost_cents'),
      sql<number>`coalesce(r.vat_rate_bp, c.vat_rate_bp)`.as('vat_rate_bp'),
      'r.net_cents',
      'c.target_hours',
      's.household_name',
      's.dwelling_reference',
      'r.subscription_id',
      'p.name as provider_name',
      'r.cancel_reason',
    ]);
}

function withLate(rows: Omit<RequestRow, 'late'>[], now = new Date()): RequestRow[] {
  return rows.map((r) => ({
    ...r,
    late: isLate(r.status, r.created_at, r.target_hours, now),
  }));
}

export async function requestsOfHousehold(tx: Tx, householdId: string): Promise<RequestRow[]> {
  return withLate((await base(tx).where('r.household_id', '=', householdId).orderBy('r.created_at', 'desc').limit(50).execute()) as Omit<RequestRow, 'late'>[]);
}

export async function requestsOfSubscription(tx: Tx, subscriptionId: string): Promise<RequestRow[]> {
  return withLate((await base(tx).where('r.subscription_id', '=', subscriptionId).orderBy('r.created_at', 'desc').limit(50).execute()) as Omit<RequestRow, 'late'>[]);
}

/** The concierge's work queue: what waits on someone, late ones first, oldest first. */
export async function workQueue(tx: Tx, deskId: string): Promise<RequestRow[]> {
  const rows = withLate((await base(tx).where('s.desk_id', '=', deskId).where('r.status', 'not in', ['closed', 'cancelled']).orderBy('r.created_at').limit(200).execute()) as Omit<RequestRow, 'late'>[]);
  return rows.sort((a, b) => Number(b.late) - Number(a.late));
}

export async function requestDetail(tx: Tx, id: string, householdId: string | null): Promise<{ request: RequestRow; events: RequestEventRow[] } | null> {
  let q = base(tx).where('r.id', '=', id);
  if (householdId) q = q.where('r.household_id', '=', householdId);
  const row = (await q.executeTakeFirst()) as Omit<RequestRow, 'late'> | undefined;
  if (!row) return null;
  // Names of the people who acted are not shown across organisations: the side says who acted.
  const events = (await tx
    .selectFrom('concierge_request_events')
    .select(['event', 'to_status', 'by_side', 'reason', 'at', sql<null>`null`.as('by_name')])
    .where('request_id', '=', id)
    .orderBy('id')
    .execute()) as RequestEventRow[];
  return { request: withLate([row])[0], events };
}
