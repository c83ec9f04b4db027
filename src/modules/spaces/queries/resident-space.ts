import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf } from '../../directory/index.js';
import { findSpace, type Space } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';
import { householdOf } from './resident-spaces.js';

/**
 * Runs `fn` on a space the resident may use: another organisation's (or an unknown) space is a 404,
 * a space that does not serve their residence is a 403.
 */
export async function withResidentSpace<T>(db: Db, actor: Actor, spaceId: string, fn: (tx: Tx, space: Space) => Promise<T>): Promise<T> {
  const household = householdOf(actor);
  if (!actor.orgId) throw new SpacesError(404, 'error.404.title');
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId);
    if (!space?.active) throw new SpacesError(404, 'error.404.title');
    if (!household) throw new SpacesError(403, 'spaces.error.noHousehold');
    if ((await currentResidenceOf(tx, household)) !== space.residenceId) throw new SpacesError(403, 'spaces.error.notServed');
    return fn(tx, space);
  });
}
