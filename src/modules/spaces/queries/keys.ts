import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type KeyRow = { id: string; bookingId: string; handedTo: string; handedBy: string | null; handedAt: Date; dueAt: Date; returnedAt: Date | null; overdue: boolean; household: string; start: Date; end: Date };

/** The keys of a space handed over in the last month or still out, newest first; `overdue` when past due and not back. */
export async function keysOfSpace(tx: Tx, spaceId: string, now: Date, opts: { outOnly?: boolean } = {}): Promise<KeyRow[]> {
  let q = tx
    .selectFrom('space_key_handovers as k')
    .innerJoin('space_bookings as b', 'b.id', 'k.booking_id')
    .innerJoin('households as h', 'h.id', 'b.household_id')
    .leftJoin('users as u', 'u.id', 'k.handed_by')
    .select(['k.id', 'k.booking_id', 'k.handed_to', 'u.display_name as handed_by', 'k.handed_at', 'k.due_at', 'k.returned_at', 'h.name as household', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
    .where('k.space_id', '=', spaceId)
    .orderBy('k.handed_at', 'desc')
    .limit(100);
  q = opts.outOnly ? q.where('k.returned_at', 'is', null) : q.where(sql<boolean>`(k.returned_at is null or k.handed_at > ${new Date(now.getTime() - 30 * 86_400_000)})`);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, bookingId: r.booking_id, handedTo: r.handed_to, handedBy: r.handed_by, handedAt: r.handed_at, dueAt: r.due_at, returnedAt: r.returned_at, overdue: r.returned_at === null && r.due_at < now, household: r.household, start: r.start, end: r.end }));
}

/** The keys not back past their due time, for the board. */
export async function overdueKeys(tx: Tx, spaceId: string, now: Date): Promise<KeyRow[]> {
  return (await keysOfSpace(tx, spaceId, now, { outOnly: true })).filter((k) => k.overdue);
}
