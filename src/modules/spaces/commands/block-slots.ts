import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { findSpace, heldBookings, listResources } from '../db/spaces-db.js';
import { parisInstant, parseTime } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import type { ClosureInput } from '../schemas.js';

/**
 * Staff block a time of a space (or of one resource): nobody may book it afterwards. Bookings
 * already there are kept, not silently deleted: the count is returned so the board can flag them.
 */
export async function blockSlots(db: Db, actor: Actor, spaceId: string, input: ClosureInput): Promise<{ closureId: string; affected: number }> {
  if (authorize(actor, 'spaces.board') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const orgId = actor.orgId;
  return withTenant(db, { orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId, { lock: true });
    if (!space) throw new SpacesError(404, 'error.404.title');
    const d = authorize(actor, 'spaces.board', { organisationId: space.organisationId, residenceId: space.residenceId });
    if (d !== 'allow') throw new SpacesError(d === 'not_found' ? 404 : 403, `error.${d === 'not_found' ? 404 : 403}.title`);
    if (input.resourceId && !(await listResources(tx, space.id)).some((r) => r.id === input.resourceId)) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
    const start = parisInstant(input.date, parseTime(input.from) as number);
    const end = parisInstant(input.date, parseTime(input.to) as number);
    const row = await tx
      .insertInto('space_closures')
      .values({ organisation_id: orgId, space_id: space.id, resource_id: input.resourceId, during: sql`tstzrange(${start}, ${end}, '[)')`, reason: input.reason, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const affected = (await heldBookings(tx, space.id, start, end)).filter((b) => (!input.resourceId || b.resourceId === input.resourceId) && b.start < end && start < b.end).length;
    await audit(tx, { action: 'spaces.closure.create', actor, targetType: 'space_closure', targetId: row.id as string, details: { spaceId: space.id, affected } });
    return { closureId: row.id as string, affected };
  });
}
