import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ACTIVITY_HOLD_CONSTRAINT } from '../db/activity-holds-db.js';
import { bookingByKey, findSpace, insertBooking } from '../db/spaces-db.js';
import { parisInstant, parseTime } from '../domain/paris-time.js';
import { approvalOf } from '../domain/resource-rules.js';
import { SpacesError } from '../errors.js';
import { loadCalendar, nextFreeSlots } from '../queries/availability.js';
import type { BookingInput } from '../schemas.js';
import { noticeForBookings } from './booking-notices.js';
import { houseRulesAcceptance } from './house-rules.js';
import { assessSlot, type BookingMode, bookingHousehold, checkHouseholdServed, lockSpaceForBooking, slotTakenBeforeLock } from './booking-checks.js';

export type { BookingMode } from './booking-checks.js';
export type CreatedBooking = { bookingId: string; status: 'pending' | 'confirmed'; replayed: boolean };

/**
 * Books a unit of a space's resource for a household. `self`: a resident for their own household
 * (only in a space serving their residence). `counter`: staff for any household, recorded as assisted.
 * The space row is locked for the transaction, so capacity and quotas are checked against a state no
 * other booking can change meanwhile; the exclusion constraint backs this up in the database.
 */
export async function createBooking(db: Db, actor: Actor, spaceId: string, input: BookingInput, mode: BookingMode, now = new Date()): Promise<CreatedBooking> {
  const permission = mode === 'self' ? 'spaces.resident' : 'spaces.board';
  if (authorize(actor, permission) !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const orgId = actor.orgId;
  const householdId = bookingHousehold(actor, mode, input.householdId);
  try {
    return await withTenant(db, { orgId }, async (tx) => {
      await refuseTakenSlotBeforeLock(tx, actor, spaceId, input, householdId, mode, now);
      const space = await lockSpaceForBooking(tx, actor, spaceId, mode);
      if (input.idempotencyKey) {
        const replay = await replayByKey(tx, input.idempotencyKey, input, householdId, space.id);
        if (replay) return replay;
      }
      await checkHouseholdServed(tx, space, householdId, mode, now);
      const acceptance = houseRulesAcceptance(space, input.acceptRules, mode, now);
      const cal = await loadCalendar(tx, space, input.date, 1);
      const resource = cal.resources.find((r) => r.id === input.resourceId);
      if (!resource) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
      const plan = await assessSlot(tx, space, cal, resource, householdId, { date: input.date, startMinutes: parseTime(input.start) as number, minutes: input.minutes }, now, mode);
      if (plan instanceof SpacesError) throw plan;
      const status = approvalOf(space, resource) && mode === 'self' ? 'pending' : 'confirmed';
      const bookingId = await insertBooking(tx, {
        organisationId: orgId,
        spaceId: space.id,
        resourceId: resource.id,
        unit: plan.unit,
        householdId,
        bookedBy: actor.userId,
        start: plan.start,
        end: plan.end,
        heldEnd: plan.heldEnd,
        status,
        purpose: input.purpose,
        assisted: mode === 'counter' || actor.actingFor !== null,
        idempotencyKey: input.idempotencyKey ?? null,
        ...acceptance,
      });
      await noticeForBookings(tx, status === 'pending' ? 'requested' : 'confirmed', [bookingId]);
      await audit(tx, { action: 'spaces.booking.create', actor, targetType: 'space_booking', targetId: bookingId, details: { spaceId: space.id, resourceId: resource.id, unit: plan.unit, status, mode } });
      return { bookingId, status, replayed: false };
    });
  } catch (e) {
    if (e instanceof SpacesError && (e.code === 'spaces.error.full' || e.code === 'spaces.error.activityHeld')) throw await withSuggestions(db, orgId, spaceId, input, mode, now, e.code);
    // The constraint caught what the lock should have prevented (e.g. a unit count lowered meanwhile): still a conflict, never a 500.
    const code = (e as { code?: string }).code;
    if (code === '23P01') throw await withSuggestions(db, orgId, spaceId, input, mode, now, (e as { constraint?: string }).constraint === ACTIVITY_HOLD_CONSTRAINT ? 'spaces.error.activityHeld' : 'spaces.error.full');
    // Under the space's lock only a booking of another space (another request) can hold the key meanwhile.
    if (code === '23505' && input.idempotencyKey) throw keyReused();
    throw e;
  }
}

/**
 * Refuses, before queueing on the space's lock, a slot another booking already fills (see `slotTakenBeforeLock`).
 * A key already used goes on to the locked replay, so a repeated request still gets its booking back.
 * A taken slot is refused with the very answer the locked check gives, in its order: the household not served,
 * the house rules, a rule of the request, its own booking at that time, its quota — and only then "full". Refusing
 * "full" first told a household that already held the slot (or was over its quota) that it was full, with other
 * slots to try (found by test/reliability/booking-model.test.ts).
 */
async function refuseTakenSlotBeforeLock(tx: Tx, actor: Actor, spaceId: string, input: BookingInput, householdId: string, mode: BookingMode, now: Date): Promise<void> {
  const space = await lockSpaceForBooking(tx, actor, spaceId, mode, false);
  if (input.idempotencyKey && (await bookingByKey(tx, input.idempotencyKey))) return;
  const cal = await loadCalendar(tx, space, input.date, 1);
  const slot = { date: input.date, startMinutes: parseTime(input.start), minutes: input.minutes };
  if (!slotTakenBeforeLock(space, cal, input.resourceId, slot)) return;
  await checkHouseholdServed(tx, space, householdId, mode, now);
  houseRulesAcceptance(space, input.acceptRules, mode, now);
  const resource = cal.resources.find((r) => r.id === input.resourceId);
  if (!resource || slot.startMinutes === null) return;
  const plan = await assessSlot(tx, space, cal, resource, householdId, { ...slot, startMinutes: slot.startMinutes }, now, mode);
  // A seat freed since the first read: the locked check takes it.
  if (!(plan instanceof SpacesError)) return;
  // The same request sent twice at once: the first may have committed its booking (and its key, in the same
  // transaction) between the key's read above and the calendar's, which then shows the slot taken — by this very
  // request. Read the key again (each statement sees what was committed before it): then it is a replay, not a refusal.
  if (input.idempotencyKey && (await bookingByKey(tx, input.idempotencyKey))) return;
  throw plan;
}

/** The same Idempotency-Key with another request: 422 at the key (security finding 7), never the first booking replayed. */
export const keyReused = () => new SpacesError(422, 'spaces.error.keyReused', 'idempotencyKey');

/**
 * The booking an Idempotency-Key first made, when this is the same request again (a single booking, not a series', of
 * the same household, space, resource, start, length and purpose): the caller answers with it. Null when the key is new. The same key with another
 * request is refused (422 at the key): replaying the first booking would tell the person their changed request
 * was done. Called under the space's lock, so a concurrent first send has committed before this reads.
 */
export async function replayByKey(tx: Tx, key: string, input: BookingInput, householdId: string, spaceId: string): Promise<CreatedBooking | null> {
  const earlier = await bookingByKey(tx, key);
  if (!earlier) return null;
  const startsAt = parisInstant(input.date, parseTime(input.start) as number);
  const row = await tx.selectFrom('space_bookings').select(['status', 'purpose', 'series_id']).where('id', '=', earlier.id).executeTakeFirstOrThrow();
  const same =
    row.series_id === null &&
    earlier.householdId === householdId &&
    earlier.spaceId === spaceId &&
    earlier.resourceId === input.resourceId &&
    earlier.start.getTime() === startsAt.getTime() &&
    earlier.end.getTime() - earlier.start.getTime() === input.minutes * 60_000 &&
    (row.purpose ?? '') === (input.purpose ?? '');
  if (!same) throw keyReused();
  return { bookingId: earlier.id, status: row.status as CreatedBooking['status'], replayed: true };
}

/** The conflict, with the next free slots: looked up after the space's lock is released, so refusals never hold up bookings. */
async function withSuggestions(db: Db, orgId: string, spaceId: string, input: BookingInput, mode: BookingMode, now: Date, code = 'spaces.error.full'): Promise<SpacesError> {
  const suggestions = await withTenant(db, { orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId);
    if (!space) return [];
    const cal = await loadCalendar(tx, space, input.date, 14);
    const notBefore = parisInstant(input.date, parseTime(input.start) as number);
    return nextFreeSlots(space, cal, input.date, input.minutes, now, mode === 'counter', 3, { notBefore });
  });
  return new SpacesError(409, code, 'start', {}, suggestions);
}
