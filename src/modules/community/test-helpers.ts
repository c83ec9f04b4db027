// Shared by this module's tests only: real accounts and households of the demo data, no fakes.
import type { Actor } from '../../platform/access/actor.js';
import { loadActor } from '../../platform/access/load-actor.js';
import type { Database } from '../../platform/db/database.js';

/** The actor of a demo account, as the request context would build it. */
export async function actorOf(database: Database, email: string): Promise<Actor> {
  const user = await database.db.selectFrom('users').select(['id', 'display_name', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
  return loadActor(database.db, user as { id: string; display_name: string; locale: string }, { current_org_id: null, acting_for_user_id: null });
}

/** Households of a landlord's residence, read as the owner (setup only). */
export async function householdsOf(database: Database, residenceRef: string): Promise<string[]> {
  const { rows } = await database.owner.query(
    `select h.id from households h join occupancies o on o.household_id = h.id and o.ends_on is null
     join dwellings d on d.id = o.dwelling_id join residences r on r.id = d.residence_id where r.reference = $1 order by h.reference`,
    [residenceRef],
  );
  return rows.map((r) => r.id as string);
}

/** A new resident account in a household (a second member of a family), returned as an actor. */
export async function addResident(database: Database, orgSlug: string, householdId: string, name: string): Promise<Actor> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`;
  const { rows } = await database.owner.query(`insert into users (email, display_name, password_hash) values ($1, $2, 'x') returning id`, [email, name]);
  await database.owner.query(`insert into memberships (organisation_id, user_id, role, household_id) select id, $2, 'resident', $3 from organisations where slug = $1`, [
    orgSlug,
    rows[0].id,
    householdId,
  ]);
  return actorOf(database, email);
}

/** A date in the future, as the event form wants it. */
export function inDays(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}
