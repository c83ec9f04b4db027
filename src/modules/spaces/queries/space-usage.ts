import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type SpaceUsage = { spaceId: string; name: string; kind: string; residenceId: string; bookings: number; hours: number; households: number; assisted: number; purposes: Record<string, number> };

/**
 * How each space of the tenant was used in a period: confirmed bookings, hours booked, distinct
 * households, bookings made at the counter, and purposes as counted (never names). Call inside withTenant.
 */
export async function spaceUsage(tx: Tx, from: Date, to: Date): Promise<SpaceUsage[]> {
  const rows = await tx
    .selectFrom('spaces as s')
    .leftJoin('space_bookings as b', (j) => j.onRef('b.space_id', '=', 's.id').on('b.status', '=', 'confirmed').on(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`))
    .select([
      's.id',
      's.name',
      's.kind',
      's.residence_id',
      sql<number>`count(b.id)`.as('bookings'),
      sql<number>`coalesce(sum(extract(epoch from upper(b.during) - lower(b.during))) / 3600, 0)`.as('hours'),
      sql<number>`count(distinct b.household_id)`.as('households'),
      sql<number>`count(b.id) filter (where b.assisted)`.as('assisted'),
    ])
    .groupBy(['s.id', 's.name', 's.kind', 's.residence_id'])
    .orderBy('s.name')
    .execute();
  const purposes = await tx
    .selectFrom('space_bookings')
    .select(['space_id', 'purpose', sql<number>`count(*)`.as('n')])
    .where('status', '=', 'confirmed')
    .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
    .groupBy(['space_id', 'purpose'])
    .execute();
  return rows.map((r) => ({
    spaceId: r.id,
    name: r.name,
    kind: r.kind,
    residenceId: r.residence_id,
    bookings: Number(r.bookings),
    hours: Math.round(Number(r.hours) * 10) / 10,
    households: Number(r.households),
    assisted: Number(r.assisted),
    purposes: Object.fromEntries(purposes.filter((p) => p.space_id === r.id).map((p) => [p.purpose, Number(p.n)])),
  }));
}
