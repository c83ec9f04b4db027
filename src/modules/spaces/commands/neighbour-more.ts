import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { SpacesError } from '../errors.js';
import type { BookingInput, SeriesInput } from '../schemas.js';
import { cancelSeriesLocked } from './cancel-series.js';
import { bookSeriesLocked, type SeriesResult } from './create-series.js';
import { findSpace } from '../db/spaces-db.js';
import { type MoveInput, moveLocked } from './move-booking.js';
import { guestOf, withNeighbourSpace } from './neighbour-booking.js';
import { queueLocked, settleOffer } from './waitlist.js';

// Series, waiting lists and moves for a resident of another landlord of the space's neighbourhood
// (docs/decisions/neighbourhoods.md): each finds the space as withNeighbourSpace does (in the
// resident's own landlord's context first: open to their neighbourhood, household living in it —
// else 404), then runs the very code the space's own residents run, in the owner's context under
// the space's lock, with the guest's landlord and household name on the rows it writes.

const notFound = () => new SpacesError(404, 'error.404.title');
const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** Conflicts the database caught (the lock should have prevented them) and reused keys: 409, never a 500. */
function asConflict(e: unknown, key: string | undefined): unknown {
  const code = (e as { code?: string }).code;
  if (code === '23P01') return new SpacesError(409, 'spaces.error.full', 'start');
  if (code === '23505' && key) return new SpacesError(409, 'spaces.error.keyReused');
  return e;
}

/**
 * A weekly series in a neighbourhood space: every date checked like a single booking (rules, quotas
 * — counted with the household's other bookings of that space —, free units); conflicting dates are
 * listed and nothing is booked unless the resident chose to skip them. Idempotency key as for a booking.
 */
export async function createNeighbourSeries(db: Db, actor: Actor, spaceId: string, input: SeriesInput, now = new Date()): Promise<SeriesResult> {
  try {
    return await withNeighbourSpace(db, actor, spaceId, { lock: true }, (tx, space, guest) => bookSeriesLocked(tx, space, actor, guest.householdId, input, 'self', now, { orgId: guest.orgId, name: guest.householdName }));
  } catch (e) {
    throw asConflict(e, input.idempotencyKey);
  }
}

/** The space of one of the household's rows in another landlord's space, read in its own landlord's context (the guest policies). */
async function guestRow(db: Db, actor: Actor, table: 'space_bookings' | 'space_waitlist', id: string): Promise<{ spaceId: string; ownerId: string }> {
  const { orgId, householdId } = guestOf(actor);
  if (!isId(id)) throw notFound();
  const row = await withTenant(db, { orgId }, (tx) =>
    tx.selectFrom(table).select(['space_id', 'organisation_id']).where('id', '=', id).where('guest_org_id', '=', orgId).where('household_id', '=', householdId).executeTakeFirst(),
  );
  if (!row) throw notFound();
  return { spaceId: row.space_id as string, ownerId: row.organisation_id as string };
}

/**
 * A neighbour moves their booking to another slot of the same space: one transaction, the new slot
 * checked as a new booking; refused (taken: 409 with the reason; a rule: 422), the booking stays.
 * Allowed while it could be cancelled and while the space is still open to the neighbourhood (else 404;
 * cancelling stays possible).
 */
export async function moveNeighbourBooking(db: Db, actor: Actor, bookingId: string, to: MoveInput, now = new Date()): Promise<{ bookingId: string; status: 'pending' | 'confirmed' }> {
  const { spaceId } = await guestRow(db, actor, 'space_bookings', bookingId);
  try {
    return await withNeighbourSpace(db, actor, spaceId, { lock: true }, (tx, space, guest) =>
      moveLocked(tx, space, actor, bookingId, to, now, { mode: 'neighbour', householdId: guest.householdId, guestOrgId: guest.orgId, guestName: guest.householdName }),
    );
  } catch (e) {
    throw asConflict(e, undefined);
  }
}

/** A neighbour queues for a full slot; a free one is to be booked (409 notFull), one the rules forbid is refused as a booking is. */
export async function joinNeighbourWaitlist(db: Db, actor: Actor, spaceId: string, input: BookingInput, now = new Date()): Promise<string> {
  return withNeighbourSpace(db, actor, spaceId, { lock: true }, (tx, space, guest) => queueLocked(tx, space, actor, guest.householdId, input, now, { orgId: guest.orgId, name: guest.householdName }));
}

/**
 * A neighbour accepts or declines the slot offered to them from the waiting list (before the offer
 * runs out, else 409): found as theirs in their own landlord's context, settled in the owner's under
 * the space's lock — declined, the next in line is offered it.
 */
