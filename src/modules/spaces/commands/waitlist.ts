import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { findSpace, insertBooking, type Space } from '../db/spaces-db.js';
import { parisInstant, parisParts, parseTime } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { loadCalendar } from '../queries/availability.js';
import type { BookingInput } from '../schemas.js';
import { assessSlot, bookingHousehold, checkHouseholdServed, lockSpaceForBooking } from './booking-checks.js';
import { noticeForBookings } from './booking-notices.js';

/**
 * A resident queues for a slot that is full. Only a full slot can be queued for: a free one is
 * booked instead, and one the rules forbid is refused with the same reason as a booking.
 */
export async function joinWaitlist(db: Db, actor: Actor, spaceId: string, input: BookingInput, now = new Date()): Promise<string> {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const orgId = actor.orgId;
  const householdId = bookingHousehold(actor, 'self', undefined);
  return withTenant(db, { orgId }, async (tx) => {
    const space = await lockSpaceForBooking(tx, actor, spaceId, 'self');
    await checkHouseholdServed(tx, space, householdId, 'self', now);
    return queueLocked(tx, space, actor, householdId, input, now);
  });
}

/**
 * Queues the household for a full slot, in the space's landlord's context, under the space's lock
 * (taken by the caller). `guest`: a neighbour's place in line (their landlord and household name on
 * the row, checked by the database trigger), offered and told like anyone's.
 */
