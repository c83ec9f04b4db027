import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { findSpace, listSpaces, type Space } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';

/** Runs `fn` on a space the staff member runs: unknown or another organisation's → 404; outside their residences → 403. */
export async function withStaffSpace<T>(db: Db, actor: Actor, spaceId: string, fn: (tx: Tx, space: Space) => Promise<T>): Promise<T> {
  if (!actor.orgId) throw new SpacesError(404, 'error.404.title');
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId);
    if (!space) throw new SpacesError(404, 'error.404.title');
    const d = authorize(actor, 'spaces.board', { organisationId: space.organisationId, residenceId: space.residenceId });
    if (d !== 'allow') throw new SpacesError(d === 'not_found' ? 404 : 403, 'error.403.title');
    return fn(tx, space);
  });
}

/** The spaces of the residences the staff member covers, with today's active bookings counted. */
export async function staffSpaces(db: Db, actor: Actor, from: Date, to: Date): Promise<(Space & { today: number })[]> {
  if (!actor.orgId) return [];
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const spaces = await listSpaces(tx, { residenceIds: actor.residenceIds });
    if (spaces.length === 0) return [];
    const counts = await tx
      .selectFrom('space_bookings')
      .select(['space_id', (e) => e.fn.countAll<number>().as('n')])
      .where('space_id', 'in', spaces.map((s) => s.id))
      .where('status', 'in', ['pending', 'confirmed'])
      .where((w) => w.and([w(w.fn('lower', ['during']), '<', to), w(w.fn('upper', ['during']), '>', from)]))
      .groupBy('space_id')
      .execute();
    return spaces.map((s) => ({ ...s, today: Number(counts.find((c) => c.space_id === s.id)?.n ?? 0) }));
  });
}

/**
 * Refuses (404) a booking that is not of the space named in the path, so `/staff/spaces/<a>/bookings/<b>/…`
 * never acts on a booking of another space; the command then checks the actor's rights on it as usual.
 */
export async function requireBookingOfSpace(db: Db, actor: Actor, spaceId: string, bookingId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  await withStaffSpace(db, actor, spaceId, async (tx, space) => {
    const b = await tx.selectFrom('space_bookings').select('id').where('id', '=', bookingId).where('space_id', '=', space.id).executeTakeFirst();
    if (!b) throw new SpacesError(404, 'error.404.title');
  });
}
