import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { currentResidenceOf } from '../../directory/index.js';
import { activityOver } from '../db/activity-holds-db.js';
import { findSpace, householdBookings, type Resource, type Space } from '../db/spaces-db.js';
import { type LocalDate, parisInstant } from '../domain/paris-time.js';
import { hoursOf, rulesOf } from '../domain/resource-rules.js';
import { checkRequest, freeUnit, QUOTAS, quotaProblem, quotaWindow } from '../domain/rules.js';
import { SpacesError } from '../errors.js';
import type { SpaceCalendar } from '../queries/availability.js';

export type BookingMode = 'self' | 'counter';

/** The household a booking is for: the resident's own (or the one staff assist), or the one staff chose at the counter. */
export function bookingHousehold(actor: Actor, mode: BookingMode, chosen: string | undefined): string {
  const householdId = mode === 'self' ? (actor.actingFor?.householdId ?? actor.householdId) : chosen;
  if (!householdId) throw mode === 'self' ? new SpacesError(403, 'spaces.error.noHousehold') : new SpacesError(422, 'spaces.error.choose', 'householdId');
  return householdId;
}

/**
 * Locks the space for the transaction and checks the actor may book it for the household: another
 * organisation's space → 404, a space not serving the resident's residence → 403, a closed space → 409.
 * The lock serialises every booking of the space, so the checks that follow see a state nobody changes.
 */
export async function lockSpaceForBooking(tx: Tx, actor: Actor, spaceId: string, mode: BookingMode, lock = true): Promise<Space> {
  const permission = mode === 'self' ? 'spaces.resident' : 'spaces.board';
  const space = await findSpace(tx, spaceId, { lock });
  if (!space) throw new SpacesError(404, 'error.404.title');
  const decision = authorize(actor, permission, { organisationId: space.organisationId, residenceId: space.residenceId });
  if (decision !== 'allow') throw new SpacesError(decision === 'not_found' ? 404 : 403, `error.${decision === 'not_found' ? 404 : 403}.title`);
  return space;
}

/**
 * A slot already taken on every unit (or held by an activity), read without the space's lock: the refusal the
 * locked check would give. In a storm for the last seat, hundreds of requests would otherwise each hold a pooled
 * connection while queueing on the lock, and the pool runs dry (503s). Only refusals are decided here — a free
 * unit is still taken under the lock — and a request that does not parse is left to the locked check's 422.
 */
export function slotTakenBeforeLock(space: Space, cal: SpaceCalendar, resourceId: string, slot: { date: LocalDate; startMinutes: number | null; minutes: number }): 'spaces.error.full' | 'spaces.error.activityHeld' | null {
  const resource = cal.resources.find((r) => r.id === resourceId);
  if (!resource || slot.startMinutes === null || !Number.isFinite(slot.minutes) || slot.minutes <= 0) return null;
  const start = parisInstant(slot.date, slot.startMinutes);
  const heldEnd = new Date(parisInstant(slot.date, slot.startMinutes + slot.minutes).getTime() + rulesOf(space, resource).bufferMinutes * 60_000);
  if (activityOver(cal.activities, resource.id, start, heldEnd)) return 'spaces.error.activityHeld';
  const held = cal.held.filter((h) => h.resourceId === resource.id).map((h) => ({ unit: h.unit, start: h.heldStart, end: h.heldEnd }));
  return freeUnit(resource.units, held, start, heldEnd) === null ? 'spaces.error.full' : null;
}

/** After the idempotency replay: the space must be open and the household served by it (or, at the counter, exist). */
export async function checkHouseholdServed(tx: Tx, space: Space, householdId: string, mode: BookingMode, now: Date): Promise<void> {
  if (!space.active) throw new SpacesError(409, 'spaces.error.inactive');
  const residence = await currentResidenceOf(tx, householdId);
  if (mode === 'counter' && residence === null) {
    const exists = await tx.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst();
    if (!exists) throw new SpacesError(422, 'spaces.error.choose', 'householdId');
  }
  if (mode === 'self' && residence !== space.residenceId) throw new SpacesError(403, 'spaces.error.notServed');
  if (mode === 'self' && space.noShowLimit !== null) {
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const r = await tx
      .selectFrom('space_bookings')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('space_id', '=', space.id)
      .where('household_id', '=', householdId)
      .where('status', '=', 'no_show')
      .where(sql<boolean>`lower(during) > ${since}`)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= space.noShowLimit) throw new SpacesError(403, 'spaces.error.tooManyNoShows', null, { count: Number(r.n) });
  }
}

/** One slot that passed every check: the unit it takes and its instants. */
export type SlotPlan = { date: LocalDate; unit: number; start: Date; end: Date; heldEnd: Date };

/**
 * Checks one slot for a household against the rules, the household's other bookings, the weekly
 * quotas (hours and bookings, per week and month) and the free units; `planned` are slots of the same request not yet written (a series).
 * Answers the plan, or the refusal with its reason.
 */
export async function assessSlot(
  tx: Tx,
  space: Space,
  cal: SpaceCalendar,
  resource: Resource,
  householdId: string,
  slot: { date: LocalDate; startMinutes: number; minutes: number },
  now: Date,
  mode: BookingMode,
  planned: SlotPlan[] = [],
): Promise<SlotPlan | SpacesError> {
  const { date, startMinutes, minutes } = slot;
  // The resource's own rules where it has them, the space's otherwise.
  const rules = rulesOf(space, resource);
  const problem = checkRequest(rules, hoursOf(cal.hours, resource), cal.closures, { date, startMinutes, minutes, resourceId: resource.id }, now, { staff: mode === 'counter' });
  if (problem) return new SpacesError(422, problem.code, problem.field, problem.values);
  const start = parisInstant(date, startMinutes);
  const end = parisInstant(date, startMinutes + minutes);
  const heldEnd = new Date(end.getTime() + rules.bufferMinutes * 60_000);
  // Every quota window that may count this slot: its week and its calendar month.
  const week = quotaWindow('week', date);
  const month = quotaWindow('month', date);
  const from = new Date(Math.min(week.from.getTime(), month.from.getTime(), start.getTime()));
  const to = new Date(Math.max(week.to.getTime(), month.to.getTime(), end.getTime()));
  const stored = await householdBookings(tx, space.id, householdId, from, to);
  const mine = [...stored, ...planned.map((p) => ({ ...p, resourceId: resource.id }))];
  if (mine.some((b) => b.start < end && start < b.end)) return new SpacesError(409, 'spaces.error.alreadyBooked', 'start');
  // A quota the resource sets for itself counts its own bookings; the space's quota counts them all.
  const own = new Set(QUOTAS.map((q) => q.key).filter((k) => resource.overrides[k] !== null && resource.overrides[k] !== undefined));
  const overQuota = quotaProblem(rules, own, resource.id, mine, { date, start, end });
  if (overQuota) return new SpacesError(422, overQuota.code, overQuota.field, overQuota.values);
  // A community activity holds the whole resource (every seat): refused with its own message.
  if (activityOver(cal.activities, resource.id, start, heldEnd)) return new SpacesError(409, 'spaces.error.activityHeld', 'start');
  const held = cal.held.filter((h) => h.resourceId === resource.id).map((h) => ({ unit: h.unit, start: h.heldStart, end: h.heldEnd }));
  const unit = freeUnit(resource.units, held, start, heldEnd);
  if (unit === null) return new SpacesError(409, 'spaces.error.full', 'start');
  return { date, unit, start, end, heldEnd };
}
