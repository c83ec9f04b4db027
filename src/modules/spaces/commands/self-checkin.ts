import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import { note, tooMany } from '../../../platform/auth/throttle.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { checkinCode } from '../domain/checkin-code.js';
import { parisParts } from '../domain/paris-time.js';
import type { Space } from '../db/spaces-db.js';
import { CHECKIN_EARLY_MINUTES, inCheckInWindow } from '../domain/checkin-window.js';
import { SpacesError } from '../errors.js';

/** Wrong codes allowed per person in the window before self check-in is refused for a while. */
const MAX_TRIES = 5;
const WINDOW_MINUTES = 15;

/** The space's code of the day, from the secret the space was made with, for the screen at the space. */
export async function codeOfTheDay(tx: Tx, space: Space, now = new Date()): Promise<string> {
  const row = await tx.selectFrom('spaces').select('checkin_secret').where('id', '=', space.id).executeTakeFirstOrThrow();
  return checkinCode(row.checkin_secret, space.id, parisParts(now).date);
}

/**
 * A resident checks in to their own booking with the code shown on the space's screen, from half an hour
 * before its start until its end. A wrong code is a field error; after five wrong codes in a quarter of an
 * hour the person must wait (throttled per account), so the code cannot be guessed by trying.
 */
export async function selfCheckIn(db: Db, actor: Actor, bookingId: string, code: string, now = new Date()): Promise<void> {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId || !actor.householdId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  const key = `self-checkin:${actor.userId}`;
  if (await tooMany(db, key, MAX_TRIES, WINDOW_MINUTES)) throw new SpacesError(422, 'spaces.selfCheckin.error.throttled', 'code');
  const householdId = actor.householdId;
  const wrong = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const b = await tx
      .selectFrom('space_bookings as b')
      .innerJoin('spaces as s', 's.id', 'b.space_id')
      .select(['b.id', 'b.space_id', 'b.status', 'b.checked_in_at', 'b.household_id', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
      .where('b.id', '=', bookingId)
      .forUpdate()
      .executeTakeFirst();
    if (!b || b.household_id !== householdId) throw new SpacesError(404, 'error.404.title');
    if (b.status !== 'confirmed') throw new SpacesError(409, 'spaces.error.notActive');
    if (b.checked_in_at) return false;
    if (!inCheckInWindow(b.start, b.end, now)) throw new SpacesError(409, 'spaces.error.checkInWindow', null, { minutes: CHECKIN_EARLY_MINUTES });
    const space = (await tx.selectFrom('spaces').select(['id', 'organisation_id']).where('id', '=', b.space_id).executeTakeFirstOrThrow()) as { id: string; organisation_id: string };
    const expected = await codeOfTheDay(tx, { id: space.id, organisationId: space.organisation_id } as Space, now);
    const given = Buffer.from(code.padEnd(6, ' ').slice(0, 6));
    if (!timingSafeEqual(given, Buffer.from(expected))) return true;
    await tx.updateTable('space_bookings').set({ checked_in_at: now, checked_in_by: actor.userId }).where('id', '=', b.id).execute();
    await audit(tx, { action: 'spaces.booking.selfCheckin', actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: b.space_id } });
    return false;
  });
  if (wrong) {
    await note(db, key);
    throw new SpacesError(422, 'spaces.selfCheckin.error.wrong', 'code');
  }
}
