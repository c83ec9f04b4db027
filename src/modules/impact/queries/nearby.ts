import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export const CATEGORIES = ['partner', 'post_office', 'transport', 'health', 'shop', 'public_service'] as const;

export type NearbyService = {
  id: string;
  category: string;
  name: string;
  address: string;
  openingHours: string;
  accessibility: string;
  metres: number;
};
export type ResidencePlace = {
  id: string;
  name: string;
  address: string;
  postcode: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
};

/** A residence of the transaction's organisation, or null. */
export async function residencePlace(tx: Tx, id: string): Promise<ResidencePlace | null> {
  const r = await tx.selectFrom('residences').select(['id', 'name', 'address', 'postcode', 'city', 'latitude', 'longitude']).where('id', '=', id).executeTakeFirst();
  return (r as ResidencePlace | undefined) ?? null;
}

/**
 * The services near a residence, nearest first within each category; the distance is the
 * great-circle (haversine) distance from the residence's coordinates, in metres.
 */
export async function nearbyServices(tx: Tx, residenceId: string): Promise<NearbyService[]> {
  const r = await sql<NearbyService>`
    select s.id, s.category, s.name, s.address, s.opening_hours as "openingHours", s.accessibility,
      round(2 * 6371008.8 * asin(sqrt(
        power(sin(radians(s.latitude - r.latitude) / 2), 2) +
        cos(radians(r.latitude)) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - r.longitude) / 2), 2)
      )))::int as metres
    from impact_nearby_services s join residences r on r.id = s.residence_id
    where s.residence_id = ${residenceId}::uuid
    order by array_position(${[...CATEGORIES]}::text[], s.category), metres, s.name`.execute(tx);
  return r.rows;
}
