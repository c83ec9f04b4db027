// Test helpers for the stewards, keys, gardens and self check-in tests. Not used by the app.
import type { Database } from '../../platform/db/database.js';
import { parisInstant } from './domain/paris-time.js';

type Q = (text: string, args?: unknown[]) => Promise<{ rows: Record<string, any>[] }>;
const ownerQuery = (database: Database): Q => (text, args = []) => database.owner.query(text, args) as Promise<{ rows: Record<string, any>[] }>;

/** A resident account (demo password) of the household, in the space's organisation. */
export async function residentAccount(database: Database, orgId: string, householdId: string, email: string, name: string): Promise<string> {
  const q = ownerQuery(database);
  const hash = (await q("select password_hash from users where email = 'resident@demo.palier.fr'")).rows[0].password_hash;
  const u = (await q('insert into users (email, display_name, password_hash) values ($1, $2, $3) returning id', [email, name, hash])).rows[0].id as string;
  await q("insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, 'resident', $3)", [orgId, u, householdId]);
  return u;
}

/** A second room beside `spaceId`, in the same residence, with one resource: returns [spaceId, resourceId]. */
export async function siblingRoom(database: Database, spaceId: string, name: string): Promise<[string, string]> {
  const q = ownerQuery(database);
  const s = (await q(
    "insert into spaces (organisation_id, common_place_id, residence_id, kind, name, approval_required, horizon_days) select organisation_id, common_place_id, residence_id, kind, $2, true, 200 from spaces where id = $1 returning id, organisation_id",
    [spaceId, name],
  )).rows[0];
  const r = (await q("insert into space_resources (organisation_id, space_id, kind, name) values ($1, $2, 'room', 'Salle') returning id", [s.organisation_id, s.id])).rows[0];
  return [s.id, r.id];
}

/** A booking written straight to the table (the booking rules are tested elsewhere). */
export async function rawBooking(database: Database, b: { spaceId: string; resourceId: string; householdId: string; date: string; from: number; to: number; status: string }): Promise<string> {
  const q = ownerQuery(database);
  const org = (await q('select organisation_id from spaces where id = $1', [b.spaceId])).rows[0].organisation_id;
  const start = parisInstant(b.date, b.from);
  const end = parisInstant(b.date, b.to);
  return (await q(
    "insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, 1, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), $7) returning id",
    [org, b.spaceId, b.resourceId, b.householdId, start, end, b.status],
  )).rows[0].id as string;
}
