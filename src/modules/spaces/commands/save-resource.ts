import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { ResourceInput } from '../config-schemas.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { misfitBookings } from '../queries/misfit-bookings.js';

const uuidLike = /^[0-9a-f-]{36}$/i;

/** Adds a resource to a space (seats, a whole room, an item). Audited. */
export async function addResource(db: Db, actor: Actor, spaceId: string, v: ResourceInput): Promise<string> {
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      const clash = await tx.selectFrom('space_resources').select('id').where('space_id', '=', space.id).where('name', '=', v.name).executeTakeFirst();
      if (clash) throw new SpacesError(422, 'spaces.config.error.nameTaken', 'name');
      const position = await tx.selectFrom('space_resources').select((e) => e.fn.countAll<number>().as('n')).where('space_id', '=', space.id).executeTakeFirstOrThrow();
      const row = await tx
        .insertInto('space_resources')
        .values({ organisation_id: space.organisationId, space_id: space.id, kind: v.kind, name: v.name, units: v.units, people_capacity: v.peopleCapacity, position: Number(position.n) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, { action: 'spaces.resource.create', actor, targetType: 'space_resource', targetId: row.id, details: { spaceId: space.id, kind: v.kind, units: v.units } });
      return row.id as string;
    },
    { lock: true },
  );
}

/**
 * Edits a resource. Fewer seats than a kept booking's seat number do not remove it: the booking is
 * flagged on the board; the count of such bookings is returned. A retired resource may be put back.
 */
export async function updateResource(db: Db, actor: Actor, spaceId: string, resourceId: string, v: ResourceInput & { active: boolean }, now = new Date()): Promise<{ misfits: number }> {
  if (!uuidLike.test(resourceId)) throw new SpacesError(404, 'error.404.title');
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      const before = await tx.selectFrom('space_resources').select(['id', 'kind', 'active']).where('id', '=', resourceId).where('space_id', '=', space.id).forUpdate().executeTakeFirst();
      if (!before) throw new SpacesError(404, 'error.404.title');
      const clash = await tx.selectFrom('space_resources').select('id').where('space_id', '=', space.id).where('name', '=', v.name).where('id', '<>', resourceId).executeTakeFirst();
      if (clash) throw new SpacesError(422, 'spaces.config.error.nameTaken', 'name');
      // Retiring goes through removeResource, which deals with the bookings; here a resource may only come back.
      const active = before.active || v.active;
      await tx.updateTable('space_resources').set({ kind: v.kind, name: v.name, units: v.units, people_capacity: v.peopleCapacity, active }).where('id', '=', resourceId).execute();
      const misfits = (await misfitBookings(tx, space.id, now)).filter((m) => m.resourceId === resourceId);
      await audit(tx, { action: 'spaces.resource.update', actor, targetType: 'space_resource', targetId: resourceId, details: { spaceId: space.id, kind: v.kind, units: v.units, active, misfits: misfits.length } });
      return { misfits: misfits.length };
    },
    { lock: true },
  );
}
