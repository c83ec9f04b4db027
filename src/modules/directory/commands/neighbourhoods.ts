import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import type { NeighbourhoodInput } from '../schemas-neighbourhoods.js';

export type NeighbourhoodResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

/**
 * Who changes neighbourhoods: a landlord's managers for the whole organisation (a manager scoped to
 * some residences could otherwise share residences outside their reach).
 */
function guard(actor: Actor): string {
  if (authorize(actor, 'directory.neighbourhoods.manage') !== 'allow' || !actor.orgId || actor.residenceIds !== null) throw new HttpError(403);
  return actor.orgId;
}

async function isLandlord(tx: Tx, orgId: string): Promise<boolean> {
  const o = await tx.selectFrom('organisations').select('kind').where('id', '=', orgId).executeTakeFirst();
  return o?.kind === 'landlord';
}

async function membership(tx: Tx, orgId: string, neighbourhoodId: string): Promise<{ joined: boolean; owned: boolean }> {
  const n = await tx.selectFrom('neighbourhoods').select('organisation_id').where('id', '=', neighbourhoodId).executeTakeFirst();
  if (!n) throw new HttpError(404);
  const m = await tx.selectFrom('neighbourhood_landlords').select('joined_at').where('neighbourhood_id', '=', neighbourhoodId).where('organisation_id', '=', orgId).executeTakeFirst();
  return { joined: Boolean(m?.joined_at), owned: n.organisation_id === orgId };
}

/** A landlord creates a neighbourhood and is its first member. */
export async function createNeighbourhood(db: Db, actor: Actor, input: NeighbourhoodInput): Promise<NeighbourhoodResult> {
  const orgId = guard(actor);
  return withTenant(db, { orgId }, async (tx): Promise<NeighbourhoodResult> => {
    if (!(await isLandlord(tx, orgId))) throw new HttpError(403);
    const n = await tx.insertInto('neighbourhoods').values({ organisation_id: orgId, name: input.name, city: input.city, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('neighbourhood_landlords').values({ neighbourhood_id: n.id, organisation_id: orgId, joined_at: new Date() }).execute();
    await audit(tx, { action: 'directory.neighbourhood.create', actor, targetType: 'neighbourhood', targetId: n.id as string });
    return { ok: true, id: n.id as string };
  });
}

/** The creator invites another landlord; the invitation stands until that landlord accepts or declines. */
export async function inviteLandlord(db: Db, actor: Actor, neighbourhoodId: string, landlordId: string): Promise<NeighbourhoodResult> {
  const orgId = guard(actor);
  return withTenant(db, { orgId }, async (tx): Promise<NeighbourhoodResult> => {
    const m = await membership(tx, orgId, neighbourhoodId);
    if (!m.owned) throw new HttpError(403);
    const target = /^[0-9a-f-]{36}$/i.test(landlordId) ? await tx.selectFrom('organisations').select(['id', 'kind']).where('id', '=', landlordId).executeTakeFirst() : undefined;
    if (!target || target.kind !== 'landlord' || target.id === orgId) return { ok: false, errors: { landlord: 'directory.neighbourhood.error.landlord' } };
    const already = await tx.selectFrom('neighbourhood_landlords').select('organisation_id').where('neighbourhood_id', '=', neighbourhoodId).where('organisation_id', '=', landlordId).executeTakeFirst();
    if (already) return { ok: false, errors: { landlord: 'directory.neighbourhood.error.alreadyInvited' } };
    await tx.insertInto('neighbourhood_landlords').values({ neighbourhood_id: neighbourhoodId, organisation_id: landlordId }).execute();
    await audit(tx, { action: 'directory.neighbourhood.invite', actor, targetType: 'neighbourhood', targetId: neighbourhoodId, details: { landlordId } });
    return { ok: true, id: neighbourhoodId };
  });
}

/** The invited landlord accepts: from then on both see each other's attached residences (name and city). */
export async function acceptInvitation(db: Db, actor: Actor, neighbourhoodId: string): Promise<void> {
  const orgId = guard(actor);
  await withTenant(db, { orgId }, async (tx) => {
    const m = await membership(tx, orgId, neighbourhoodId);
    if (m.joined) return;
    await tx.updateTable('neighbourhood_landlords').set({ joined_at: new Date() }).where('neighbourhood_id', '=', neighbourhoodId).where('organisation_id', '=', orgId).execute();
    await audit(tx, { action: 'directory.neighbourhood.join', actor, targetType: 'neighbourhood', targetId: neighbourhoodId });
  });
}

/** A landlord leaves (or declines the invitation): its residences go out of the neighbourhood with it. */
export async function leaveNeighbourhood(db: Db, actor: Actor, neighbourhoodId: string): Promise<void> {
  const orgId = guard(actor);
  await withTenant(db, { orgId }, async (tx) => {
    const m = await membership(tx, orgId, neighbourhoodId);
    // The creator stays: it is the one who invites; it detaches its residences instead.
    if (m.owned) throw new HttpError(409);
    await tx.deleteFrom('neighbourhood_landlords').where('neighbourhood_id', '=', neighbourhoodId).where('organisation_id', '=', orgId).execute();
    await audit(tx, { action: 'directory.neighbourhood.leave', actor, targetType: 'neighbourhood', targetId: neighbourhoodId });
  });
}

/** A member attaches one of ITS OWN residences (one neighbourhood per residence). */
export async function attachResidence(db: Db, actor: Actor, neighbourhoodId: string, residenceId: string): Promise<NeighbourhoodResult> {
  const orgId = guard(actor);
  return withTenant(db, { orgId }, async (tx): Promise<NeighbourhoodResult> => {
    const m = await membership(tx, orgId, neighbourhoodId);
    if (!m.joined) throw new HttpError(403);
    const r = /^[0-9a-f-]{36}$/i.test(residenceId) ? await tx.selectFrom('residences').select(['id', 'name', 'city']).where('id', '=', residenceId).where('organisation_id', '=', orgId).executeTakeFirst() : undefined;
    if (!r) return { ok: false, errors: { residence: 'directory.neighbourhood.error.residence' } };
    const taken = await tx.selectFrom('neighbourhood_residences').select('neighbourhood_id').where('residence_id', '=', residenceId).executeTakeFirst();
    if (taken) return { ok: false, errors: { residence: 'directory.neighbourhood.error.attached' } };
    await tx.insertInto('neighbourhood_residences').values({ residence_id: r.id, neighbourhood_id: neighbourhoodId, organisation_id: orgId, name: r.name, city: r.city }).execute();
    await audit(tx, { action: 'directory.neighbourhood.attach', actor, targetType: 'neighbourhood', targetId: neighbourhoodId, details: { residenceId } });
    return { ok: true, id: neighbourhoodId };
  });
}

/** A member detaches one of its residences (RLS lets it touch no other landlord's). */
export async function detachResidence(db: Db, actor: Actor, neighbourhoodId: string, residenceId: string): Promise<void> {
  const orgId = guard(actor);
  await withTenant(db, { orgId }, async (tx) => {
    await membership(tx, orgId, neighbourhoodId);
    if (!/^[0-9a-f-]{36}$/i.test(residenceId)) throw new HttpError(404);
    const gone = await tx.deleteFrom('neighbourhood_residences').where('neighbourhood_id', '=', neighbourhoodId).where('residence_id', '=', residenceId).where('organisation_id', '=', orgId).returning('residence_id').executeTakeFirst();
    if (!gone) throw new HttpError(404);
    await audit(tx, { action: 'directory.neighbourhood.detach', actor, targetType: 'neighbourhood', targetId: neighbourhoodId, details: { residenceId } });
  });
}
