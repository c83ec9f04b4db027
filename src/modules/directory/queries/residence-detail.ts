import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize, type Decision } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { UUID } from '../views/ui.js';

export type Residence = {
  id: string;
  organisation_id: string;
  agency_id: string | null;
  agency: string | null;
  reference: string;
  name: string;
  kind: string;
  address: string;
  postcode: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
};

export type ResidenceDetail = {
  residence: Residence;
  dwellings: number;
  buildings: { id: string; reference: string; name: string; dwellings: number }[];
  places: { id: string; kind: string; name: string; description: string | null }[];
};

/** The residence if the actor may see it: another organisation's (RLS hides it) is not_found, outside their scope forbidden. */
export async function findResidence(tx: Tx, actor: Actor, id: string, permission = 'directory.residences.read'): Promise<Residence | Exclude<Decision, 'allow'>> {
  if (!UUID.test(id)) return 'not_found';
  const r = await tx
    .selectFrom('residences as r')
    .leftJoin('agencies as a', 'a.id', 'r.agency_id')
    .select(['r.id', 'r.organisation_id', 'r.agency_id', 'a.name as agency', 'r.reference', 'r.name', 'r.kind', 'r.address', 'r.postcode', 'r.city', 'r.latitude', 'r.longitude'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!r) return 'not_found';
  const decision = authorize(actor, permission, { organisationId: r.organisation_id, residenceId: r.id });
  return decision === 'allow' ? (r as Residence) : decision;
}

/** A residence with its buildings (and their dwellings), its dwelling count and its common places. */
export async function residenceDetail(db: Db, actor: Actor, id: string): Promise<ResidenceDetail | Exclude<Decision, 'allow'>> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const residence = await findResidence(tx, actor, id);
    if (typeof residence === 'string') return residence;
    const buildings = await tx
      .selectFrom('buildings as b')
      .select(['b.id', 'b.reference', 'b.name'])
      .select((s) => s.selectFrom('dwellings as d').whereRef('d.building_id', '=', 'b.id').select(sql<number>`count(*)`.as('c')).as('dwellings'))
      .where('b.residence_id', '=', id)
      .orderBy('b.name')
      .execute();
    const count = await tx.selectFrom('dwellings').select(sql<number>`count(*)`.as('n')).where('residence_id', '=', id).executeTakeFirstOrThrow();
    const places = await tx.selectFrom('common_places').select(['id', 'kind', 'name', 'description']).where('residence_id', '=', id).orderBy('name').execute();
    return { residence, dwellings: Number(count.n), buildings: buildings as ResidenceDetail['buildings'], places: places as ResidenceDetail['places'] };
  });
}

export async function agenciesOf(db: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
  return withTenant(db, { orgId: actor.orgId }, (tx) => tx.selectFrom('agencies').select(['id', 'name']).orderBy('name').execute()) as Promise<{ id: string; name: string }[]>;
}
