import type { Role } from './roles.js';

/** Who is acting: a signed-in person (possibly for a resident, in assisted mode) or an API token. */
export type Actor = {
  kind: 'user' | 'token';
  userId: string;
  displayName: string;
  locale: 'fr' | 'en';
  orgId: string | null;
  roles: Role[];
  /** null means the whole organisation. */
  residenceIds: string[] | null;
  householdId: string | null;
  actingFor: { userId: string; displayName: string; householdId: string | null } | null;
  /** For API tokens: the permissions the token was limited to. */
  tokenScopes: string[] | null;
};

export function isStaff(actor: Actor): boolean {
  return actor.roles.some((r) => r !== 'resident');
}
