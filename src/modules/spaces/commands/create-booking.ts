import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf } from '../../directory/index.js';
import { bookingByKey, findSpace, householdBookings, insertBooking } from '../db/spaces-db.js';
import { addDays, parisInstant, parseTime, weekStart } from '../domain/paris-time.js';
import { checkRequest, freeUnit, minutesWithin } from '../domain/rules.js';
import { SpacesError } from '../errors.js';
import { loadCalendar, nextFreeSlots } from '../queries/availability.js';
import type { BookingInput } from '../schemas.js';

export type BookingMode = 'self' | 'counter';
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
  const householdId = mode === 'self' ? (actor.actingFor?.householdId ?? actor.householdId) : input.householdId;
  if (!householdId) throw mode === 'self' ? new SpacesError(403, 'spaces.error.noHousehold') : new SpacesError(422, 'spaces.error.choose', 'householdId');
  try {
    return await withTenant(db, { orgId }, async (tx) => {
      const space = await findSpace(tx, spaceId, { lock: true });
      if (!space) throw new SpacesError(404, 'error.404.title');
      const decision = authorize(actor, permission, { organisationId: space.organisationId, residenceId: space.residenceId });
      if (decision !== 'allow') throw new SpacesError(decision === 'not_found' ? 404 : 403, `error.${decision === 'not_found' ? 404 : 403}.title`);
      if (input.idempotencyKey) {
        const earlier = await bookingByKey(tx, input.idempotencyKey);
        if (earlier && earlier.householdId === householdId && earlier.spaceId === space.id) {
          const row = await tx.selectFrom('space_bookings').select('status').where('id', '=', earlier.id).executeTakeFirstOrThrow();
          return { bookingId: earlier.id, status: row.status, replayed: true };
        }
        if (earlier) throw new SpacesError(409, 'spaces.error.keyReused');
      }
      if (!space.active) throw new SpacesError(409, 'spaces.error.inactive');
      const residence = await currentResidenceOf(tx, householdId);
      if (mode === 'counter' && residence === null) {
        const exists = await tx.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst();
        if (!exists) throw new SpacesError(422, 'spaces.error.choose', 'householdId');
      }
      if (mode === 'self' && residence !== space.residenceId) throw new SpacesError(403, 'spaces.error.notServed');

      const cal = await loadCalendar(tx, space, input.date, 1);
      const resource = cal.resources.find((r) => r.id === input.resourceId);
      if (!resource) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
      const startMinutes = parseTime(input.start) as number;
      const staff = mode === 'counter';
      const problem = checkRequest(space.rules, cal.hours, cal.closures, { date: input.date, startMinutes, minutes: input.minutes, resourceId: resource.id }, now, { staff });
      if (problem) throw new SpacesError(422, problem.code, problem.field, problem.values);

      const start = parisInstant(input.date, startMinutes);
      const end = parisInstant(input.date, startMinutes + input.minutes);
      const heldEnd = new Date(end.getTime() + space.rules.bufferMinutes * 60_000);
      const monday = weekStart(input.date);
      const weekFrom = parisInstant(monday, 0);
      const weekTo = parisInstant(addDays(monday, 7), 0);
      const mine = await householdBookings(tx, space.id, householdId, new Date(Math.min(weekFrom.getTime(), start.getTime())), new Date(Math.max(weekTo.getTime(), end.getTime())));
      if (mine.some((b) => b.start < end && start < b.end)) throw new SpacesError(409, 'spaces.error.alreadyBooked', 'start');
      const quota = space.rules.weeklyQuotaMinutes;
      const used = minutesWithin(mine, weekFrom, weekTo);
      if (quota !== null && used + input.minutes > quota) throw new SpacesError(422, 'spaces.error.quota', 'minutes', { used: used / 60, quota: quota / 60 });

      const unit = freeUnit(resource.units, cal.held.filter((h) => h.resourceId === resource.id).map((h) => ({ unit: h.unit, start: h.heldStart, end: h.heldEnd })), start, heldEnd);
      if (unit === null) throw new SpacesError(409, 'spaces.error.full', 'start');
      const status = space.approvalRequired && mode === 'self' ? 'pending' : 'confirmed';
      const bookingId = await insertBooking(tx, {
        organisationId: orgId,
        spaceId: space.id,
        resourceId: resource.id,
        unit,
        householdId,
        bookedBy: actor.userId,
        start,
        end,
        heldEnd,
        status,
        purpose: input.purpose,
        assisted: mode === 'counter' || actor.actingFor !== null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      await audit(tx, { action: 'spaces.booking.create', actor, targetType: 'space_booking', targetId: bookingId, details: { spaceId: space.id, resourceId: resource.id, unit, status, mode } });
      return { bookingId, status, replayed: false };
    });
  } catch (e) {
    if (e instanceof SpacesError && e.code === 'spaces.error.full') throw await withSuggestions(db, orgId, spaceId, input, mode, now);
    // The constraint caught what the lock should have prevented (e.g. a unit count lowered meanwhile): still a conflict, never a 500.
    const code = (e as { code?: string }).code;
    if (code === '23P01') throw await withSuggestions(db, orgId, spaceId, input, mode, now);
    if (code === '23505' && input.idempotencyKey) throw new SpacesError(409, 'spaces.error.keyReused');
    throw e;
  }
}

/** The conflict, with the next free slots: looked up after the space's lock is released, so refusals never hold up bookings. */
async function withSuggestions(db: Db, orgId: string, spaceId: string, input: BookingInput, mode: BookingMode, now: Date): Promise<SpacesError> {
  const suggestions = await withTenant(db, { orgId }, async (tx) => {
    const space = await findSpace(tx, spaceId);
    if (!space) return [];
    const cal = await loadCalendar(tx, space, input.date, 14);
    const notBefore = parisInstant(input.date, parseTime(input.start) as number);
    return nextFreeSlots(space, cal, input.date, input.minutes, now, mode === 'counter', 3, { notBefore });
  });
  return new SpacesError(409, 'spaces.error.full', 'start', {}, suggestions);
}
