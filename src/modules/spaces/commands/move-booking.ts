import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { insertBooking, resourceOverrides, type Space } from '../db/spaces-db.js';
import { approvalOf, rulesOf } from '../domain/resource-rules.js';
import { type LocalDate, parseTime } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { requirePermission } from '../policy.js';
import { loadCalendar } from '../queries/availability.js';
import { householdOf } from '../queries/resident-spaces.js';
import { assessSlot, checkHouseholdServed, lockSpaceForBooking } from './booking-checks.js';
import { noticeForBookings } from './booking-notices.js';
import { houseRulesAcceptance } from './house-rules.js';
import { offerFreedSlots } from './waitlist.js';

export type MoveInput = { date: LocalDate; start: string; minutes?: number; resourceId?: string; acceptRules?: boolean | string };
/** Who moves: the household itself (`self`), or staff at the desk for the household (`counter`, in the space of the path). */
export type MoveBy = { mode: 'self' } | { mode: 'counter'; spaceId: string };

/**
 * Moves one of the household's bookings to another slot of the same space, in one transaction under the
 * space's lock: the old booking is cancelled and the new slot checked exactly as a new booking is (rules,
 * quota without the old one, free units). If the new slot is refused, nothing changed. Allowed while the
 * booking could still be cancelled. The new booking leaves its series; approval, where required, is asked again.
 * Staff (`counter`) move any booking of the space not yet ended, for its household: the new slot is checked
 * as a counter booking (no notice, may be under way; quotas count), stays confirmed, and is recorded as assisted.
 */
export async function moveBooking(db: Db, actor: Actor, bookingId: string, to: MoveInput, now = new Date(), by: MoveBy = { mode: 'self' }): Promise<{ bookingId: string; status: 'pending' | 'confirmed' }> {
  const staff = by.mode === 'counter';
  const orgId = requirePermission(actor, staff ? 'spaces.board' : 'spaces.resident');
  const own = staff ? null : householdOf(actor);
  if (!staff && !own) throw new SpacesError(403, 'spaces.error.noHousehold');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  try {
    return await withTenant(db, { orgId }, async (tx) => {
      const peek = await tx.selectFrom('space_bookings').select('space_id').where('id', '=', bookingId).executeTakeFirst();
      if (!peek || (by.mode === 'counter' && peek.space_id !== by.spaceId)) throw new SpacesError(404, 'error.404.title');
      // The space first, then the booking: the order every booking command takes its locks in.
      const space = await lockSpaceForBooking(tx, actor, peek.space_id, by.mode);
      return moveLocked(tx, space, actor, bookingId, to, now, staff ? { mode: 'counter' } : { mode: 'self', householdId: own as string });
    });
  } catch (e) {
    // The constraint caught what the lock should have prevented: a conflict, never a 500.
    if ((e as { code?: string }).code === '23P01') throw new SpacesError(409, 'spaces.error.full', 'start');
    throw e;
  }
}

/** Whose booking is moved: staff at the desk (any of the space), the household itself, or a neighbour (their household, of their landlord). */
export type Mover = { mode: 'counter' } | { mode: 'self'; householdId: string } | { mode: 'neighbour'; householdId: string; guestOrgId: string; guestName: string };

/**
 * The move itself, in the space's landlord's context and under the space's lock (taken by the caller):
 * the booking is locked, cancelled, the new slot checked as a new booking of the same household and
 * inserted, the household told, the freed unit offered to the waiting list. Any refusal throws, so the
 * caller's transaction rolls back and the booking stays as it was.
 */
