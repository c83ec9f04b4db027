import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type Subscriber = {
  id: string;
  household_name: string;
  dwelling_reference: string;
  status: string;
  ends_on: string | null;
  waiting_parcels: number;
  ready_requests: number;
};
export type ParcelRow = {
  id: string;
  kind: string;
  carrier: string;
  size: string;
  shelf: string;
  status: string;
  received_at: Date;
  handed_at: Date | null;
  handed_to: string | null;
  handover_method: string | null;
  pickup_code: string;
  household_name: string;
  dwelling_reference: string;
};

/** Finds subscribers fast at the counter: by name, dwelling reference, or a parcel's pickup code. */
export async function searchSubscribers(tx: Tx, deskId: string, q: string): Promise<Subscriber[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  let query = tx
    .selectFrom('concierge_subscriptions as s')
    .select([
      's.id',
      's.household_name',
      's.dwelling_reference',
      's.status',
      sql<string | null>`s.ends_on::text`.as('ends_on'),
      sql<number>`(select count(*)::int from concierge_parcels p where p.subscription_id = s.id and p.status = 'received')`.as('waiting_parcels'),
      sql<number>`(select count(*)::int from concierge_requests r where r.subscription_id = s.id and r.status = 'done')`.as('ready_requests'),
    ])
    .where('s.desk_id', '=', deskId)
    .orderBy('s.household_name')
    .limit(30);
  if (q) {
    query = query.where((w) =>
      w.or([
        w('s.household_name', 'ilike', like),
        w('s.dwelling_reference', 'ilike', like),
        w.exists(w.selectFrom('concierge_parcels as p').select('p.id').whereRef('p.subscription_id', '=', 's.id').where('p.status', '=', 'received').where('p.pickup_code', '=', q)),
      ]),
    );
  }
  return (await query.execute()) as Subscriber[];
}

export async function parcelsOf(tx: Tx, where: { subscriptionId?: string; householdId?: string; deskId?: string }, onlyWaiting: boolean): Promise<ParcelRow[]> {
  let q = tx
    .selectFrom('concierge_parcels as p')
    .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
    .select([
      'p.id',
      'p.kind',
      'p.carrier',
      'p.size',
      'p.shelf',
      'p.status',
      'p.received_at',
      'p.handed_at',
      'p.handed_to',
      'p.handover_method',
      'p.pickup_code',
      's.household_name',
      's.dwelling_reference',
    ])
    .orderBy('p.received_at', 'desc')
    .limit(100);
  if (where.subscriptionId) q = q.where('p.subscription_id', '=', where.subscriptionId);
  if (where.householdId) q = q.where('p.household_id', '=', where.householdId);
  if (where.deskId) q = q.where('s.desk_id', '=', where.deskId);
  if (onlyWaiting) q = q.where('p.status', '=', 'received');
  return (await q.execute()) as ParcelRow[];
}
