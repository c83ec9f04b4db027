import type { Actor } from '../../platform/access/actor.js';
import { authorize } from '../../platform/access/authorize.js';
import type { Db } from '../../platform/db/database.js';
import { type Tx, withTenant } from '../../platform/db/tenant.js';
import { findSpace, type Space } from './db/spaces-db.js';
import { SpacesError } from './errors.js';

/** Who may do what with spaces, beyond booking: the roles are granted in module.ts. */
export const PERMISSIONS = {
  /** Create and edit spaces, resources and rules. */
  configure: 'spaces.configure',
  /** Read and export the occupancy report. */
  report: 'spaces.report',
  /** Record and read the facilitator's support sessions. */
  support: 'spaces.support',
} as const;

/** Refuses (403) an actor without the permission, before anything is read. */
export function requirePermission(actor: Actor, permission: string): string {
  if (authorize(actor, permission) !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  return actor.orgId;
}

/**
 * Runs `fn` on a space the actor holds `permission` for: unknown or another organisation's → 404,
 * outside their residences → 403. `lock` takes the space's row first, the order every booking command uses.
 */
export async function withSpaceFor<T>(db: Db, actor: Actor, permission: string, spaceId: string, fn: (tx: Tx, space: Space) => Promise<T>, opts: { lock?: boolean } = {}): Promise<T> {
  const orgId = requirePermission(actor, permission);
  return withTenant(db, { orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId, opts);
    if (!space) throw new SpacesError(404, 'error.404.title');
    const d = authorize(actor, permission, { organisationId: space.organisationId, residenceId: space.residenceId });
    if (d !== 'allow') throw new SpacesError(d === 'not_found' ? 404 : 403, `error.${d === 'not_found' ? 404 : 403}.title`);
    return fn(tx, space);
  });
}
