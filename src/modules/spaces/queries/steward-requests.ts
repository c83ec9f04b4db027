import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import type { Space } from '../db/spaces-db.js';
import { withStewardOrStaff } from '../commands/steward-access.js';
import { type KeyRow, keysOfSpace } from './keys.js';

export type StewardedSpace = { id: string; name: string; kind: string; pending: number };
export type RequestRow = { id: string; householdId: string; householdName: string; resource: string; start: Date; end: Date; purpose: string; status: string };

/** The rooms the signed-in resident stewards, with how many requests wait in each. */
export async function stewardedSpaces(db: Db, actor: Actor): Promise<StewardedSpace[]> {
  if (!actor.orgId) return [];
  return withTenant(db, { orgId: actor.orgId }, (tx) => stewardedSpacesIn(tx, actor));
}

/** The same, inside a transaction already in the actor's organisation (a page that reads more with it). */
export async function stewardedSpacesIn(tx: Tx, actor: Actor): Promise<StewardedSpace[]> {
  if (!actor.orgId) return [];
  const rows = await tx
    .selectFrom('space_stewards as st')
    .innerJoin('spaces as s', 's.id', 'st.space_id')
    .select(['s.id', 's.name', 's.kind'])
    .select(sql<number>`(select count(*) from space_bookings b where b.space_id = s.id and b.status = 'pending' and upper(b.during) > now())::int`.as('pending'))
    .where('st.user_id', '=', actor.userId)
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as string, pending: Number(r.pending) }));
}

/**
 * What a steward (or staff) sees of a room: its pending requests to come, its confirmed bookings of the
 * fortnight (for the key), and the keys out. Reading who asked is a read of personal data: audited.
 */
export async function stewardRoom(db: Db, actor: Actor, spaceId: string, now = new Date()): Promise<{ space: Space; pending: RequestRow[]; upcoming: RequestRow[]; keys: KeyRow[] }> {
  return withStewardOrStaff(db, actor, spaceId, async (tx, space, role) => {
    const rows = await tx
      .selectFrom('space_bookings as b')
      .innerJoin('households as h', 'h.id', 'b.household_id')
      .innerJoin('space_resources as r', 'r.id', 'b.resource_id')
      .select(['b.id', 'b.household_id', 'h.name as household', 'r.name as resource', 'b.purpose', 'b.status', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
      .where('b.space_id', '=', space.id)
      .where('b.status', 'in', ['pending', 'confirmed'])
      .where(sql<boolean>`upper(b.during) > ${new Date(now.getTime() - 86_400_000)}`)
      .where(sql<boolean>`(b.status = 'pending' or lower(b.during) < ${new Date(now.getTime() + 14 * 86_400_000)})`)
      .orderBy(sql`lower(b.during)`)
      .execute();
    const all = rows.map((r) => ({ id: r.id, householdId: r.household_id, householdName: r.household, resource: r.resource, start: r.start, end: r.end, purpose: r.purpose, status: r.status }));
    const keys = await keysOfSpace(tx, space.id, now);
    await audit(tx, { action: 'spaces.steward.read', actor, targetType: 'space', targetId: space.id, details: { role } });
    return { space, pending: all.filter((r) => r.status === 'pending' && r.end > now), upcoming: all.filter((r) => r.status === 'confirmed'), keys };
  });
}
