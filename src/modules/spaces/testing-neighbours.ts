// Test helper for the neighbourhood tests (HTTP and browser): a resident of another landlord living in the
// demo's Réma'Vert neighbourhood, and the e-bikes opened to it. Not used by the app.
import type { Actor } from '../../platform/access/actor.js';
import { grant } from '../../platform/access/authorize.js';
import type { Database } from '../../platform/db/database.js';
import { acceptInvitation, attachResidence, inviteLandlord } from '../directory/commands/neighbourhoods.js';
import { directoryModule } from '../directory/module.js';
import { listNeighbourhoods } from '../directory/queries/neighbourhoods.js';
import { setOpenToNeighbours } from './commands/open-to-neighbours.js';
import { grantSpacesPermissions, relaxRules } from './testing.js';
import { residentAccount } from './testing-garden.js';

export const NEIGHBOUR_EMAIL = 'voisine-croix-rouge@example.org';
export type Neighbourhood = { ownerOrg: string; guestOrg: string; householdId: string; userId: string; spaceId: string; resourceId: string };

/**
 * Clésence joins Plurial Novilia's Réma'Vert neighbourhood with a residence in Reims, where the household
 * "Foyer Voisin" lives with an account (demo password); Plurial Novilia opens its e-bikes to the neighbourhood
 * (no approval, bookable a month ahead). The neighbourhood steps go through the directory's commands.
 */
export async function neighbourhoodWithGuest(database: Database): Promise<Neighbourhood> {
  grantSpacesPermissions();
  for (const [p, roles] of Object.entries(directoryModule.permissions)) grant(p, roles);
  const q = async (text: string, args: unknown[] = []) => (await database.owner.query(text, args)).rows;
  const orgs = new Map((await q('select id, slug from organisations')).map((r) => [r.slug as string, r.id as string]));
  const ownerOrg = orgs.get('plurial-novilia') as string;
  const guestOrg = orgs.get('clesence') as string;
  const manager = async (orgId: string): Promise<Actor> => {
    // The demo's Clésence has no manager account: any staff member's id stands in (it is only audited).
    const [u] = await q("select m.user_id from memberships m where m.role in ('programme_manager', 'org_admin') order by m.organisation_id = $1 desc, m.role desc limit 1", [orgId]);
    return { kind: 'user', userId: u.user_id, displayName: 'Manager', locale: 'fr', orgId, roles: ['programme_manager', 'org_admin'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
  };
  const [space] = await q("select s.id, r.id as resource_id from spaces s join space_resources r on r.space_id = s.id where s.name = 'Vélos électriques de Réma’Vert' order by r.name limit 1");
  await relaxRules(database, space.id, { approval_required: false });
  await q('update space_resources set approval_required = null, horizon_days = null, notice_minutes = null, cancel_notice_minutes = null where space_id = $1', [space.id]);
  const [res] = await q("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'CL-REIMS-CROIX', 'Résidence Croix-Rouge', 'Avenue Bonaparte', '51100', 'Reims') returning id", [guestOrg]);
  const [dw] = await q("insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, 'CL-REIMS-CROIX-001', 3, 1, 40000) returning id", [guestOrg, res.id]);
  const [h] = await q("insert into households (organisation_id, reference, name, email) values ($1, 'CL-REIMS-F1', 'Foyer Voisin', $2) returning id", [guestOrg, NEIGHBOUR_EMAIL]);
  await q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2020-01-01')", [guestOrg, h.id, dw.id]);
  const userId = await residentAccount(database, guestOrg, h.id, NEIGHBOUR_EMAIL, 'Nadia Voisin');
  const owner = await manager(ownerOrg);
  const guest = await manager(guestOrg);
  const [n] = await listNeighbourhoods(database.db, owner);
  await inviteLandlord(database.db, owner, n.id, guestOrg);
  await acceptInvitation(database.db, guest, n.id);
  await attachResidence(database.db, guest, n.id, res.id);
  await setOpenToNeighbours(database.db, owner, space.id, true);
  return { ownerOrg, guestOrg, householdId: h.id, userId, spaceId: space.id, resourceId: space.resource_id };
}
