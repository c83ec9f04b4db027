import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { findSpace, resourceOverrides } from '../db/spaces-db.js';
import { rulesOf } from '../domain/resource-rules.js';
import { SpacesError } from '../errors.js';
import { noticeForBookings } from './booking-notices.js';
import { offerFreedSlots } from './waitlist.js';

/**
 * Cancels a booking. A resident cancels only their household's, before it starts and within the
 * space's cancellation notice; staff may cancel any booking of a space they run, at any time. The
 * household is told, and the freed unit is offered to the first in line on the waiting list.
 */
export async function cancelBooking(db: Db, actor: Actor, bookingId: string, mode: 'self' | 'counter', now = new Date()): Promise<void> {
  const permission = mode === 'self' ? 'spaces.resident' : 'spaces.board';
  if (authorize(actor, permission) !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const peek = await tx.selectFrom('space_bookings').select('space_id').where('id', '=', bookingId).executeTakeFirst();
    if (!peek) throw new SpacesError(404, 'error.404.title');
    // The space first, then the booking: the order every booking command takes its locks in.
    const space = await findSpace(tx, peek.space_id, { lock: true });
    if (!space) throw new SpacesError(404, 'error.404.title');
    const b = await tx
      .selectFrom('space_bookings')
      .select(['id', 'space_id', 'resource_id', 'household_id', 'status', 'organisation_id', sql<Date>`lower(during)`.as('start'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
      .where('id', '=', bookingId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const decision = authorize(actor, permission, { organisationId: b.organisation_id, residenceId: space.residenceId });
    if (decision !== 'allow') throw new SpacesError(decision === 'not_found' ? 404 : 403, `error.${decision === 'not_found' ? 404 : 403}.title`);
    if (mode === 'self') {
      const household = actor.actingFor?.householdId ?? actor.householdId;
      // Another household's booking is, for a resident, a booking that does not exist.
      if (b.household_id !== household) throw new SpacesError(404, 'error.404.title');
      const { cancelNoticeMinutes } = rulesOf(space, { overrides: await resourceOverrides(tx, b.resource_id) });
      if (b.start.getTime() - cancelNoticeMinutes * 60_000 < now.getTime()) throw new SpacesError(409, 'spaces.error.tooLateToCancel', null, { minutes: cancelNoticeMinutes });
    }
    if (b.status !== 'pending' && b.status !== 'confirmed') throw new SpacesError(409, 'spaces.error.notActive');
    await tx.updateTable('space_bookings').set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId }).where('id', '=', b.id).execute();
    await noticeForBookings(tx, 'cancelled', [b.id]);
    await audit(tx, { action: 'spaces.booking.cancel', actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: b.space_id, mode } });
    await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, now);
  });
}
