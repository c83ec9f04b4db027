import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { findSpace } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';
import { noticeForBookings } from './booking-notices.js';
import { offerFreedSlots } from './waitlist.js';

/** Staff approve or refuse a booking request of a space that needs approval (a common room); a refusal gives its reason. */
export async function decideBooking(db: Db, actor: Actor, bookingId: string, decision: 'approve' | 'refuse', reason: string): Promise<void> {
  if (authorize(actor, 'spaces.board') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  if (decision === 'refuse' && !reason.trim()) throw new SpacesError(422, 'spaces.error.reason', 'reason');
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const peek = await tx.selectFrom('space_bookings').select('space_id').where('id', '=', bookingId).executeTakeFirst();
    if (!peek) throw new SpacesError(404, 'error.404.title');
    // The space first, then the booking: the order every booking command takes its locks in.
    const space = await findSpace(tx, peek.space_id, { lock: true });
    if (!space) throw new SpacesError(404, 'error.404.title');
    const b = await tx
      .selectFrom('space_bookings')
      .select(['id', 'space_id', 'resource_id', 'status', 'organisation_id', sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
      .where('id', '=', bookingId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const d = authorize(actor, 'spaces.board', { organisationId: b.organisation_id, residenceId: space.residenceId });
    if (d !== 'allow') throw new SpacesError(d === 'not_found' ? 404 : 403, `error.${d === 'not_found' ? 404 : 403}.title`);
    if (b.status !== 'pending') throw new SpacesError(409, 'spaces.error.notPending');
    await tx
      .updateTable('space_bookings')
      .set({ status: decision === 'approve' ? 'confirmed' : 'refused', decision_reason: reason.trim().slice(0, 200) || null })
      .where('id', '=', b.id)
      .execute();
    await noticeForBookings(tx, decision === 'approve' ? 'approved' : 'refused', [b.id]);
    await audit(tx, { action: `spaces.booking.${decision}`, actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: b.space_id } });
    if (decision === 'refuse') await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, new Date());
  });
}
