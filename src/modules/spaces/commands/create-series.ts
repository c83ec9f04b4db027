import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { bookingByKey, insertBooking, type Space } from '../db/spaces-db.js';
import { addDays, type LocalDate, parisInstant, parisParts, parseTime } from '../domain/paris-time.js';
import { approvalOf } from '../domain/resource-rules.js';
import { SpacesError } from '../errors.js';
import { loadCalendar } from '../queries/availability.js';
import type { SeriesInput } from '../schemas.js';
import { noticeForBookings } from './booking-notices.js';
import { keyReused } from './create-booking.js';
import { houseRulesAcceptance } from './house-rules.js';
import { assessSlot, type BookingMode, bookingHousehold, checkHouseholdServed, lockSpaceForBooking, type SlotPlan } from './booking-checks.js';

/** A date of a series that cannot be booked, and why (a catalogue key and its values). */
export type SeriesConflict = { date: LocalDate; code: string; values: Record<string, string | number> };

export type SeriesResult =
  | { kind: 'booked'; seriesId: string; status: 'pending' | 'confirmed'; bookings: { id: string; date: LocalDate }[]; skipped: SeriesConflict[]; replayed: boolean }
  | { kind: 'conflicts'; conflicts: SeriesConflict[]; bookable: LocalDate[] };

/**
 * Books the same slot every week for `weeks` weeks. Every date is checked like a single booking
 * (hours, holidays, closures, quota, free units). When some dates fail, nothing is booked unless the
 * person chose to skip them (`onConflict: 'skip'`); then all the other dates are booked in one
 * transaction under the space's lock — all of them or, if the database still refuses one, none.
 */
