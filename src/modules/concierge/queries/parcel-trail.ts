import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type ParcelTrail = {
  id: string;
  subscription_id: string;
  kind: string;
  carrier: string;
  size: string;
  shelf: string;
  status: string;
  household_name: string;
  dwelling_reference: string;
  received_at: Date;
  received_by_name: string | null;
  notified_at: Date | null;
  reminded_at: Date | null;
  return_noticed_at: Date | null;
  handed_at: Date | null;
  handed_by_name: string | null;
  handed_to: string | null;
  handover_method: string | null;
  returned_at: Date | null;
  returned_by_name: string | null;
  signature_id: string | null;
  signed_at: Date | null;
};

/** One parcel of the desk with every step of its trail (who received, told, handed over or returned it, and when), or null. */
export async function parcelTrail(tx: Tx, deskId: string, parcelId: string): Promise<ParcelTrail | null> {
  const row = await tx
    .selectFrom('concierge_parcels as p')
    .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
    .leftJoin('concierge_parcel_signatures as g', 'g.parcel_id', 'p.id')
    .select([
      'p.id',
      'p.subscription_id',
      'p.kind',
      'p.carrier',
      'p.size',
      'p.shelf',
      'p.status',
      's.household_name',
      's.dwelling_reference',
      'p.received_at',
      sql<string | null>`(select u.display_name from users u where u.id = p.received_by)`.as('received_by_name'),
      'p.notified_at',
      'p.reminded_at',
      'p.return_noticed_at',
      'p.handed_at',
      sql<string | null>`(select u.display_name from users u where u.id = p.handed_by)`.as('handed_by_name'),
      'p.handed_to',
      'p.handover_method',
      'p.returned_at',
      sql<string | null>`(select u.display_name from users u where u.id = p.returned_by)`.as('returned_by_name'),
      'g.id as signature_id',
      'g.created_at as signed_at',
    ])
    .where('p.id', '=', parcelId)
    .where('s.desk_id', '=', deskId)
    .executeTakeFirst();
  return (row as ParcelTrail | undefined) ?? null;
}

/** The stored signature of a parcel of the desk, or null. */
export async function parcelSignature(tx: Tx, deskId: string, parcelId: string): Promise<{ storage_key: string; media_type: string } | null> {
  const row = await tx
    .selectFrom('concierge_parcel_signatures as g')
    .innerJoin('concierge_parcels as p', 'p.id', 'g.parcel_id')
    .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
    .select(['g.storage_key', 'g.media_type'])
    .where('g.parcel_id', '=', parcelId)
    .where('s.desk_id', '=', deskId)
    .executeTakeFirst();
  return (row as { storage_key: string; media_type: string } | undefined) ?? null;
}
