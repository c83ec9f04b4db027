import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import type { Space } from '../db/spaces-db.js';

export type Steward = { userId: string; name: string; since: Date };
export type StewardCandidate = { userId: string; name: string };

/** The stewards of a space, by name. */
export async function listStewards(tx: Tx, spaceId: string): Promise<Steward[]> {
  const rows = await tx
    .selectFrom('space_stewards as st')
    .innerJoin('users as u', 'u.id', 'st.user_id')
    .select(['st.user_id', 'u.display_name', 'st.created_at'])
    .where('st.space_id', '=', spaceId)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.display_name, since: r.created_at }));
}

/** The resident accounts whose household lives now in the residence the space serves: who may be named steward. */
export async function stewardCandidates(tx: Tx, space: Space): Promise<StewardCandidate[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.display_name'])
    .where('m.role', '=', 'resident')
    .where('m.organisation_id', '=', space.organisationId)
    .where('u.disabled', '=', false)
    .where(
      sql<boolean>`exists (select 1 from occupancies o join dwellings d on d.id = o.dwelling_id where o.household_id = m.household_id and o.ends_on is null and d.residence_id = ${space.residenceId})`,
    )
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.display_name }));
}
