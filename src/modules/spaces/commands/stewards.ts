import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { SpacesError } from '../errors.js';
import { stewardCandidates } from '../queries/stewards.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The manager names a resident of the residence the space serves steward of the space. Idempotent. */
export async function nameSteward(db: Db, actor: Actor, spaceId: string, userId: string): Promise<void> {
  if (!UUID.test(userId)) throw new SpacesError(422, 'spaces.steward.error.choose', 'userId');
  await withSpaceFor(db, actor, PERMISSIONS.configure, spaceId, async (tx, space) => {
    const candidates = await stewardCandidates(tx, space);
    if (!candidates.some((c) => c.userId === userId)) throw new SpacesError(422, 'spaces.steward.error.choose', 'userId');
    const added = await tx
      .insertInto('space_stewards')
      .values({ organisation_id: space.organisationId, space_id: space.id, user_id: userId, named_by: actor.userId })
      .onConflict((oc) => oc.columns(['space_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (added) await audit(tx, { action: 'spaces.steward.name', actor, targetType: 'space', targetId: space.id, details: { userId } });
  });
}

/** The manager withdraws a steward: from then on they see and decide nothing of the space. */
export async function removeSteward(db: Db, actor: Actor, spaceId: string, userId: string): Promise<void> {
  if (!UUID.test(userId)) throw new SpacesError(404, 'error.404.title');
  await withSpaceFor(db, actor, PERMISSIONS.configure, spaceId, async (tx, space) => {
    const gone = await tx.deleteFrom('space_stewards').where('space_id', '=', space.id).where('user_id', '=', userId).returning('id').executeTakeFirst();
    if (!gone) throw new SpacesError(404, 'error.404.title');
    await audit(tx, { action: 'spaces.steward.remove', actor, targetType: 'space', targetId: space.id, details: { userId } });
  });
}
