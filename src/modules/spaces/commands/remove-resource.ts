import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { futureHeld } from '../db/config-db.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { noticeForBookings } from './booking-notices.js';

/**
 * Before a resource (or a whole space) stops taking bookings: the bookings still ahead (or under way)
 * refuse it (409 with how many, at `field`) unless the manager chose to cancel them; then each is
 * cancelled and its household told, and the waiting list closed — nobody can be offered a place there.
 * Call under the space's lock. Answers the cancelled bookings' ids.
 */
export async function cancelAhead(tx: Tx, actor: Actor, spaceId: string, o: { resourceId?: string; cancelBookings: boolean; refusal: string; field: string }, now: Date): Promise<string[]> {
  const ahead = await futureHeld(tx, spaceId, now, o.resourceId);
  if (ahead.length > 0 && !o.cancelBookings) throw new SpacesError(409, o.refusal, o.field, { count: ahead.length });
  const ids = ahead.map((b) => b.id);
  if (ids.length > 0) {
    await tx.updateTable('space_bookings').set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId }).where('id', 'in', ids).execute();
    await noticeForBookings(tx, 'cancelled', ids);
  }
  let waiting = tx.updateTable('space_waitlist').set({ status: 'expired' }).where('space_id', '=', spaceId).where('status', '=', 'waiting');
  if (o.resourceId) waiting = waiting.where('resource_id', '=', o.resourceId);
  await waiting.execute();
  return ids;
}

/**
 * Retires a resource: it is no longer offered, its past bookings stay for the reports. When bookings
 * are still ahead on it the manager is refused (409, with how many) unless they explicitly chose to
 * cancel them: then each is cancelled, its household told, and the resource's waiting list closed.
 */
export async function removeResource(db: Db, actor: Actor, spaceId: string, resourceId: string, opts: { cancelBookings: boolean }, now = new Date()): Promise<{ cancelled: number }> {
  if (!/^[0-9a-f-]{36}$/i.test(resourceId)) throw new SpacesError(404, 'error.404.title');
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      const resource = await tx.selectFrom('space_resources').select(['id', 'active']).where('id', '=', resourceId).where('space_id', '=', space.id).forUpdate().executeTakeFirst();
      if (!resource) throw new SpacesError(404, 'error.404.title');
      if (!resource.active) throw new SpacesError(409, 'spaces.config.error.alreadyRetired');
      const ids = await cancelAhead(tx, actor, space.id, { resourceId, cancelBookings: opts.cancelBookings, refusal: 'spaces.config.error.hasBookings', field: 'cancelBookings' }, now);
      await tx.updateTable('space_resources').set({ active: false }).where('id', '=', resourceId).execute();
      await audit(tx, { action: 'spaces.resource.retire', actor, targetType: 'space_resource', targetId: resourceId, details: { spaceId: space.id, cancelledBookings: ids.length } });
      return { cancelled: ids.length };
    },
    { lock: true },
  );
}
