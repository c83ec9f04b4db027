import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import type { SpaceInput } from '../config-schemas.js';
import { nameTaken, placeResidence, replaceHours, spaceColumns } from '../db/config-db.js';
import type { Space } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, requirePermission, withSpaceFor } from '../policy.js';
import { misfitBookings } from '../queries/misfit-bookings.js';
import { cancelAhead } from './remove-resource.js';

/** The place must be the tenant's and in the actor's residences; the name free at that place. */
async function checkPlace(tx: Tx, actor: Actor, v: SpaceInput, exceptId: string | null): Promise<string> {
  const residenceId = await placeResidence(tx, v.commonPlaceId);
  if (!residenceId) throw new SpacesError(422, 'spaces.error.choose', 'commonPlaceId');
  if (authorize(actor, PERMISSIONS.configure, { organisationId: actor.orgId ?? '', residenceId }) !== 'allow') throw new SpacesError(422, 'spaces.error.choose', 'commonPlaceId');
  if (await nameTaken(tx, v.commonPlaceId, v.name, exceptId)) throw new SpacesError(422, 'spaces.config.error.nameTaken', 'name');
  return residenceId;
}

/** What changed between the stored space and the form, by column name, for the audit trail (no personal data here). */
function changes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => String(before[k] ?? '') !== String(after[k] ?? ''));
}

/** Creates a space with its rules and hours (no resource yet: they are added next). Audited. */
export async function createSpace(db: Db, actor: Actor, v: SpaceInput): Promise<string> {
  const orgId = requirePermission(actor, PERMISSIONS.configure);
  return withTenant(db, { orgId }, async (tx) => {
    const residenceId = await checkPlace(tx, actor, v, null);
    const row = await tx
      .insertInto('spaces')
      .values({ organisation_id: orgId, ...spaceColumns(v, residenceId) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceHours(tx, orgId, row.id, v.hours);
    await audit(tx, { action: 'spaces.space.create', actor, targetType: 'space', targetId: row.id, details: { kind: v.kind, residenceId } });
    return row.id as string;
  });
}

/**
 * Saves a space's description and rules. Existing bookings are never changed or removed: those that
 * no longer fit the new rules are returned (and flagged on the day board) for staff to handle.
 * Switching the space off (no longer open for bookings) with bookings ahead is refused (409 at
 * `active`, with how many) unless the manager chose to cancel them: then they are cancelled in the same
 * transaction, each household told, the waiting lists closed — as when a resource is retired.
 */
export async function updateSpace(db: Db, actor: Actor, spaceId: string, v: SpaceInput, now = new Date(), opts: { cancelBookings?: boolean } = {}): Promise<{ misfits: number; cancelled: number }> {
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space: Space) => {
      const residenceId = await checkPlace(tx, actor, v, space.id);
      const before = await tx.selectFrom('spaces').selectAll().where('id', '=', space.id).executeTakeFirstOrThrow();
      const closing = space.active && !v.active;
      const cancelled = closing ? await cancelAhead(tx, actor, space.id, { cancelBookings: opts.cancelBookings === true, refusal: 'spaces.config.error.spaceHasBookings', field: 'active' }, now) : [];
      const columns = spaceColumns(v, residenceId);
      await tx.updateTable('spaces').set(columns).where('id', '=', space.id).execute();
      await replaceHours(tx, space.organisationId, space.id, v.hours);
      const misfits = await misfitBookings(tx, space.id, now);
      await audit(tx, { action: 'spaces.space.update', actor, targetType: 'space', targetId: space.id, details: { changed: changes(before, columns), hours: v.hours.length, misfits: misfits.length, ...(closing ? { closed: true, cancelledBookings: cancelled.length } : {}) } });
      return { misfits: misfits.length, cancelled: cancelled.length };
    },
    { lock: true },
  );
}
