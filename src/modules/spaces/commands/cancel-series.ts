import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { findSpace, resourceOverrides, type Space } from '../db/spaces-db.js';
import { rulesOf } from '../domain/resource-rules.js';
import { SpacesError } from '../errors.js';
import { noticeForBookings } from './booking-notices.js';
import { offerFreedSlots } from './waitlist.js';

/**
 * Cancels, in one action, every booking still ahead in the weekly series a booking belongs to. A
 * resident cancels only their household's, and only the dates still outside the cancellation notice
 * (those inside it are kept and counted); staff cancel every date not yet begun. Past dates are never
 * touched. The household gets one notice listing the dates; each freed place goes to the waiting list.
 */
export async function cancelSeries(db: Db, actor: Actor, bookingId: string, mode: 'self' | 'counter', now = new Date()): Promise<{ cancelled: number; kept: number }> {
  const permission = mode === 'self' ? 'spaces.resident' : 'spaces.board';
  if (authorize(actor, permission) !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const peek = await tx.selectFrom('space_bookings').select(['space_id', 'series_id', 'household_id']).where('id', '=', bookingId).executeTakeFirst();
    if (!peek) throw new SpacesError(404, 'error.404.title');
    // The space first, then the bookings: the order every booking command takes its locks in.
    const space = await findSpace(tx, peek.space_id, { lock: true });
    if (!space) throw new SpacesError(404, 'error.404.title');
    const decision = authorize(actor, permission, { organisationId: space.organisationId, residenceId: space.residenceId });
    if (decision !== 'allow') throw new SpacesError(decision === 'not_found' ? 404 : 403, `error.${decision === 'not_found' ? 404 : 403}.title`);
    if (mode === 'self' && peek.household_id !== (actor.actingFor?.householdId ?? actor.householdId)) throw new SpacesError(404, 'error.404.title');
    if (!peek.series_id) throw new SpacesError(409, 'spaces.series.error.notSeries');
    return cancelSeriesLocked(tx, space, actor, peek.series_id, mode, now);
  });
}

/**
 * The cancellation itself, in the space's landlord's context under the space's lock (taken by the
 * caller, who checked the series is the household's). `neighbour`: a neighbour's own series (audited so).
 */
export async function cancelSeriesLocked(tx: Tx, space: Space, actor: Actor, seriesId: string, mode: 'self' | 'counter', now: Date, neighbour = false): Promise<{ cancelled: number; kept: number }> {
  const ahead = await tx
    .selectFrom('space_bookings')
    .select(['id', 'resource_id', sql<Date>`lower(during)`.as('start'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('series_id', '=', seriesId)
    .where('space_id', '=', space.id)
    .where('status', 'in', ['pending', 'confirmed'])
    .where(sql<boolean>`lower(during) > ${now}`)
    .orderBy(sql`lower(during)`)
    .forUpdate()
    .execute();
  // A series books one resource: its cancellation notice is that resource's.
  const { cancelNoticeMinutes } = rulesOf(space, { overrides: ahead[0] ? await resourceOverrides(tx, ahead[0].resource_id) : undefined });
  const limit = now.getTime() + (mode === 'self' ? cancelNoticeMinutes * 60_000 : 0);
  const toCancel = ahead.filter((b) => b.start.getTime() >= limit);
  if (toCancel.length === 0) throw new SpacesError(409, ahead.length ? 'spaces.error.tooLateToCancel' : 'spaces.series.error.nothingAhead', null, { minutes: cancelNoticeMinutes });
  const ids = toCancel.map((b) => b.id);
  await tx.updateTable('space_bookings').set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId }).where('id', 'in', ids).execute();
  await noticeForBookings(tx, 'cancelled', ids);
  await audit(tx, { action: 'spaces.series.cancel', organisationId: space.organisationId, actor, targetType: 'space_booking_series', targetId: seriesId, details: { spaceId: space.id, mode: neighbour ? 'neighbour' : mode, cancelled: ids.length, kept: ahead.length - ids.length } });
  for (const b of toCancel) await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, now);
  return { cancelled: ids.length, kept: ahead.length - ids.length };
}
