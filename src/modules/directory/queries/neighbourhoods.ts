import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';

/** A neighbourhood as a landlord sees it: its landlords (names) and residences (name and city only). */
export type Neighbourhood = {
  id: string;
  name: string;
  city: string;
  /** The current landlord created it (it invites others). */
  owned: boolean;
  /** The current landlord is a member (false: invited, not yet accepted). */
  joined: boolean;
  landlords: { id: string; name: string; joined: boolean }[];
  residences: { id: string; name: string; city: string; landlordId: string; landlordName: string; own: boolean }[];
};

const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

async function detail(tx: Tx, orgId: string, ids: string[]): Promise<Neighbourhood[]> {
  if (!ids.length) return [];
  const [rows, landlords, residences] = await Promise.all([
    tx.selectFrom('neighbourhoods').select(['id', 'name', 'city', 'organisation_id']).where('id', 'in', ids).orderBy('name').execute(),
    tx
      .selectFrom('neighbourhood_landlords as nl')
      .innerJoin('organisations as o', 'o.id', 'nl.organisation_id')
      .select(['nl.neighbourhood_id', 'nl.organisation_id', 'nl.joined_at', 'o.name'])
      .where('nl.neighbourhood_id', 'in', ids)
      .orderBy('o.name')
      .execute(),
    tx
      .selectFrom('neighbourhood_residences as nr')
      .innerJoin('organisations as o', 'o.id', 'nr.organisation_id')
      .select(['nr.neighbourhood_id', 'nr.residence_id', 'nr.name', 'nr.city', 'nr.organisation_id', 'o.name as landlord_name'])
      .where('nr.neighbourhood_id', 'in', ids)
      .orderBy('nr.name')
      .execute(),
  ]);
  return rows.map((n) => {
    const mine = landlords.find((l) => l.neighbourhood_id === n.id && l.organisation_id === orgId);
    return {
      id: n.id,
      name: n.name,
      city: n.city,
      owned: n.organisation_id === orgId,
      joined: Boolean(mine?.joined_at),
      landlords: landlords.filter((l) => l.neighbourhood_id === n.id).map((l) => ({ id: l.organisation_id, name: l.name, joined: l.joined_at !== null })),
      residences: residences
        .filter((r) => r.neighbourhood_id === n.id)
        .map((r) => ({ id: r.residence_id, name: r.name, city: r.city, landlordId: r.organisation_id, landlordName: r.landlord_name, own: r.organisation_id === orgId })),
    };
  });
}

/** The neighbourhoods the actor's landlord created, belongs to or is invited to (RLS shows no other). */
export async function listNeighbourhoods(db: Db, actor: Actor): Promise<Neighbourhood[]> {
  if (!actor.orgId) return [];
  const orgId = actor.orgId;
  return withTenant(db, { orgId }, async (tx) => {
    const rows = await tx.selectFrom('neighbourhoods').select('id').execute();
    return detail(
      tx,
      orgId,
      rows.map((r) => r.id as string),
    );
  });
}

/** One neighbourhood the actor's landlord may see, or null (another landlord's, unknown, malformed id). */
export async function findNeighbourhood(db: Db, actor: Actor, id: string): Promise<Neighbourhood | null> {
  if (!actor.orgId || !isUuid(id)) return null;
  const orgId = actor.orgId;
  return withTenant(db, { orgId }, async (tx) => (await detail(tx, orgId, [id]))[0] ?? null);
}

/** Landlords that may be invited: every other landlord not yet in (or invited to) the neighbourhood. */
export async function invitableLandlords(db: Db, actor: Actor, n: Neighbourhood): Promise<{ id: string; name: string }[]> {
  const taken = [actor.orgId as string, ...n.landlords.map((l) => l.id)];
  return db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'landlord').where('id', 'not in', taken).orderBy('name').execute() as Promise<{ id: string; name: string }[]>;
}

/** The landlord's own residences not attached to any neighbourhood yet. */
export async function attachableResidences(db: Db, actor: Actor): Promise<{ id: string; name: string; city: string }[]> {
  if (!actor.orgId) return [];
  return withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx
      .selectFrom('residences as r')
      .leftJoin('neighbourhood_residences as nr', 'nr.residence_id', 'r.id')
      .select(['r.id', 'r.name', 'r.city'])
      .where('nr.residence_id', 'is', null)
      .where('r.organisation_id', '=', actor.orgId)
      .orderBy('r.name')
      .execute(),
  ) as Promise<{ id: string; name: string; city: string }[]>;
}

/**
 * The neighbourhood of a residence, as the current context sees it: its own residence, or another
 * landlord's residence of a neighbourhood it has joined. Null when it has none (or may not know it).
 */
export async function neighbourhoodOfResidence(tx: Tx, residenceId: string): Promise<{ id: string; name: string; city: string } | null> {
  if (!isUuid(residenceId)) return null;
  const r = await tx
    .selectFrom('neighbourhood_residences as nr')
    .innerJoin('neighbourhoods as n', 'n.id', 'nr.neighbourhood_id')
    .select(['n.id', 'n.name', 'n.city'])
    .where('nr.residence_id', '=', residenceId)
    .executeTakeFirst();
  return r ? { id: r.id as string, name: r.name as string, city: r.city as string } : null;
}

/**
 * Whether household H lives now in a residence of neighbourhood N. Run it in the household's own
 * landlord's context (L): only L's occupancies are visible there, so another landlord's household is never "in".
 */
export async function householdInNeighbourhood(tx: Tx, householdId: string, neighbourhoodId: string): Promise<boolean> {
  if (!isUuid(householdId) || !isUuid(neighbourhoodId)) return false;
  const r = await tx
    .selectFrom('occupancies as o')
    .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .innerJoin('neighbourhood_residences as nr', 'nr.residence_id', 'd.residence_id')
    .innerJoin('households as h', 'h.id', 'o.household_id')
    .select('o.id')
    .where('o.household_id', '=', householdId)
    .where('o.ends_on', 'is', null)
    .where('nr.neighbourhood_id', '=', neighbourhoodId)
    .whereRef('nr.organisation_id', '=', 'h.organisation_id')
    .executeTakeFirst();
  return Boolean(r);
}

/** The other landlords' residences of the neighbourhoods the current context has joined (name, city, landlord). */
export async function neighbourResidences(tx: Tx, orgId: string): Promise<{ id: string; name: string; city: string; landlordName: string; neighbourhoodId: string }[]> {
  const rows = await tx
    .selectFrom('neighbourhood_residences as nr')
    .innerJoin('organisations as o', 'o.id', 'nr.organisation_id')
    .select(['nr.residence_id', 'nr.name', 'nr.city', 'o.name as landlord_name', 'nr.neighbourhood_id'])
    .where('nr.organisation_id', '<>', orgId)
    .orderBy('nr.name')
    .execute();
  return rows.map((r) => ({ id: r.residence_id, name: r.name, city: r.city, landlordName: r.landlord_name, neighbourhoodId: r.neighbourhood_id }));
}
