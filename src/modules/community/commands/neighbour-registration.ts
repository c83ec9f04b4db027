import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { notFound } from '../errors.js';
import { asResident, householdOf, personOf } from '../policy.js';
import { guestRegistrationsOf, neighbourEventRefs } from '../queries/neighbour-events.js';
import { cancelAndPromote, findRegistration } from './cancel-registration.js';
import { lockEvent } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';
import { type Placed, placeParty } from './register.js';

/**
 * A resident registers their household to another landlord's activity open to their neighbourhood.
 * Checked first in the resident's own landlord's context: row-level security shows the activity
 * only there (queries/neighbour-events.ts), otherwise 404. The row is then written in the
 * organiser's context under the same event lock as its own residents' registrations, so places
 * are counted by one transaction at a time across landlords; the database trigger
 * `community_registrations_neighbour_check` checks the row once more (activity open to the
 * neighbourhood, household of the guest landlord living in it). The household's name is copied for
 * the roster; its dwelling never leaves its landlord.
 */
export async function registerAsNeighbour(db: Db, actor: Actor, eventId: string, party: { adults: number; children: number }): Promise<Placed> {
  const [ref] = await neighbourEventRefs(db, actor, { id: eventId });
  const householdId = householdOf(actor);
  if (!ref || !householdId || !actor.orgId) notFound();
  const guestOrgId = actor.orgId;
  return withTenant(db, { orgId: ref.organisationId }, async (tx) => {
    const event = (await lockEvent(tx, eventId)) ?? notFound();
    if (event.neighbourhood_id !== ref.neighbourhoodId) notFound();
    const placed = await placeParty(tx, event, { householdId, userId: personOf(actor), registeredBy: actor.actingFor ? actor.userId : null, neighbour: { orgId: guestOrgId, name: ref.householdName } }, party);
    await noticeToRegistrants(tx, { eventId, kind: placed.status, registrationIds: [placed.id] });
    await audit(tx, {
      action: 'community.registration.create',
      organisationId: event.organisation_id,
      actor,
      targetType: 'community_registration',
      targetId: placed.id,
      details: { eventId, status: placed.status, seats: party.adults + party.children, mode: 'neighbour', guestOrgId },
    });
    return placed;
  });
}

/**
 * A neighbour cancels their household's registration to another landlord's activity: found in
 * their own landlord's context by their household (`guestRegistrationsOf`, also after a move),
 * cancelled in the organiser's under the event lock; the waiting list moves up as for anyone.
 */
export async function cancelNeighbourRegistration(db: Db, actor: Actor, registrationId: string): Promise<{ promoted: string[] }> {
  const householdId = householdOf(actor);
  if (!householdId || !actor.orgId || !/^[0-9a-f-]{36}$/i.test(registrationId)) notFound();
  const guestOrgId = actor.orgId;
  // By the household's id, not through the neighbour view: a household that moved out of the
  // neighbourhood may still free its place.
  const mine = asResident(actor)
    ? await withTenant(db, { orgId: guestOrgId }, async (tx) => (await guestRegistrationsOf(tx, householdId)).find((r) => r.id === registrationId && r.status !== 'cancelled' && r.status !== 'refused'))
    : undefined;
  if (!mine) notFound();
  return withTenant(db, { orgId: mine.organisation_id }, async (tx) => {
    const reg = await findRegistration(tx, registrationId);
    if (!reg || reg.household_id !== householdId) notFound();
    const promoted = await cancelAndPromote(tx, reg);
    await audit(tx, {
      action: 'community.registration.cancel',
      organisationId: mine.organisation_id,
      actor,
      targetType: 'community_registration',
      targetId: reg.id,
      details: { eventId: reg.event_id, promoted, mode: 'neighbour' },
    });
    return { promoted };
  });
}
