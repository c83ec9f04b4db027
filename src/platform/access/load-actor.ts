import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { withTenant } from '../db/tenant.js';
import type { Actor } from './actor.js';
import { isRole, type Role } from './roles.js';

export type MembershipRow = { organisation_id: string; role: string; residence_ids: string[] | null; household_id: string | null };

/** The organisations a person belongs to, with their roles; RLS shows a person their own memberships. */
export async function membershipsOf(db: Db, userId: string): Promise<MembershipRow[]> {
  return withTenant(db, { orgId: null, userId }, (tx) =>
    tx.selectFrom('memberships').select(['organisation_id', 'role', 'residence_ids', 'household_id']).where('user_id', '=', userId).orderBy('created_at').execute(),
  ) as Promise<MembershipRow[]>;
}

/** Builds the Actor of a signed-in person in one organisation (the session's, else their first). */
export async function loadActor(
  db: Db,
  user: { id: string; display_name: string; locale: string },
  session: { current_org_id: string | null; acting_for_user_id: string | null },
  known?: MembershipRow[],
): Promise<Actor> {
  const memberships = known ?? (await membershipsOf(db, user.id));
  const orgId = memberships.some((m) => m.organisation_id === session.current_org_id) ? session.current_org_id : (memberships[0]?.organisation_id ?? null);
  const mine = memberships.filter((m) => m.organisation_id === orgId);
  const roles = mine.map((m) => m.role).filter(isRole) as Role[];
  const residenceIds = mine.some((m) => m.residence_ids === null) ? null : [...new Set(mine.flatMap((m) => m.residence_ids ?? []))];
  const actor: Actor = {
    kind: 'user',
    userId: user.id,
    displayName: user.display_name,
    locale: user.locale === 'en' ? 'en' : 'fr',
    orgId,
    roles,
    residenceIds,
    householdId: mine.find((m) => m.household_id)?.household_id ?? null,
    actingFor: null,
    tokenScopes: null,
  };
  if (session.acting_for_user_id && orgId) {
    actor.actingFor = await withTenant(db, { orgId }, async (tx) => {
      const row = await tx
        .selectFrom('assistance_consents as c')
        .innerJoin('users as u', 'u.id', 'c.resident_user_id')
        .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'c.resident_user_id').on('m.role', '=', 'resident'))
        .select(['u.id', 'u.display_name', 'm.household_id'])
        .where('c.resident_user_id', '=', session.acting_for_user_id)
        .where('c.staff_user_id', '=', user.id)
        .where('c.revoked_at', 'is', null)
        .where('c.expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return row ? { userId: row.id as string, displayName: row.display_name as string, householdId: (row.household_id as string) ?? null } : null;
    });
  }
  return actor;
}
