import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { inCheckInWindow } from '../domain/checkin-window.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf } from '../../directory/index.js';
import { listSpaces, type Space } from '../db/spaces-db.js';

/** The household a resident acts for (their own, or the one staff assist). */
export function householdOf(actor: Actor): string | null {
  return actor.actingFor?.householdId ?? actor.householdId;
}

/** The active spaces serving the resident's residence. */
export async function spacesForResident(db: Db, actor: Actor): Promise<Space[]> {
  if (!actor.orgId || !householdOf(actor)) return [];
  return withTenant(db, { orgId: actor.orgId }, (tx) => spacesForResidentIn(tx, actor));
}

/** The same, inside a transaction already in the actor's organisation (a page that reads more with it). */
export async function spacesForResidentIn(tx: Tx, actor: Actor): Promise<Space[]> {
  const household = householdOf(actor);
  if (!actor.orgId || !household) return [];
  const residence = await currentResidenceOf(tx, household);
  return residence ? listSpaces(tx, { residenceIds: [residence], activeOnly: true }) : [];
}

export type MyBooking = { id: string; spaceId: string; spaceName: string; resourceName: string; start: Date; end: Date; status: string; purpose: string; cancellable: boolean; decisionReason: string | null; inSeries: boolean; seriesId: string | null; offerExpiresAt: Date | null; checkInOpen: boolean };

/** The household's bookings from a week ago on, soonest first. */
export async function myBookings(db: Db, actor: Actor, now = new Date()): Promise<MyBooking[]> {
  const household = householdOf(actor);
  if (!actor.orgId || !household) return [];
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('space_bookings as b')
      .innerJoin('spaces as s', 's.id', 'b.space_id')
      .innerJoin('space_resources as r', 'r.id', 'b.resource_id')
      .select(['b.id', 'b.space_id', 's.name as space_name', 'r.name as resource_name', 'b.status', 'b.purpose', 'b.decision_reason', 'b.series_id', 'b.offer_expires_at', 'b.checked_in_at', sql<number>`coalesce(r.cancel_notice_minutes, s.cancel_notice_minutes)`.as('cancel_notice_minutes'), sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
      .where('b.household_id', '=', household)
      .where(sql<boolean>`upper(b.during) > ${new Date(now.getTime() - 7 * 86_400_000)}`)
      .orderBy(sql`lower(b.during)`)
      .limit(100)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      spaceId: r.space_id,
      spaceName: r.space_name,
      resourceName: r.resource_name,
      start: r.start,
      end: r.end,
      status: r.status,
      purpose: r.purpose,
      decisionReason: r.decision_reason,
      inSeries: r.series_id !== null,
      seriesId: r.series_id,
      offerExpiresAt: r.status === 'offered' ? r.offer_expires_at : null,
      // The resource's own cancellation notice when it has one.
      cancellable: (r.status === 'confirmed' || r.status === 'pending') && r.start.getTime() - Number(r.cancel_notice_minutes) * 60_000 >= now.getTime(),
      checkInOpen: r.status === 'confirmed' && r.checked_in_at === null && inCheckInWindow(r.start, r.end, now),
    }));
  });
}

export type MyWaiting = { id: string; spaceName: string; resourceName: string; start: Date; end: Date; position: number; offer: { bookingId: string; expiresAt: Date } | null };

/**
 * The household's places on waiting lists of slots still to come, with their rank in the queue.
 * `withOffers`: also the places already offered to them and still open (the offered booking and its
 * deadline; an offered place has left the queue, its `position` is 0).
 */
export async function myWaitlist(db: Db, actor: Actor, now = new Date(), opts: { withOffers?: boolean } = {}): Promise<MyWaiting[]> {
  const household = householdOf(actor);
  if (!actor.orgId || !household) return [];
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('space_waitlist as w')
      .innerJoin('spaces as s', 's.id', 'w.space_id')
      .innerJoin('space_resources as r', 'r.id', 'w.resource_id')
      .leftJoin('space_bookings as b', 'b.id', 'w.booking_id')
      .select(['w.id', 'w.status', 'b.id as booking_id', 'b.offer_expires_at', 's.name as space_name', 'r.name as resource_name', sql<Date>`lower(w.during)`.as('start'), sql<Date>`upper(w.during)`.as('end')])
      .select(sql<number>`(select count(*) from space_waitlist o where o.resource_id = w.resource_id and o.status = 'waiting' and o.during && w.during and o.created_at <= w.created_at)`.as('position'))
      .where('w.household_id', '=', household)
      .where((eb) => (opts.withOffers ? eb.or([eb('w.status', '=', 'waiting'), eb.and([eb('w.status', '=', 'offered'), eb('b.status', '=', 'offered'), eb('b.offer_expires_at', '>', now)])]) : eb('w.status', '=', 'waiting')))
      .where(sql<boolean>`lower(w.during) > ${now}`)
      .orderBy(sql`lower(w.during)`)
      .execute();
    return rows.map((r) => {
      const offered = r.status === 'offered' && r.booking_id !== null && r.offer_expires_at !== null;
      return { id: r.id, spaceName: r.space_name, resourceName: r.resource_name, start: r.start, end: r.end, position: offered ? 0 : Number(r.position), offer: offered ? { bookingId: r.booking_id as string, expiresAt: r.offer_expires_at as Date } : null };
    });
  });
}
