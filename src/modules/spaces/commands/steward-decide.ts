import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { sql } from 'kysely';
import { SpacesError } from '../errors.js';
import { noticeForBookings } from './booking-notices.js';
import { withStewardOrStaff } from './steward-access.js';
import { offerFreedSlots } from './waitlist.js';

/**
 * A steward (a resident named by the manager) approves or refuses a request for the room they steward;
 * a refusal needs its reason. The requester is told by their own channel, as when staff decide. A steward
 * of another room, or a resident who is no steward, gets 404; a steward does not decide their own request.
 */
export async function stewardDecide(db: Db, actor: Actor, spaceId: string, bookingId: string, decision: 'approve' | 'refuse', reason: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  if (decision === 'refuse' && !reason.trim()) throw new SpacesError(422, 'spaces.error.reason', 'reason');
  // The space's row first (locked), then the booking: the order every booking command takes its locks in.
  await withStewardOrStaff(
    db,
    actor,
    spaceId,
    async (tx, space) => {
      const b = await tx
        .selectFrom('space_bookings')
        .select(['id', 'resource_id', 'household_id', 'status', sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
        .where('id', '=', bookingId)
        .where('space_id', '=', space.id)
        .forUpdate()
        .executeTakeFirst();
      if (!b) throw new SpacesError(404, 'error.404.title');
      if (actor.householdId && b.household_id === actor.householdId) throw new SpacesError(409, 'spaces.steward.error.own');
      if (b.status !== 'pending') throw new SpacesError(409, 'spaces.error.notPending');
      await tx
        .updateTable('space_bookings')
        .set({ status: decision === 'approve' ? 'confirmed' : 'refused', decision_reason: reason.trim().slice(0, 200) || null })
        .where('id', '=', b.id)
        .execute();
      await noticeForBookings(tx, decision === 'approve' ? 'approved' : 'refused', [b.id]);
      await audit(tx, { action: `spaces.booking.${decision}`, actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: space.id, by: 'steward' } });
      if (decision === 'refuse') await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, new Date());
    },
    { lock: true, stewardOnly: true },
  );
}
