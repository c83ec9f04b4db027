import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { findSpace } from '../db/spaces-db.js';
import { parisInstant, parseTime } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { dayAvailability } from '../queries/availability.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, staffActor, userId, workingDayAhead } from '../testing.js';
import { type ActivitySlot, holdRoomForActivity, moveActivityHold, releaseActivityHold } from './activity-holds.js';
import { createBooking } from './create-booking.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let room: DemoSpace;
let cowork: DemoSpace;
let roomPlace: string;
let coworkPlace: string;
let staffUser: string;

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  room = await demoSpace(database, 'Salle commune Arc-en-Ciel');
  cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
  await relaxRules(database, room.spaceId);
  await relaxRules(database, cowork.spaceId);
  const place = async (spaceId: string) => (await database.owner.query('select common_place_id from spaces where id = $1', [spaceId])).rows[0].common_place_id as string;
  roomPlace = await place(room.spaceId);
  coworkPlace = await place(cowork.spaceId);
  staffUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
});

const at = (date: string, time: string) => parisInstant(date, parseTime(time) as number);
const slot = (placeId: string, date: string, from: string, to: string, title = 'Atelier cuisine'): ActivitySlot => ({ eventId: randomUUID(), placeId, title, start: at(date, from), end: at(date, to) });
/** What community does: the hold in the tenant's transaction, rolled back when refused. */
const hold = (s: DemoSpace, a: ActivitySlot) =>
  withTenant(database.db, { orgId: s.orgId }, async (tx) => {
    const r = await holdRoomForActivity(tx, a);
    if ('conflict' in r) throw new SpacesError(409, 'spaces.error.activityHeld', 'start');
    return r;
  });
const book = (s: DemoSpace, date: string, start: string, household: string, minutes = 60) =>
  createBooking(database.db, staffActor(s.orgId, staffUser), s.spaceId, { resourceId: s.resourceId, date, start, minutes, purpose: 'leisure', householdId: household }, 'counter');

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a community activity holding a room', () => {
  it('refuses a booking of the room over the activity with its own message and other slots; the grid names the activity to staff only', async () => {
    const date = workingDayAhead(30);
    expect(await hold(room, slot(roomPlace, date, '10:00', '12:00', 'Dégustation de soupes'))).toEqual({ held: 1 });
    const e = await refusal(book(room, date, '11:00', room.households[0]));
    expect([e.status, e.code, e.field]).toEqual([409, 'spaces.error.activityHeld', 'start']);
    expect(e.suggestions[0]).toMatchObject({ date, start: '12:00' });
    await expect(book(room, date, '12:00', room.households[0])).resolves.toMatchObject({ status: 'confirmed' });
    const grid = (staff: boolean) =>
      withTenant(database.db, { orgId: room.orgId }, async (tx) => dayAvailability(tx, (await findSpace(tx, room.spaceId)) as NonNullable<Awaited<ReturnType<typeof findSpace>>>, date, new Date(), staff));
    const cell = async (staff: boolean) => (await grid(staff)).rows.find((r) => r.start === '10:00')?.cells[0];
    expect(await cell(true)).toEqual({ resourceId: room.resourceId, state: 'activity', free: 0, activity: 'Dégustation de soupes' });
    expect(await cell(false)).toEqual({ resourceId: room.resourceId, state: 'activity', free: 0 });
  });

  it('refuses the activity when the room is booked, and frees the room when the activity moves or is cancelled', async () => {
    const date = workingDayAhead(31);
    await book(room, date, '15:00', room.households[1]);
    const taken = slot(roomPlace, date, '14:00', '16:00');
    await expect(withTenant(database.db, { orgId: room.orgId }, (tx) => holdRoomForActivity(tx, taken))).resolves.toEqual({ conflict: { space: 'Salle commune Arc-en-Ciel', resource: 'Salle' } });
    const a = slot(roomPlace, date, '09:00', '10:00');
    await hold(room, a);
    expect((await refusal(book(room, date, '09:00', room.households[2]))).code).toBe('spaces.error.activityHeld');
    await withTenant(database.db, { orgId: room.orgId }, (tx) => moveActivityHold(tx, { ...a, start: at(date, '20:00'), end: at(date, '21:00') }));
    await expect(book(room, date, '09:00', room.households[2])).resolves.toMatchObject({ status: 'confirmed' });
    expect((await refusal(book(room, date, '20:00', room.households[3]))).code).toBe('spaces.error.activityHeld');
    expect(await withTenant(database.db, { orgId: room.orgId }, (tx) => releaseActivityHold(tx, a.eventId))).toBe(1);
    await expect(book(room, date, '20:00', room.households[3])).resolves.toMatchObject({ status: 'confirmed' });
  });

  it('takes every desk of a coworking, holds no lent item, and nothing at a place with no space', async () => {
    const date = workingDayAhead(32);
    expect(await hold(cowork, slot(coworkPlace, date, '09:00', '11:00'))).toEqual({ held: 1 });
    for (const h of cowork.households.slice(0, 2)) expect((await refusal(book(cowork, date, '10:00', h))).code).toBe('spaces.error.activityHeld');
    // Lent items (garden plots, bikes) are not held: the gardens' place has only those.
    const gardens = (await database.owner.query("select common_place_id from spaces where name = 'Jardins partagés de Réma’Vert'")).rows[0].common_place_id;
    expect(await hold(room, slot(gardens, date, '09:00', '11:00'))).toEqual({ held: 0 });
    const bare = (await database.owner.query(`insert into common_places (organisation_id, residence_id, kind, name) values ($1, $2, 'room', 'Salle sans espace') returning id`, [room.orgId, room.residenceId])).rows[0].id;
    expect(await hold(room, slot(bare, date, '09:00', '11:00'))).toEqual({ held: 0 });
  });

  it('is enforced by the database too: a booking written without the checks is refused as a conflict', async () => {
    const date = workingDayAhead(33);
    await hold(room, slot(roomPlace, date, '10:00', '11:00'));
    const insert = database.owner.query(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status)
       values ($1, $2, $3, 1, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), 'confirmed')`,
      [room.orgId, room.spaceId, room.resourceId, room.households[0], at(date, '10:30'), at(date, '11:30')],
    );
    await expect(insert).rejects.toMatchObject({ code: '23P01', constraint: 'space_activity_hold_overlap' });
  });
});

describe('activities and bookings racing for the room, on real PostgreSQL', () => {
  it('20 bookings and 20 activities at once for the same hours: exactly one wins, 5 rounds, never an overlap', async () => {
    const date = workingDayAhead(45);
    for (const start of ['09:00', '11:00', '13:00', '15:00', '20:00']) {
      const end = `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`;
      const attempts: Promise<unknown>[] = [];
      for (let i = 0; i < 20; i++) {
        attempts.push(book(room, date, start, room.households[i % room.households.length]));
        attempts.push(hold(room, slot(roomPlace, date, start, end)));
      }
      const results = await Promise.allSettled(attempts);
      const won = results.filter((r) => r.status === 'fulfilled').length;
      const other = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof SpacesError && r.reason.status === 409));
      expect({ won, other: other.map((r) => String(r.reason)) }).toEqual({ won: 1, other: [] });
    }
    const overlaps = await database.owner.query(
      `select count(*)::int as n from space_activity_holds h join space_bookings b on b.resource_id = h.resource_id and b.held && h.held
       where h.space_id = $1 and h.released_at is null and b.status in ('pending', 'confirmed', 'offered')`,
      [room.spaceId],
    );
    expect(overlaps.rows[0].n).toBe(0);
  }, 120_000);
});
