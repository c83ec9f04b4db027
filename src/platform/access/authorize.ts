import type { Actor } from './actor.js';
import type { Role } from './roles.js';

/** A permission names an action; `public` and `signed_in` are the only ones that need no role. */
export type Permission = string;
export const PUBLIC: Permission = 'public';
export const SIGNED_IN: Permission = 'signed_in';

const grants = new Map<Permission, Set<Role>>();

/** Modules declare which roles hold each of their permissions; nothing is granted otherwise. */
export function grant(permission: Permission, roles: Role[]): void {
  const set = grants.get(permission) ?? new Set<Role>();
  for (const r of roles) set.add(r);
  grants.set(permission, set);
}

export function knownPermissions(): Permission[] {
  return [...grants.keys()];
}

/** The roles holding a permission (for the generated authorisation tests and the processing register). */
export function rolesWith(permission: Permission): Role[] {
  return [...(grants.get(permission) ?? [])];
}

export type Resource = { organisationId: string; residenceId?: string | null; ownerUserId?: string | null };
export type Decision = 'allow' | 'forbidden' | 'not_found' | 'unauthenticated';

/**
 * The one policy point. Deny by default: a permission nobody granted is refused to everyone.
 * Another organisation's resource is `not_found`, so its existence never leaks.
 */
export function authorize(actor: Actor | null, permission: Permission, resource?: Resource): Decision {
  if (permission === PUBLIC) return 'allow';
  if (!actor) return 'unauthenticated';
  if (resource && resource.organisationId !== actor.orgId) return 'not_found';
  if (permission === SIGNED_IN) return 'allow';
  if (actor.tokenScopes && !actor.tokenScopes.includes(permission)) return 'forbidden';
  const roles = grants.get(permission);
  if (!roles || !actor.roles.some((r) => roles.has(r))) return 'forbidden';
  if (resource?.ownerUserId && actor.roles.every((r) => r === 'resident')) {
    const self = actor.actingFor?.userId ?? actor.userId;
    if (resource.ownerUserId !== self) return 'not_found';
  }
  if (resource?.residenceId && actor.residenceIds && !actor.residenceIds.includes(resource.residenceId)) return 'forbidden';
  return 'allow';
}
