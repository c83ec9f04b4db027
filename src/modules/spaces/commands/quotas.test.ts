import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { translator } from '../../../platform/i18n/index.js';
import { holidayOn } from '../../../platform/calendar/holidays.js';
import { addDays, parisParts, weekday } from '../domain/paris-time.js';
import { monthBounds } from '../domain/rules.js';
import { SpacesError } from '../errors.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, staffActor, userId } from '../testing.js';
import { cancelBooking } from './cancel-booking.js';
import { createBooking } from './create-booking.js';
import { createSeries } from './create-series.js';
import { moveBooking } from './move-booking.js';
import { joinWaitlist } from './waitlist.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let cowork: DemoSpace;
let room: DemoSpace;
let residentUser: string;
let staffUser: string;

/** The working days (Monday–Friday, not a holiday) of the calendar month that holds the day `ahead` days from today. */
function workingDaysOfMonth(ahead: number): string[] {
  const { first, next } = monthBounds(addDays(parisParts(new Date()).date, ahead));
  const out: string[] = [];
  for (let d = first; d < next; d = addDays(d, 1)) if (weekday(d) <= 5 && !holidayOn(d)) out.push(d);
  return out;
}
// A month wholly ahead (40 days on, its first day is at least 10 days away) and the month after it.
const MONTH = workingDaysOfMonth(70);
const NEXT_MONTH = workingDaysOfMonth(105);
/** Two working days of the same week inside MONTH, and a working day of the week after. */
const SAME_WEEK = MONTH.filter((d, i) => MONTH[i + 1] === addDays(d, 1)).slice(2, 3).flatMap((d) => [d, addDays(d, 1)]);

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
  room = await demoSpace(database, 'Salle commune de la résidence Gregory');
  residentUser = await userId(database, 'resident-sotteville@demo.palier.fr');
  staffUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
  await relaxRules(database, cowork.spaceId);
  await relaxRules(database, room.spaceId, { offer_minutes: 60 });
});

