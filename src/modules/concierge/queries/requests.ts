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
  provider_id: string | null;
  updated_at: Date;
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

// A provider never reads subscriptions (RLS hides them): its rows carry no household, only the dwelling it works in.
const householdColumns = [sql<string>`s.household_name`.as('household_name'), sql<string>`s.dwelling_reference`.as('dwelling_reference'), sql<string>`s.desk_id`.as('desk_id')];
const providerColumns = [sql<string>`''`.as('household_name'), sql<string>`''`.as('dwelling_reference'), sql<string>`c.desk_id`.as('desk_id')];

function base(tx: Tx, opts: { provider?: boolean } = {}) {
  const from = tx.selectFrom('concierge_requests as r').innerJoin('concierge_catalogue as c', 'c.id', 'r.catalogue_id');
  return (opts.provider ? from : from.innerJoin('concierge_subscriptions as s', 's.id', 'r.subscription_id'))
    .leftJoin('concierge_providers as p', 'p.id', 'r.provider_id')
    .select(opts.provider ? providerColumns : householdColumns)
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
      'r.subscription_id',
      'p.name as provider_name',
      'r.provider_id',
      'r.cancel_reason',
      'r.updated_at',
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
  const rows = withLate(
    (await base(tx).where('c.desk_id', '=', deskId).where('r.status', 'not in', ['closed', 'cancelled']).orderBy('r.created_at').limit(200).execute()) as Omit<RequestRow, 'late'>[],
  );
  return rows.sort((a, b) => Number(b.late) - Number(a.late));
}

/** What a provider's account sees: the requests dispatched to its provider rows (RLS says the same), open ones first. */
export async function providerQueue(tx: Tx, providerIds: string[]): Promise<RequestRow[]> {
  if (!providerIds.length) return [];
  const rows = (await base(tx, { provider: true }).where('r.provider_id', 'in', providerIds).orderBy('r.updated_at', 'desc').limit(200).execute()) as Omit<RequestRow, 'late'>[];
  const rank = (s: RequestStatus) => (s === 'dispatched' ? 0 : s === 'accepted' ? 1 : 2);
  return withLate(rows).sort((a, b) => rank(a.status) - rank(b.status));
}

/** One request with its timeline: for the household (its own), the desk (null filter) or a provider (its own). */
export async function requestDetail(tx: Tx, id: string, householdId: string | null, providerIds?: string[]): Promise<{ request: RequestRow; events: RequestEventRow[] } | null> {
  let q = base(tx, { provider: !!providerIds }).where('r.id', '=', id);
  if (householdId) q = q.where('r.household_id', '=', householdId);
  if (providerIds) q = q.where('r.provider_id', 'in', providerIds.length ? providerIds : ['00000000-0000-0000-0000-000000000000']);
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
