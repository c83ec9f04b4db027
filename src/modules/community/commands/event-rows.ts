import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { promoteFromWaitingList, type RegistrationMode } from '../domain/registration.js';

export type EventRow = {
  id: string;
  organisation_id: string;
  residence_id: string | null;
  neighbourhood_id: string | null;
  registration: RegistrationMode;
  capacity: number | null;
  starts_at: Date;
  ends_at: Date;
  cancelled_at: Date | null;
  title: string;
};

/**
 * The event, locked until the transaction ends: every registration and cancellation of one event
 * takes this lock first, so places are counted by one transaction at a time and never oversold.
 */
export async function lockEvent(tx: Tx, id: string): Promise<EventRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await tx
    .selectFrom('community_events')
    .select(['id', 'organisation_id', 'residence_id', 'neighbourhood_id', 'registration', 'capacity', 'starts_at', 'ends_at', 'cancelled_at', 'title'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()) as EventRow | undefined;
}

/** Seats taken by confirmed registrations and the number of parties waiting. */
export async function occupancy(tx: Tx, eventId: string): Promise<{ confirmedSeats: number; waitingCount: number }> {
  const row = await tx
    .selectFrom('community_registrations')
    .select([sql<number>`coalesce(sum(adults + children) filter (where status = 'confirmed'), 0)::int`.as('seats'), sql<number>`count(*) filter (where status = 'waiting')::int`.as('waiting')])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return {
    confirmedSeats: Number(row.seats),
    waitingCount: Number(row.waiting),
  };
}

/** Moves parties from the waiting list into freed places, in order of arrival; the event must be locked. */
export async function promoteWaiting(tx: Tx, event: EventRow): Promise<string[]> {
  const { confirmedSeats } = await occupancy(tx, event.id);
  const waiting = await tx
    .selectFrom('community_registrations')
    .select(['id', sql<number>`adults + children`.as('seats')])
    .where('event_id', '=', event.id)
    .where('status', '=', 'waiting')
    .orderBy('queued_at')
    .orderBy('id')
    .execute();
  const ids = promoteFromWaitingList(
    event.capacity,
    confirmedSeats,
    waiting.map((w) => ({ id: w.id as string, seats: Number(w.seats) })),
  );
  if (ids.length) await tx.updateTable('community_registrations').set({ status: 'confirmed' }).where('id', 'in', ids).execute();
  return ids;
}