const resident = (space: DemoSpace, i: number) => residentActor(space.orgId, residentUser, space.households[i]);
const desk = (date: string, start = '09:00', minutes = 60) => ({ resourceId: cowork.resourceId, date, start, minutes, purpose: 'telework' as const });

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('quotas counted in bookings per week and in hours or bookings per month', () => {
  it('bookings per week: the third booking of a week is refused with a clear message, the next week is free', async () => {
    await relaxRules(database, cowork.spaceId, { weekly_quota_bookings: 2 });
    const [d1, d2] = SAME_WEEK;
    await createBooking(database.db, resident(cowork, 0), cowork.spaceId, desk(d1, '09:00'), 'self');
    await createBooking(database.db, resident(cowork, 0), cowork.spaceId, desk(d1, '14:00'), 'self');
    const e = await refusal(createBooking(database.db, resident(cowork, 0), cowork.spaceId, desk(d2, '09:00'), 'self'));
    expect([e.status, e.code, e.field, e.values]).toEqual([422, 'spaces.error.quotaWeekBookings', 'date', { used: 2, quota: 2 }]);
    expect(translator('fr')(e.code, e.values)).toBe('Votre foyer a déjà 2 réservations cette semaine ; la limite est de 2 réservations par semaine.');
    expect(translator('en')(e.code, e.values)).toBe('Your household already has 2 bookings this week; the limit is 2 bookings a week.');
    // Another household is not counted; the week after starts again.
    await createBooking(database.db, resident(cowork, 1), cowork.spaceId, desk(d2, '09:00'), 'self');
    await createBooking(database.db, resident(cowork, 0), cowork.spaceId, desk(addDays(d2, 7), '09:00'), 'self');
  });

  it('moving a booking inside the week does not count the booking it replaces', async () => {
    await relaxRules(database, cowork.spaceId, { weekly_quota_bookings: 1 });
    const [d1, d2] = SAME_WEEK;
    const made = await createBooking(database.db, resident(cowork, 2), cowork.spaceId, desk(d1, '10:00'), 'self');
    expect((await refusal(createBooking(database.db, resident(cowork, 2), cowork.spaceId, desk(d2, '10:00'), 'self'))).code).toBe('spaces.error.quotaWeekBookings');
    const moved = await moveBooking(database.db, resident(cowork, 2), made.bookingId, { date: d2, start: '11:00' });
    expect(moved.status).toBe('confirmed');
  });

  it('hours per month: counted over the calendar month, the next month free', async () => {
    await relaxRules(database, cowork.spaceId, { monthly_quota_minutes: 180 });
    await createBooking(database.db, resident(cowork, 3), cowork.spaceId, desk(MONTH[0], '09:00', 120), 'self');
    const e = await refusal(createBooking(database.db, resident(cowork, 3), cowork.spaceId, desk(MONTH[MONTH.length - 1], '09:00', 120), 'self'));
    expect([e.status, e.code, e.field, e.values]).toEqual([422, 'spaces.error.quotaMonthHours', 'minutes', { used: 2, quota: 3 }]);
    expect(translator('fr')(e.code, e.values)).toBe('Votre foyer a déjà 2 h réservées ce mois-ci ; la limite est de 3 h par mois.');
    await createBooking(database.db, resident(cowork, 3), cowork.spaceId, desk(MONTH[MONTH.length - 1], '09:00', 60), 'self');
    await createBooking(database.db, resident(cowork, 3), cowork.spaceId, desk(NEXT_MONTH[0], '09:00', 120), 'self');
  });

  it('bookings per month: a series lists the dates over the quota (counting its own earlier dates), skipping books the others', async () => {
    await relaxRules(database, cowork.spaceId, { monthly_quota_bookings: 2 });
    const first = MONTH.find((d) => Number(d.slice(8)) <= 7) as string;
    const asked = await createSeries(database.db, resident(cowork, 4), cowork.spaceId, { ...desk(first, '15:00'), weeks: 3, onConflict: 'ask' }, 'self');
    expect(asked.kind).toBe('conflicts');
    if (asked.kind !== 'conflicts') return;
    expect(asked.conflicts).toEqual([{ date: addDays(first, 14), code: 'spaces.error.quotaMonthBookings', values: { used: 2, quota: 2 } }]);
    const booked = await createSeries(database.db, resident(cowork, 4), cowork.spaceId, { ...desk(first, '15:00'), weeks: 3, onConflict: 'skip' }, 'self');
    expect(booked.kind === 'booked' && booked.bookings.map((b) => b.date)).toEqual([first, addDays(first, 7)]);
    // The desk at the counter is held to the same quota.
    const staff = staffActor(cowork.orgId, staffUser, [cowork.residenceId]);
    const counter = await refusal(createBooking(database.db, staff, cowork.spaceId, { ...desk(addDays(first, 1), '15:00'), householdId: cowork.households[4] }, 'counter'));
    expect(counter.code).toBe('spaces.error.quotaMonthBookings');
  });

  it('a waiting-list offer skips a household that has reached its quota and goes to the next in line', async () => {
    await relaxRules(database, room.spaceId, { offer_minutes: 60 });
    const [d1, d2] = SAME_WEEK;
    const slot = (date: string, start: string) => ({ resourceId: room.resourceId, date, start, minutes: 60, purpose: 'leisure' as const });
    const staff = staffActor(room.orgId, staffUser);
    const held = await createBooking(database.db, staff, room.spaceId, { ...slot(d1, '10:00'), householdId: room.households[0] }, 'counter');
    await joinWaitlist(database.db, resident(room, 1), room.spaceId, slot(d1, '10:00'));
    await joinWaitlist(database.db, resident(room, 2), room.spaceId, slot(d1, '10:00'));
    await relaxRules(database, room.spaceId, { offer_minutes: 60, weekly_quota_bookings: 1 });
    await createBooking(database.db, resident(room, 1), room.spaceId, slot(d2, '10:00'), 'self');
    await cancelBooking(database.db, staff, held.bookingId, 'counter');
    const offered = await database.owner.query("select household_id from space_bookings where space_id = $1 and status = 'offered'", [room.spaceId]);
    expect(offered.rows.map((r) => r.household_id)).toEqual([room.households[2]]);
  });

  it('a resource’s own quota counts that resource’s bookings only', async () => {
    const bikes = await demoSpace(database, 'Vélos électriques de Réma’Vert');
    await relaxRules(database, bikes.spaceId);
    const ids = (await database.owner.query('select id from space_resources where space_id = $1 order by position limit 2', [bikes.spaceId])).rows.map((r) => r.id);
    await database.owner.query('update space_resources set weekly_quota_bookings = 1 where id = $1', [ids[0]]);
    const [d1, d2] = SAME_WEEK;
    const ask = (resourceId: string, date: string) => ({ resourceId, date, start: '10:00', minutes: 60, purpose: 'leisure' as const });
    const me = resident(bikes, 0);
    await createBooking(database.db, me, bikes.spaceId, ask(ids[1], d1), 'self');
    await createBooking(database.db, me, bikes.spaceId, ask(ids[0], d2), 'self');
    const e = await refusal(createBooking(database.db, me, bikes.spaceId, ask(ids[0], addDays(d2, 1)), 'self'));
    expect([e.code, e.values]).toEqual(['spaces.error.quotaWeekBookings', { used: 1, quota: 1 }]);
    await createBooking(database.db, me, bikes.spaceId, ask(ids[1], addDays(d2, 1)), 'self');
  });
});