export async function moveLocked(tx: Tx, space: Space, actor: Actor, bookingId: string, to: MoveInput, now: Date, who: Mover): Promise<{ bookingId: string; status: 'pending' | 'confirmed' }> {
  const staff = who.mode === 'counter';
  const b = await tx
    .selectFrom('space_bookings')
    .select(['id', 'space_id', 'household_id', 'guest_org_id', 'guest_name', 'status', 'resource_id', 'purpose', 'house_rules_accepted_at', 'house_rules_version', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('id', '=', bookingId)
    .forUpdate()
    .executeTakeFirst();
  // Another household's booking is, for a resident or a neighbour, a booking that does not exist.
  if (!b || b.space_id !== space.id) throw new SpacesError(404, 'error.404.title');
  if (who.mode !== 'counter' && b.household_id !== who.householdId) throw new SpacesError(404, 'error.404.title');
  if (who.mode === 'neighbour' && b.guest_org_id !== who.guestOrgId) throw new SpacesError(404, 'error.404.title');
  const household = b.household_id as string;
  if (b.status !== 'pending' && b.status !== 'confirmed') throw new SpacesError(409, 'spaces.error.notActive');
  if (staff) {
    if (b.end.getTime() <= now.getTime()) throw new SpacesError(409, 'spaces.error.past', 'start');
  } else {
    const { cancelNoticeMinutes } = rulesOf(space, { overrides: await resourceOverrides(tx, b.resource_id) });
    if (b.start.getTime() - cancelNoticeMinutes * 60_000 < now.getTime()) throw new SpacesError(409, 'spaces.error.tooLateToCancel', null, { minutes: cancelNoticeMinutes });
  }
  const mode = staff ? 'counter' : 'self';
  // A neighbour's booking stays theirs, whoever moves it (the neighbour, or staff at the desk): their household
  // is not the owner's to check here — the neighbour was checked in their own landlord's context
  // (withNeighbourSpace), and the guest trigger checks the new row again.
  const guest = b.guest_org_id ? { orgId: b.guest_org_id as string, name: b.guest_name as string } : null;
  if (!guest) await checkHouseholdServed(tx, space, household, mode, now);
  else if (!space.active) throw new SpacesError(409, 'spaces.error.inactive');
  // Rules accepted for the version still in force stay accepted; a newer text must be accepted again.
  const acceptance =
    b.house_rules_version !== null && b.house_rules_version === space.houseRulesVersion ? { houseRulesAcceptedAt: b.house_rules_accepted_at as Date, houseRulesVersion: b.house_rules_version as number } : houseRulesAcceptance(space, to.acceptRules, mode, now);
  await tx.updateTable('space_bookings').set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId }).where('id', '=', b.id).execute();
  const cal = await loadCalendar(tx, space, to.date, 1);
  const resource = cal.resources.find((r) => r.id === (to.resourceId ?? b.resource_id));
  if (!resource) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
  const minutes = to.minutes ?? Math.round((b.end.getTime() - b.start.getTime()) / 60_000);
  const plan = await assessSlot(tx, space, cal, resource, household, { date: to.date, startMinutes: parseTime(to.start) as number, minutes }, now, mode);
  if (plan instanceof SpacesError) throw plan;
  // Staff decide at the desk: their move is confirmed, as their counter booking is.
  const status = approvalOf(space, resource) && !staff ? 'pending' : 'confirmed';
  const id = await insertBooking(tx, {
    organisationId: space.organisationId,
    spaceId: space.id,
    resourceId: resource.id,
    unit: plan.unit,
    householdId: household,
    bookedBy: actor.userId,
    start: plan.start,
    end: plan.end,
    heldEnd: plan.heldEnd,
    status,
    purpose: b.purpose,
    assisted: staff || actor.actingFor !== null,
    idempotencyKey: null,
    ...acceptance,
    guest,
  });
  await noticeForBookings(tx, status === 'pending' ? 'requested' : 'confirmed', [id]);
  await audit(tx, { action: 'spaces.booking.move', organisationId: space.organisationId, actor, targetType: 'space_booking', targetId: id, details: { spaceId: space.id, from: b.id, status, by: staff ? 'staff' : who.mode === 'neighbour' ? 'neighbour' : 'household' } });
  await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, now);
  return { bookingId: id, status };
}
