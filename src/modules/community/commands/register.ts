import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf, neighbourhoodOfResidence } from '../../directory/index.js';
import { placeRegistration } from '../domain/registration.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { audienceDecision, householdOf, P, personOf } from '../policy.js';
import { registrationInput } from '../schemas.js';
import { type EventRow, lockEvent, occupancy } from './event-rows.js';
import { registerAsNeighbour } from './neighbour-registration.js';
import { noticeToRegistrants } from './notices.js';

export type Placed = {
  id: string;
  status: 'confirmed' | 'waiting' | 'pending';
};
type Who = {
  householdId: string | null;
  userId: string | null;
  guestName?: string;
  guestContact?: string;
  cancelTokenHash?: string;
  registeredBy: string | null;
  /** A resident of another landlord of the neighbourhood: their landlord and household's name (for the roster). */
  neighbour?: { orgId: string; name: string };
};

/** Places a party on a locked event: confirmed, waiting or pending, or refused with the reason. */
export async function placeParty(tx: Tx, event: EventRow, who: Who, party: { adults: number; children: number }): Promise<Placed> {
  if (who.householdId) {
    const live = await tx
      .selectFrom('community_registrations')
      .select('id')
      .where('event_id', '=', event.id)
      .where('household_id', '=', who.householdId)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (live) throw new Invalid({ form: 'community.register.already' }, 409);
  }
  const { confirmedSeats, waitingCount } = await occupancy(tx, event.id);
  const placement = placeRegistration({
    mode: event.registration,
    capacity: event.capacity,
    confirmedSeats,
    waitingCount,
    seats: party.adults + party.children,
    eventCancelled: event.cancelled_at !== null,
    eventStarted: event.starts_at.getTime() <= Date.now(),
  });
  if (placement.outcome === 'refused') throw new Invalid(placement.reason === 'too_large' ? { adults: 'community.register.too_large' } : { form: `community.register.${placement.reason}` }, 409);
  const row = await tx
    .insertInto('community_registrations')
    .values({
      organisation_id: event.organisation_id,
      event_id: event.id,
      household_id: who.householdId,
      user_id: who.userId,
      guest_name: who.guestName ?? null,
      guest_contact: who.guestContact ?? null,
      cancel_token_hash: who.cancelTokenHash ?? null,
      guest_org_id: who.neighbour?.orgId ?? null,
      neighbour_name: who.neighbour?.name ?? null,
      registered_by: who.registeredBy,
      adults: party.adults,
      children: party.children,
      status: placement.outcome,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id as string, status: placement.outcome };
}

/**
 * The household staff name at the desk must be one of the landlord's (row-level security shows no
 * other: a neighbour of another landlord registers themselves) and within the activity's audience:
 * living now in its residence, or in its neighbourhood when it is open to it. Field errors, 422.
 */
async function deskHouseholdCheck(tx: Tx, event: EventRow, householdId: string): Promise<void> {
  if (!householdId) throw new Invalid({ household: 'community.register.noHousehold' });
  const hh = /^[0-9a-f-]{36}$/i.test(householdId) ? await tx.selectFrom('households').select('id').where('id', '=', householdId).where('organisation_id', '=', event.organisation_id).executeTakeFirst() : undefined;
  if (!hh) throw new Invalid({ household: 'community.register.notOurHousehold' });
  if (!event.residence_id) return;
  const home = await currentResidenceOf(tx, householdId);
  if (home === event.residence_id) return;
  if (home && event.neighbourhood_id && (await neighbourhoodOfResidence(tx, home))?.id === event.neighbourhood_id) return;
  throw new Invalid({ household: 'community.register.outsideAudience' });
}

/**
 * Registers the actor's household (or, for staff, the household they name: assisted registration
 * at the desk or on the phone) to an event.
 */
export async function registerForEvent(db: Db, actor: Actor, eventId: string, raw: unknown, opts: { forHouseholdId?: string } = {}): Promise<Placed> {
  // Registering someone else is an organiser's act (P.manage, checked against the event below), not a resident's.
  ensure(authorize(actor, opts.forHouseholdId !== undefined ? P.manage : P.register));
  const party = parseInput(registrationInput, raw);
  const placed = await withTenant(db, { orgId: actor.orgId }, async (tx): Promise<Placed | null> => {
    const event = await lockEvent(tx, eventId);
    // Not one of the landlord's: perhaps another landlord's activity open to the resident's neighbourhood.
    if (!event && opts.forHouseholdId === undefined) return null;
    if (!event) return notFound();
    let who: Who;
    if (opts.forHouseholdId !== undefined) {
      ensure(
        authorize(actor, P.manage, {
          organisationId: event.organisation_id,
          residenceId: event.residence_id,
        }),
      );
      await deskHouseholdCheck(tx, event, opts.forHouseholdId);
      who = {
        householdId: opts.forHouseholdId,
        userId: null,
        registeredBy: actor.userId,
      };
    } else {
      ensure(await audienceDecision(tx, actor, P.register, event));
      who = {
        householdId: householdOf(actor),
        userId: personOf(actor),
        registeredBy: actor.actingFor ? actor.userId : null,
      };
    }
    const placed = await placeParty(tx, event, who, party);
    await noticeToRegistrants(tx, { eventId, kind: placed.status, registrationIds: [placed.id] });
    await audit(tx, {
      action: 'community.registration.create',
      actor,
      targetType: 'community_registration',
      targetId: placed.id,
      details: {
        eventId,
        status: placed.status,
        seats: party.adults + party.children,
      },
    });
    return placed;
  });
  return placed ?? registerAsNeighbour(db, actor, eventId, party);
}
