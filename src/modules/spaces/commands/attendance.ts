import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { addDays, parisInstant, parisParts } from '../domain/paris-time.js';
import { findSpace } from '../db/spaces-db.js';
import { CHECKIN_EARLY_MINUTES, inCheckInWindow } from '../domain/checkin-window.js';
import { SpacesError } from '../errors.js';
import { noticeForBookings } from './booking-notices.js';
import { offerFreedSlots } from './waitlist.js';


/** The facilitator records that the person came: from half an hour before the start until the end. */
export async function checkIn(db: Db, actor: Actor, bookingId: string, now = new Date()): Promise<void> {
  if (authorize(actor, 'spaces.board') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const b = await tx
      .selectFrom('space_bookings')
      .select(['id', 'space_id', 'status', 'organisation_id', 'checked_in_at', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
      .where('id', '=', bookingId)
      .forUpdate()
      .executeTakeFirst();
    if (!b) throw new SpacesError(404, 'error.404.title');
    const space = await findSpace(tx, b.space_id);
    if (!space) throw new SpacesError(404, 'error.404.title');
    const d = authorize(actor, 'spaces.board', { organisationId: b.organisation_id, residenceId: space.residenceId });
    if (d !== 'allow') throw new SpacesError(d === 'not_found' ? 404 : 403, `error.${d === 'not_found' ? 404 : 403}.title`);
    if (b.status !== 'confirmed') throw new SpacesError(409, 'spaces.error.notActive');
    if (b.checked_in_at) return;
    if (!inCheckInWindow(b.start, b.end, now)) throw new SpacesError(409, 'spaces.error.checkInWindow', null, { minutes: CHECKIN_EARLY_MINUTES });
    await tx.updateTable('space_bookings').set({ checked_in_at: now, checked_in_by: actor.userId }).where('id', '=', b.id).execute();
    await audit(tx, { action: 'spaces.booking.checkin', actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: space.id } });
  });
}

/**
 * Releases the confirmed bookings of spaces that ask for check-in when nobody checked in within the
 * grace period: status 'no_show', the household told, the rest of the slot offered to the waiting
 * list. Only bookings begun in the last day are looked at, so history is never rewritten. Idempotent.
 */
export async function releaseNoShows(tx: Tx, now: Date): Promise<{ noShows: number; offered: number }> {
  const rows = await tx
    .selectFrom('space_bookings as b')
    .innerJoin('spaces as s', 's.id', 'b.space_id')
    .select(['b.id', 'b.space_id', 'b.resource_id', sql<Date>`upper(b.held)`.as('held_end')])
    .where('b.status', '=', 'confirmed')
    .where('b.checked_in_at', 'is', null)
    .where('s.checkin_grace_minutes', 'is not', null)
    .where(sql<boolean>`lower(b.during) + make_interval(mins => s.checkin_grace_minutes) <= ${now}`)
    .where(sql<boolean>`lower(b.during) > ${new Date(now.getTime() - 86_400_000)}`)
    .execute();
  let offered = 0;
  for (const r of rows) {
    const space = await findSpace(tx, r.space_id, { lock: true });
    const done = await tx.updateTable('space_bookings').set({ status: 'no_show' }).where('id', '=', r.id).where('status', '=', 'confirmed').where('checked_in_at', 'is', null).returning('id').executeTakeFirst();
    if (!space || !done) continue;
    await noticeForBookings(tx, 'noShow', [r.id]);
    await audit(tx, { action: 'spaces.booking.noShow', actor: null, organisationId: space.organisationId, targetType: 'space_booking', targetId: r.id, details: { spaceId: space.id } });
    if (r.held_end > now) offered += await offerFreedSlots(tx, space, r.resource_id, now, r.held_end, now);
  }
  return { noShows: rows.length, offered };
}

/** Queues a reminder for each confirmed booking of the next Paris day not yet reminded. Idempotent. */
export async function queueReminders(tx: Tx, now: Date): Promise<{ reminders: number }> {
  const tomorrow = addDays(parisParts(now).date, 1);
  const rows = await tx
    .updateTable('space_bookings')
    .set({ reminded_at: now })
    .where('status', '=', 'confirmed')
    .where('reminded_at', 'is', null)
    .where(sql<boolean>`lower(during) >= ${parisInstant(tomorrow, 0)} and lower(during) < ${parisInstant(addDays(tomorrow, 1), 0)}`)
    .returning('id')
    .execute();
  for (const r of rows) await noticeForBookings(tx, 'reminder', [r.id]);
  return { reminders: rows.length };
}
