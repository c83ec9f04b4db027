import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf, neighbourhoodOfResidence } from '../../directory/index.js';
import { asResident, householdOf } from '../policy.js';

/**
 * Names, for the rest of the transaction, the neighbourhood the actor's household lives in now, so
 * that row-level security shows the activities other landlords opened to it (policy
 * `community_events_neighbours`, migration 20261209100000). Run in the resident's own landlord's
 * context; returns null (and shows nothing more) for staff, a household without a home or a home in
 * no neighbourhood.
 */
export async function openNeighbourView(tx: Tx, actor: Actor): Promise<string | null> {
  const household = householdOf(actor);
  if (!asResident(actor) || !household) return null;
  return openHouseholdView(tx, household);
}

/**
 * The same view for a household of the context's landlord, without an actor: the neighbourhood of its
 * current home, or null.
 */
export async function openHouseholdView(tx: Tx, householdId: string): Promise<string | null> {
  const home = await currentResidenceOf(tx, householdId);
  const n = home ? await neighbourhoodOfResidence(tx, home) : null;
  if (!n) return null;
  await sql`select set_config('app.neighbourhood_id', ${n.id}, true)`.execute(tx);
  return n.id;
}

export type NeighbourRegistrationRef = {
  id: string;
  eventId: string;
  organisationId: string;
  landlord: string;
  /** Whether the activity is of the neighbourhood the household lives in now (its page is then open to it). */
  reachable: boolean;
};

export type GuestRegistration = {
  id: string;
  event_id: string;
  organisation_id: string;
  landlord: string;
  neighbourhood_id: string | null;
  event: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  adults: number;
  children: number;
  attendance: string | null;
  created_at: Date;
  cancelled_at: Date | null;
};

/**
 * Every registration of a household of the context's landlord to other landlords' activities, by its
 * household id, wherever it lives now (function `community_household_guest_registrations`, migration
 * 20261211120000): a move out of the neighbourhood keeps them; the next tenants of its old home, another
 * household, never see them, nor does it see theirs. Only the registration and its activity's title and
 * times: the rest of an activity is read in its organiser's context. Call inside withTenant.
 */
export async function guestRegistrationsOf(tx: Tx, householdId: string): Promise<GuestRegistration[]> {
  const { rows } = await sql<GuestRegistration>`select * from community_household_guest_registrations(${householdId}::uuid)`.execute(tx);
  return rows.map((r) => ({ ...r, adults: Number(r.adults), children: Number(r.children) }));
}

/** The neighbourhood a household of the context's landlord lives in now, or null (no view is opened). */
async function currentNeighbourhoodOf(tx: Tx, householdId: string): Promise<string | null> {
  const home = await currentResidenceOf(tx, householdId);
  return home ? ((await neighbourhoodOfResidence(tx, home))?.id ?? null) : null;
}

/**
 * A household's live registrations to other landlords' activities (`guestRegistrationsOf`), ending
 * after `endsAfter`, in date order. The caller then reads each activity's facts in its organiser's
 * context, limited to those registrations.
 */
export async function neighbourRegistrationRefs(db: Db, orgId: string, householdId: string, opts: { endsAfter: Date; statuses: readonly string[] }): Promise<NeighbourRegistrationRef[]> {
  return withTenant(db, { orgId }, async (tx) => {
    const rows = (await guestRegistrationsOf(tx, householdId)).filter((r) => opts.statuses.includes(r.status) && r.ends_at > opts.endsAfter);
    if (!rows.length) return [];
    const here = await currentNeighbourhoodOf(tx, householdId);
    return rows
      .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
      .slice(0, 500)
      .map((r) => ({ id: r.id, eventId: r.event_id, organisationId: r.organisation_id, landlord: r.landlord, reachable: here !== null && r.neighbourhood_id === here }));
  });
}

export type NeighbourEventRef = { id: string; organisationId: string; landlord: string; neighbourhoodId: string; householdName: string };

/**
 * The activities of other landlords the actor may see as a neighbour (one, when `id` is given), as
 * RLS shows them in the actor's own landlord's context: that is the check. The caller then reads or
 * writes each in its organiser's context.
 */
export async function neighbourEventRefs(db: Db, actor: Actor, opts: { id?: string; endsAfter?: Date; limit?: number }): Promise<NeighbourEventRef[]> {
  if (!actor.orgId || (opts.id !== undefined && !/^[0-9a-f-]{36}$/i.test(opts.id))) return [];
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const n = await openNeighbourView(tx, actor);
    if (!n) return [];
    let q = tx
      .selectFrom('community_events as e')
      .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
      .select(['e.id', 'e.organisation_id', 'o.name as landlord'])
      .where('e.organisation_id', '<>', actor.orgId)
      .where('e.neighbourhood_id', '=', n)
      .orderBy('e.starts_at')
      .limit(opts.limit ?? 50);
    if (opts.id !== undefined) q = q.where('e.id', '=', opts.id);
    if (opts.endsAfter) q = q.where('e.ends_at', '>', opts.endsAfter);
    const rows = await q.execute();
    if (!rows.length) return [];
    const h = await tx
      .selectFrom('households')
      .select('name')
      .where('id', '=', householdOf(actor) as string)
      .executeTakeFirstOrThrow();
    return rows.map((r) => ({ id: r.id as string, organisationId: r.organisation_id as string, landlord: r.landlord as string, neighbourhoodId: n, householdName: h.name as string }));
  });
}

/** Groups references by organiser, for one transaction per landlord. */
export function byOrganiser(refs: NeighbourEventRef[]): Map<string, NeighbourEventRef[]> {
  const out = new Map<string, NeighbourEventRef[]>();
  for (const r of refs) out.set(r.organisationId, [...(out.get(r.organisationId) ?? []), r]);
  return out;
}

export type NeighbourProcessRef = { id: string; organisationId: string; landlord: string; householdName: string };

/**
 * Other landlords' participation processes open to the actor's neighbourhood (one, when `id` is
 * given; or the one of proposal `proposalId`), as RLS shows them in the actor's own landlord's
 * context (policies `community_processes_neighbours` and `community_proposals_neighbours`).
 */
export async function neighbourProcessRefs(db: Db, actor: Actor, opts: { id?: string; proposalId?: string } = {}): Promise<NeighbourProcessRef[]> {
  const uuid = /^[0-9a-f-]{36}$/i;
  if (!actor.orgId || (opts.id !== undefined && !uuid.test(opts.id)) || (opts.proposalId !== undefined && !uuid.test(opts.proposalId))) return [];
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    if (!(await openNeighbourView(tx, actor))) return [];
    let q = tx
      .selectFrom('community_processes as pr')
      .innerJoin('organisations as o', 'o.id', 'pr.organisation_id')
      .select(['pr.id', 'pr.organisation_id', 'o.name as landlord'])
      .where('pr.organisation_id', '<>', actor.orgId)
      .orderBy('pr.starts_on', 'desc')
      .limit(50);
    if (opts.id !== undefined) q = q.where('pr.id', '=', opts.id);
    if (opts.proposalId !== undefined) q = q.where('pr.id', 'in', tx.selectFrom('community_proposals').select('process_id').where('id', '=', opts.proposalId));
    const rows = await q.execute();
    if (!rows.length) return [];
    const h = await tx
      .selectFrom('households')
      .select('name')
      .where('id', '=', householdOf(actor) as string)
      .executeTakeFirstOrThrow();
    return rows.map((r) => ({ id: r.id as string, organisationId: r.organisation_id as string, landlord: r.landlord as string, householdName: h.name as string }));
  });
}
