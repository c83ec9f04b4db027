import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { SpacesError } from '../errors.js';
import { withStewardOrStaff } from './steward-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff or a steward of the room records that its key was handed to someone for a confirmed booking:
 * who handed it (the actor), to whom, when. The key is due back at the booking's end. One key out per booking.
 */
export async function handOverKey(db: Db, actor: Actor, spaceId: string, bookingId: string, handedTo: string, now = new Date()): Promise<string> {
  const to = handedTo.trim();
  if (!to || to.length > 100) throw new SpacesError(422, 'spaces.keys.error.to', 'handedTo');
  if (!UUID.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  try {
    return await withStewardOrStaff(db, actor, spaceId, async (tx, space, role) => {
      const b = await tx
        .selectFrom('space_bookings')
        .select(['id', 'status', sql<Date>`upper(during)`.as('end')])
        .where('id', '=', bookingId)
        .where('space_id', '=', space.id)
        .forUpdate()
        .executeTakeFirst();
      if (!b) throw new SpacesError(404, 'error.404.title');
      if (b.status !== 'confirmed') throw new SpacesError(409, 'spaces.error.notActive');
      const row = await tx
        .insertInto('space_key_handovers')
        .values({ organisation_id: space.organisationId, space_id: space.id, booking_id: b.id, handed_by: actor.userId, handed_to: to, handed_at: now, due_at: b.end > now ? b.end : now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, { action: 'spaces.key.handover', actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: space.id, role } });
      return row.id as string;
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new SpacesError(409, 'spaces.keys.error.alreadyOut');
    throw e;
  }
}

/** Records that a key handed over came back (now). A key already back is refused (409). */
export async function returnKey(db: Db, actor: Actor, spaceId: string, handoverId: string, now = new Date()): Promise<void> {
  if (!UUID.test(handoverId)) throw new SpacesError(404, 'error.404.title');
  await withStewardOrStaff(db, actor, spaceId, async (tx, space, role) => {
    const k = await tx.selectFrom('space_key_handovers').select(['id', 'returned_at', 'handed_at', 'booking_id']).where('id', '=', handoverId).where('space_id', '=', space.id).forUpdate().executeTakeFirst();
    if (!k) throw new SpacesError(404, 'error.404.title');
    if (k.returned_at) throw new SpacesError(409, 'spaces.keys.error.back');
    await tx.updateTable('space_key_handovers').set({ returned_at: now < k.handed_at ? k.handed_at : now, returned_by: actor.userId }).where('id', '=', k.id).execute();
    await audit(tx, { action: 'spaces.key.return', actor, targetType: 'space_booking', targetId: k.booking_id, details: { spaceId: space.id, role } });
  });
}