export async function queueLocked(tx: Tx, space: Space, actor: Actor, householdId: string, input: BookingInput, now: Date, guest: { orgId: string; name: string } | null = null): Promise<string> {
  const cal = await loadCalendar(tx, space, input.date, 1);
  const resource = cal.resources.find((r) => r.id === input.resourceId);
  if (!resource) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
  const plan = await assessSlot(tx, space, cal, resource, householdId, { date: input.date, startMinutes: parseTime(input.start) as number, minutes: input.minutes }, now, 'self');
  if (!(plan instanceof SpacesError)) throw new SpacesError(409, 'spaces.error.notFull', 'start');
  if (plan.code !== 'spaces.error.full') throw plan;
  const start = parisInstant(input.date, parseTime(input.start) as number);
  const end = parisInstant(input.date, (parseTime(input.start) as number) + input.minutes);
  const row = await tx
    .insertInto('space_waitlist')
    .values({
      organisation_id: space.organisationId,
      space_id: space.id,
      resource_id: resource.id,
      household_id: householdId,
      user_id: actor.userId,
      during: sql`tstzrange(${start}, ${end}, '[)')`,
      purpose: input.purpose,
      status: 'waiting',
      guest_org_id: guest?.orgId ?? null,
      guest_name: guest?.name ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new SpacesError(409, 'spaces.error.alreadyWaiting', 'start');
  await audit(tx, { action: 'spaces.waitlist.join', organisationId: space.organisationId, actor, targetType: 'space_waitlist', targetId: row.id as string, details: { spaceId: space.id, ...(guest ? { mode: 'neighbour', guestOrgId: guest.orgId } : {}) } });
  return row.id as string;
}

/**
 * After a unit is released (cancellation, refusal, no-show, an offer declined or expired), offers it
 * to the first people in line whose slot now fits: a booking in status 'offered' holds the unit for
 * them until the space's offer time runs out (or the slot starts). Call under the space's lock.
 * Returns how many offers were made.
 */
export async function offerFreedSlots(tx: Tx, space: Space, resourceId: string, from: Date, to: Date, now: Date): Promise<number> {
  const waiting = await tx
    .selectFrom('space_waitlist')
    .select(['id', 'household_id', 'user_id', 'purpose', 'guest_org_id', 'guest_name', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
    .where('resource_id', '=', resourceId)
    .where('status', '=', 'waiting')
    .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
    .where(sql<boolean>`lower(during) > ${now}`)
    .orderBy('created_at')
    .execute();
  let offers = 0;
  for (const w of waiting) {
    const { date, minutes: startMinutes } = parisParts(w.start);
    const cal = await loadCalendar(tx, space, date, 1);
    const resource = cal.resources.find((r) => r.id === resourceId);
    if (!resource) return offers;
    const plan = await assessSlot(tx, space, cal, resource, w.household_id, { date, startMinutes, minutes: (w.end.getTime() - w.start.getTime()) / 60_000 }, now, 'self');
    if (plan instanceof SpacesError) continue;
    const expires = new Date(Math.min(now.getTime() + space.offerMinutes * 60_000, w.start.getTime()));
    const offer = {
      organisationId: space.organisationId,
      spaceId: space.id,
      resourceId,
      unit: plan.unit,
      householdId: w.household_id,
      bookedBy: w.user_id,
      start: plan.start,
      end: plan.end,
      heldEnd: plan.heldEnd,
      status: 'offered' as const,
      purpose: w.purpose,
      assisted: false,
      idempotencyKey: null,
      offerExpiresAt: expires,
    };
    let bookingId: string;
    if (w.guest_org_id) {
      // A neighbour's offer is checked by the guest trigger (space still open to the neighbourhood, household
      // still living in it): if it refuses, their place in line ends and the next person is offered the unit,
      // without undoing the cancellation that freed it.
      await sql`savepoint offer_to_neighbour`.execute(tx);
      try {
        bookingId = await insertBooking(tx, { ...offer, guest: { orgId: w.guest_org_id, name: w.guest_name as string } });
        await sql`release savepoint offer_to_neighbour`.execute(tx);
      } catch (e) {
        if ((e as { code?: string }).code !== '42501') throw e;
        await sql`rollback to savepoint offer_to_neighbour`.execute(tx);
        await tx.updateTable('space_waitlist').set({ status: 'expired' }).where('id', '=', w.id).execute();
        continue;
      }
    } else bookingId = await insertBooking(tx, offer);
    await tx.updateTable('space_waitlist').set({ status: 'offered', booking_id: bookingId }).where('id', '=', w.id).execute();
    await noticeForBookings(tx, 'offered', [bookingId]);
    await audit(tx, { action: 'spaces.waitlist.offer', actor: null, organisationId: space.organisationId, targetType: 'space_booking', targetId: bookingId, details: { spaceId: space.id, waitlistId: w.id } });
    offers++;
  }
  return offers;
}

/** The resident accepts the slot offered to them (before the offer runs out), or declines it for the next in line. */
export async function answerOffer(db: Db, actor: Actor, bookingId: string, answer: 'accept' | 'decline', now = new Date()): Promise<void> {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const household = actor.actingFor?.householdId ?? actor.householdId;
  if (!household || !/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    // The landlord's own bookings only: a neighbour's offer in another landlord's space is answered through answerNeighbourOffer.
    const peek = await tx.selectFrom('space_bookings').select(['space_id']).where('id', '=', bookingId).where('household_id', '=', household).where('organisation_id', '=', actor.orgId as string).executeTakeFirst();
    if (!peek) throw new SpacesError(404, 'error.404.title');
    await settleOffer(tx, peek.space_id, bookingId, answer, actor, now);
  });
}

/**
 * Accepts or declines an offer in the space's landlord's context (the caller found the booking as the
 * household's): the space locked first, then the booking; declined, the unit goes to the next in line.
 */
export async function settleOffer(tx: Tx, spaceId: string, bookingId: string, answer: 'accept' | 'decline', actor: Actor, now: Date): Promise<void> {
  // The space first, then the booking: the order every booking command takes its locks in.
  const space = await findSpace(tx, spaceId, { lock: true });
  if (!space) throw new SpacesError(404, 'error.404.title');
  const b = await tx
    .selectFrom('space_bookings')
    .select(['id', 'status', 'resource_id', 'offer_expires_at', sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('id', '=', bookingId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (b.status !== 'offered' || (b.offer_expires_at as Date) <= now) throw new SpacesError(409, 'spaces.error.offerGone');
  await tx.updateTable('space_bookings').set({ status: answer === 'accept' ? 'confirmed' : 'cancelled', cancelled_at: answer === 'accept' ? null : now, cancelled_by: answer === 'accept' ? null : actor.userId }).where('id', '=', b.id).execute();
  await tx.updateTable('space_waitlist').set({ status: answer === 'accept' ? 'booked' : 'left' }).where('booking_id', '=', b.id).execute();
  await audit(tx, { action: `spaces.offer.${answer}`, organisationId: space.organisationId, actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: space.id } });
  if (answer === 'accept') await noticeForBookings(tx, 'confirmed', [b.id]);
  else await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, now);
}

/** The resident leaves a waiting list they are on. */
export async function leaveWaitlist(db: Db, actor: Actor, entryId: string): Promise<void> {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const household = actor.actingFor?.householdId ?? actor.householdId;
  if (!household || !/^[0-9a-f-]{36}$/i.test(entryId)) throw new SpacesError(404, 'error.404.title');
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const r = await tx.updateTable('space_waitlist').set({ status: 'left' }).where('id', '=', entryId).where('household_id', '=', household).where('status', '=', 'waiting').returning('id').executeTakeFirst();
    if (!r) throw new SpacesError(404, 'error.404.title');
    await audit(tx, { action: 'spaces.waitlist.leave', actor, targetType: 'space_waitlist', targetId: entryId, details: {} });
  });
}

/** Offers whose time ran out go to the next in line; waiting entries of slots already begun close. Idempotent. */
export async function expireOffers(tx: Tx, now: Date): Promise<{ expired: number; offered: number }> {
  const gone = await tx
    .selectFrom('space_bookings')
    .select(['id', 'space_id', 'resource_id', sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<=', now)
    .orderBy('offer_expires_at')
    .execute();
  let offered = 0;
  for (const g of gone) {
    const space = await findSpace(tx, g.space_id, { lock: true });
    const still = await tx.updateTable('space_bookings').set({ status: 'expired' }).where('id', '=', g.id).where('status', '=', 'offered').returning('id').executeTakeFirst();
    if (!space || !still) continue;
    await tx.updateTable('space_waitlist').set({ status: 'expired' }).where('booking_id', '=', g.id).execute();
    await audit(tx, { action: 'spaces.offer.expire', actor: null, organisationId: space.organisationId, targetType: 'space_booking', targetId: g.id, details: { spaceId: space.id } });
    offered += await offerFreedSlots(tx, space, g.resource_id, g.held_start, g.held_end, now);
  }
  await tx.updateTable('space_waitlist').set({ status: 'expired' }).where('status', '=', 'waiting').where(sql<boolean>`lower(during) <= ${now}`).execute();
  return { expired: gone.length, offered };
}
