import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { findSpace, type Space } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';

/** Who acts on a space run collegially: its staff, or a resident the manager named steward of it. */
export type StewardRole = 'staff' | 'steward';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the user is a steward of the space (in the tenant's transaction). */
export async function isSteward(tx: Tx, spaceId: string, userId: string): Promise<boolean> {
  const row = await tx.selectFrom('space_stewards').select('id').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Runs `fn` on a space the actor may run: staff holding `spaces.board` for its residence, or a resident
 * named steward of this very space. A resident who is not its steward gets 404, as for a space of another
 * organisation: the policy never lets a steward of one room act on another. `staffOnly` refuses stewards.
 */
export async function withStewardOrStaff<T>(db: Db, actor: Actor, spaceId: string, fn: (tx: Tx, space: Space, role: StewardRole) => Promise<T>, opts: { lock?: boolean; stewardOnly?: boolean } = {}): Promise<T> {
  if (!actor.orgId || !UUID.test(spaceId)) throw new SpacesError(404, 'error.404.title');
  const staff = !opts.stewardOnly && authorize(actor, 'spaces.board') === 'allow';
  const resident = authorize(actor, 'spaces.resident') === 'allow';
  if (!staff && !resident) throw new SpacesError(403, 'error.403.title');
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId, { lock: opts.lock });
    if (!space) throw new SpacesError(404, 'error.404.title');
    if (staff) {
      const d = authorize(actor, 'spaces.board', { organisationId: space.organisationId, residenceId: space.residenceId });
      if (d === 'allow') return fn(tx, space, 'staff');
      if (!resident) throw new SpacesError(d === 'not_found' ? 404 : 403, `error.${d === 'not_found' ? 404 : 403}.title`);
    }
    if (space.organisationId !== actor.orgId || !(await isSteward(tx, space.id, actor.userId))) throw new SpacesError(404, 'error.404.title');
    return fn(tx, space, 'steward');
  });
}
