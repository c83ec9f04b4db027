import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { ClosureDaysInput } from '../config-schemas.js';
import { heldBookings, listResources } from '../db/spaces-db.js';
import { addDays, isLocalDate, parisInstant } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';

/**
 * The manager closes a space (or one resource) for whole days — works, summer closure. Nobody may book
 * it afterwards. Bookings already there are kept, not silently cancelled: their count is returned, and
 * the day board flags each one ("in a closure") for staff to settle with the household.
 */
export async function addClosureDays(db: Db, actor: Actor, spaceId: string, v: ClosureDaysInput): Promise<{ closureId: string; affected: number }> {
  if (!isLocalDate(v.fromDate)) throw new SpacesError(422, 'spaces.error.date', 'fromDate');
  if (!isLocalDate(v.toDate)) throw new SpacesError(422, 'spaces.error.date', 'toDate');
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      if (v.resourceId && !(await listResources(tx, space.id)).some((r) => r.id === v.resourceId)) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
      const start = parisInstant(v.fromDate, 0);
      const end = parisInstant(addDays(v.toDate, 1), 0);
      const row = await tx
        .insertInto('space_closures')
        .values({ organisation_id: space.organisationId, space_id: space.id, resource_id: v.resourceId, during: sql`tstzrange(${start}, ${end}, '[)')`, reason: v.reason, created_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const affected = (await heldBookings(tx, space.id, start, end)).filter((b) => (!v.resourceId || b.resourceId === v.resourceId) && b.start < end && start < b.end).length;
      await audit(tx, { action: 'spaces.closure.create', actor, targetType: 'space_closure', targetId: row.id as string, details: { spaceId: space.id, resourceId: v.resourceId, from: v.fromDate, to: v.toDate, affected } });
      return { closureId: row.id as string, affected };
    },
    { lock: true },
  );
}

/** Lifts a closure (its slots become bookable again). Audited. */
export async function removeClosure(db: Db, actor: Actor, spaceId: string, closureId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(closureId)) throw new SpacesError(404, 'error.404.title');
  await withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      const gone = await tx.deleteFrom('space_closures').where('id', '=', closureId).where('space_id', '=', space.id).returning('id').executeTakeFirst();
      if (!gone) throw new SpacesError(404, 'error.404.title');
      await audit(tx, { action: 'spaces.closure.remove', actor, targetType: 'space_closure', targetId: closureId, details: { spaceId: space.id } });
    },
    { lock: true },
  );
}