export async function answerNeighbourOffer(db: Db, actor: Actor, bookingId: string, answer: 'accept' | 'decline', now = new Date()): Promise<void> {
  const { spaceId, ownerId } = await guestRow(db, actor, 'space_bookings', bookingId);
  await withTenant(db, { orgId: ownerId }, (tx) => settleOffer(tx, spaceId, bookingId, answer, actor, now));
}

/**
 * A neighbour cancels every date still ahead of their series at once (those inside the cancellation
 * notice are kept and counted), with one notice from their own landlord; freed places go to the waiting list.
 */
export async function cancelNeighbourSeries(db: Db, actor: Actor, bookingId: string, now = new Date()): Promise<{ cancelled: number; kept: number }> {
  const { spaceId, ownerId } = await guestRow(db, actor, 'space_bookings', bookingId);
  const { orgId, householdId } = guestOf(actor);
  return withTenant(db, { orgId: ownerId }, async (tx) => {
    // The space first, then the bookings: the order every booking command takes its locks in.
    const space = await findSpace(tx, spaceId, { lock: true });
    if (!space) throw notFound();
    const b = await tx.selectFrom('space_bookings').select('series_id').where('id', '=', bookingId).where('guest_org_id', '=', orgId).where('household_id', '=', householdId).executeTakeFirst();
    if (!b) throw notFound();
    if (!b.series_id) throw new SpacesError(409, 'spaces.series.error.notSeries');
    return cancelSeriesLocked(tx, space, actor, b.series_id as string, 'self', now, true);
  });
}

/** A neighbour leaves a waiting list they are on (in the owner's context, where the row lives). */
export async function leaveNeighbourWaitlist(db: Db, actor: Actor, entryId: string): Promise<void> {
  const { ownerId } = await guestRow(db, actor, 'space_waitlist', entryId);
  const { householdId } = guestOf(actor);
  await withTenant(db, { orgId: ownerId }, async (tx) => {
    const r = await tx.updateTable('space_waitlist').set({ status: 'left' }).where('id', '=', entryId).where('household_id', '=', householdId).where('status', '=', 'waiting').returning('id').executeTakeFirst();
    if (!r) throw notFound();
    await audit(tx, { action: 'spaces.waitlist.leave', organisationId: ownerId, actor, targetType: 'space_waitlist', targetId: entryId, details: { mode: 'neighbour' } });
  });
}

/** The household's places in line in the neighbourhood's spaces, with their rank (counted in the owner's context, where the whole line is). */
export type NeighbourWaiting = { id: string; spaceId: string; spaceName: string | null; resourceName: string; landlordName: string; start: Date; end: Date; position: number };

export async function myNeighbourWaitlist(db: Db, actor: Actor, now = new Date()): Promise<NeighbourWaiting[]> {
  const { orgId, householdId } = guestOf(actor);
  const { rows, names } = await withTenant(db, { orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('space_waitlist as w')
      .innerJoin('organisations as o', 'o.id', 'w.organisation_id')
      .select(['w.id', 'w.space_id', 'w.organisation_id', 'o.name as landlord_name', sql<Date>`lower(w.during)`.as('start'), sql<Date>`upper(w.during)`.as('end')])
      .where('w.guest_org_id', '=', orgId)
      .where('w.household_id', '=', householdId)
      .where('w.status', '=', 'waiting')
      .where(sql<boolean>`lower(w.during) > ${now}`)
      .orderBy(sql`lower(w.during)`)
      .limit(100)
      .execute();
    const open = await sql<{ id: string; name: string }>`select id, name from spaces_open_to_neighbours()`.execute(tx);
    return { rows, names: new Map(open.rows.map((s) => [s.id, s.name])) };
  });
  const out: NeighbourWaiting[] = [];
  for (const owner of new Set(rows.map((r) => r.organisation_id as string))) {
    const mine = rows.filter((r) => r.organisation_id === owner);
    const ranks = await withTenant(db, { orgId: owner }, (tx) =>
      tx
        .selectFrom('space_waitlist as w')
        .innerJoin('space_resources as r', 'r.id', 'w.resource_id')
        .select(['w.id', 'r.name as resource_name', sql<number>`(select count(*) from space_waitlist o where o.resource_id = w.resource_id and o.status = 'waiting' and o.during && w.during and o.created_at <= w.created_at)`.as('position')])
        .where(
          'w.id',
          'in',
          mine.map((r) => r.id),
        )
        .execute(),
    );
    const rankOf = new Map(ranks.map((r) => [r.id as string, r]));
    for (const r of mine) out.push({ id: r.id, spaceId: r.space_id, spaceName: names.get(r.space_id) ?? null, resourceName: rankOf.get(r.id)?.resource_name ?? '', landlordName: r.landlord_name, start: r.start, end: r.end, position: Number(rankOf.get(r.id)?.position ?? 1) });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
