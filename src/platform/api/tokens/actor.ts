import type { Actor } from '../../access/actor.js';
import { membershipsOf } from '../../access/load-actor.js';
import { isRole, type Role } from '../../access/roles.js';
import { hashSecret } from '../../auth/tokens.js';
import type { Db } from '../../db/database.js';
import { findLiveToken, TOKEN_PREFIX } from './store.js';

/**
 * The Actor of a Bearer token, or null when the secret is unknown, revoked, or its creator disabled.
 * The token acts with its creator's current roles in the token's organisation, narrowed to its scopes:
 * `authorize()` refuses whatever is outside the scopes, and a creator who loses a role takes that
 * power away from their tokens too.
 */
export async function tokenActor(db: Db, secret: string, locale: 'fr' | 'en'): Promise<Actor | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
  const token = await findLiveToken(db, hashSecret(secret));
  if (!token) return null;
  const creator = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', token.created_by).executeTakeFirst();
  if (!creator || creator.disabled) return null;
  const mine = (await membershipsOf(db, token.created_by)).filter((m) => m.organisation_id === token.organisation_id);
  return {
    kind: 'token',
    userId: token.created_by,
    displayName: token.name,
    locale,
    orgId: token.organisation_id,
    roles: mine.map((m) => m.role).filter(isRole) as Role[],
    // No membership left means no residence either, never "the whole organisation".
    residenceIds: mine.some((m) => m.residence_ids === null) ? null : [...new Set(mine.flatMap((m) => m.residence_ids ?? []))],
    // As for a session: a resident's token speaks for their household (registrations, proposals).
    householdId: mine.find((m) => m.household_id)?.household_id ?? null,
    actingFor: null,
    tokenScopes: token.scopes,
  };
}