export async function createSeries(db: Db, actor: Actor, spaceId: string, input: SeriesInput, mode: BookingMode, now = new Date()): Promise<SeriesResult> {
  const permission = mode === 'self' ? 'spaces.resident' : 'spaces.board';
  if (authorize(actor, permission) !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const orgId = actor.orgId;
  const householdId = bookingHousehold(actor, mode, input.householdId);
  try {
    return await withTenant(db, { orgId }, async (tx) => {
      const space = await lockSpaceForBooking(tx, actor, spaceId, mode);
      return bookSeriesLocked(tx, space, actor, householdId, input, mode, now);
    });
  } catch (e) {
    // The constraint refused a date the lock should have kept free: the whole series rolled back.
    const code = (e as { code?: string }).code;
    if (code === '23P01') throw new SpacesError(409, 'spaces.error.full', 'start');
    if (code === '23505' && input.idempotencyKey) throw keyReused();
    throw e;
  }
}

/**
 * The series itself, in the space's landlord's context, under the space's lock (taken by the caller):
 * the idempotency key, each date checked, then all bookable dates inserted or none. `guest` for a
 * neighbour's series (docs/decisions/neighbourhoods.md): their landlord and household name on each row.
 */
export async function bookSeriesLocked(tx: Tx, space: Space, actor: Actor, householdId: string, input: SeriesInput, mode: BookingMode, now: Date, guest: { orgId: string; name: string } | null = null): Promise<SeriesResult> {
  if (input.idempotencyKey) {
    const earlier = await bookingByKey(tx, input.idempotencyKey);
    // Only the same series again is replayed; the key with another request is 422 at the key (security finding 7).
    if (earlier && earlier.householdId === householdId && earlier.spaceId === space.id && (await sameSeries(tx, earlier, input))) return replay(tx, earlier.id);
    if (earlier) throw keyReused();
  }
  // A neighbour was checked in their own landlord's context (withNeighbourSpace); the guest trigger checks each row again.
  if (!guest) await checkHouseholdServed(tx, space, householdId, mode, now);
  const acceptance = houseRulesAcceptance(space, input.acceptRules, mode, now);
  const cal = await loadCalendar(tx, space, input.date, input.weeks * 7);
  const resource = cal.resources.find((r) => r.id === input.resourceId);
  if (!resource) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
  const startMinutes = parseTime(input.start) as number;
  const plans: SlotPlan[] = [];
  const conflicts: SeriesConflict[] = [];
  for (let week = 0; week < input.weeks; week++) {
    const date = addDays(input.date, week * 7);
    const r = await assessSlot(tx, space, cal, resource, householdId, { date, startMinutes, minutes: input.minutes }, now, mode, plans);
    if (r instanceof SpacesError) conflicts.push({ date, code: r.code, values: r.values });
    else plans.push(r);
  }
  if (plans.length === 0 || (conflicts.length > 0 && input.onConflict !== 'skip')) return { kind: 'conflicts', conflicts, bookable: plans.map((p) => p.date) };
  const seriesId = randomUUID();
  const status = approvalOf(space, resource) && mode === 'self' ? 'pending' : 'confirmed';
  const bookings: { id: string; date: LocalDate }[] = [];
  for (const [i, p] of plans.entries()) {
    const id = await insertBooking(tx, {
      organisationId: space.organisationId,
      spaceId: space.id,
      resourceId: resource.id,
      unit: p.unit,
      householdId,
      bookedBy: actor.userId,
      start: p.start,
      end: p.end,
      heldEnd: p.heldEnd,
      status,
      purpose: input.purpose,
      assisted: mode === 'counter' || actor.actingFor !== null,
      // The key sits on the first booking: a replay finds the series through it.
      idempotencyKey: i === 0 ? (input.idempotencyKey ?? null) : null,
      seriesId,
      // What was asked, beside the key: a replay must be this very series (its first week and number of weeks).
      seriesAsked: i === 0 ? { from: input.date, weeks: input.weeks } : null,
      ...acceptance,
      guest,
    });
    bookings.push({ id, date: p.date });
  }
  await noticeForBookings(tx, status === 'pending' ? 'requested' : 'confirmed', bookings.map((b) => b.id));
  await audit(tx, { action: 'spaces.series.create', organisationId: space.organisationId, actor, targetType: 'space_series', targetId: seriesId, details: { spaceId: space.id, resourceId: resource.id, booked: bookings.length, skipped: conflicts.map((c) => c.date), status, mode: guest ? 'neighbour' : mode } });
  return { kind: 'booked', seriesId, status, bookings, skipped: conflicts, replayed: false };
}

/**
 * Whether the booking a key first made is this series' first date: a booking of a series asked from the same
 * week for the same number of weeks, of the same resource, length and purpose, starting at the asked time on
 * one of the asked weeks (the first may have been skipped). A series booked before its first week and number
 * of weeks were kept (null) is matched on the rest.
 */
async function sameSeries(tx: Tx, earlier: { id: string; resourceId: string; start: Date; end: Date }, input: SeriesInput): Promise<boolean> {
  const row = await tx
    .selectFrom('space_bookings')
    .select(['series_id', 'purpose', sql<string | null>`series_from::text`.as('from'), 'series_weeks'])
    .where('id', '=', earlier.id)
    .executeTakeFirstOrThrow();
  if (!row.series_id || earlier.resourceId !== input.resourceId || row.purpose !== input.purpose) return false;
  if (row.series_weeks !== null && (row.series_weeks !== input.weeks || row.from !== input.date)) return false;
  if (earlier.end.getTime() - earlier.start.getTime() !== input.minutes * 60_000) return false;
  const startMinutes = parseTime(input.start) as number;
  return Array.from({ length: input.weeks }, (_, week) => parisInstant(addDays(input.date, week * 7), startMinutes).getTime()).includes(earlier.start.getTime());
}

async function replay(tx: Tx, firstId: string): Promise<SeriesResult> {
  const first = await tx.selectFrom('space_bookings').select(['series_id', 'status']).where('id', '=', firstId).executeTakeFirstOrThrow();
  const rows = await tx
    .selectFrom('space_bookings')
    .select(['id', (e) => e.fn<Date>('lower', ['during']).as('start')])
    .where((w) => (first.series_id ? w('series_id', '=', first.series_id) : w('id', '=', firstId)))
    .orderBy('start')
    .execute();
  return { kind: 'booked', seriesId: first.series_id ?? firstId, status: first.status === 'pending' ? 'pending' : 'confirmed', bookings: rows.map((r) => ({ id: r.id, date: parisParts(r.start).date })), skipped: [], replayed: true };
}
