import { type Actor, isStaff } from '../../platform/access/actor.js';
import { authorize, type Decision, type Permission } from '../../platform/access/authorize.js';
import type { Tx } from '../../platform/db/tenant.js';
import { currentResidenceOf, neighbourhoodOfResidence } from '../directory/index.js';

/** The module's permissions; the manifest grants each to roles. */
export const P = {
  read: 'community.read',
  register: 'community.register',
  manage: 'community.events.manage',
  attendance: 'community.attendance',
  propose: 'community.propose',
  support: 'community.support',
  comment: 'community.comment',
  answer: 'community.answer',
  moderate: 'community.moderate',
  /** A network's staff organise its club meetings (docs/decisions/network-meetings.md). */
  networkMeetings: 'community.network_meetings.manage',
  /** A member landlord's staff see and join the club meetings of its networks. */
  clubMeetings: 'community.network_meetings.attend',
} as const satisfies Record<string, Permission>;

/** The household a request speaks for: the resident's own, or the one staff assist in assisted mode. */
export function householdOf(actor: Actor): string | null {
  return actor.actingFor ? actor.actingFor.householdId : actor.householdId;
}

/** The person a request speaks for (the resident, even when staff type for them). */
export function personOf(actor: Actor): string {
  return actor.actingFor?.userId ?? actor.userId;
}

/** Whether the request is seen through a resident's eyes (a resident, or staff assisting one). */
export function asResident(actor: Actor): boolean {
  return !isStaff(actor) || actor.actingFor !== null;
}

/**
 * May the actor reach something aimed at `residenceId` (null: the whole landlord)? Staff follow
 * their residence scope; residents see what is aimed at their own residence or at everyone, and
 * anything else is hidden (404) rather than refused, as if it did not exist for them. An activity
 * open to the neighbourhood (`neighbourhood_id`) is also for the landlord's residents of the other
 * residences of that neighbourhood (other landlords' residents: queries/neighbour-events.ts).
 */
export async function audienceDecision(tx: Tx, actor: Actor, permission: Permission, target: { organisation_id: string; residence_id: string | null; neighbourhood_id?: string | null }): Promise<Decision> {
  const decision = authorize(actor, permission, {
    organisationId: target.organisation_id,
    residenceId: asResident(actor) ? null : target.residence_id,
  });
  if (decision !== 'allow' || !asResident(actor) || !target.residence_id) return decision;
  const household = householdOf(actor);
  const home = household ? await currentResidenceOf(tx, household) : null;
  if (home === target.residence_id) return 'allow';
  if (home && target.neighbourhood_id && (await neighbourhoodOfResidence(tx, home))?.id === target.neighbourhood_id) return 'allow';
  return 'not_found';
}
