import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { holidayOn } from '../../../platform/calendar/holidays.js';
import { addDays } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, staffActor, userId, workingDayAhead } from '../testing.js';
import { createBooking } from './create-booking.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let cowork: DemoSpace;
let residentUser: string;
let facilitatorUser: string;
const D = workingDayAhead(40);

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
  residentUser = await userId(database, 'resident-sotteville@demo.palier.fr');
  facilitatorUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
  await relaxRules(database, cowork.spaceId);
});

const resident = (i: number) => residentActor(cowork.orgId, residentUser, cowork.households[i]);
const ask = (start: string, minutes = 60, extra: Record<string, unknown> = {}) => ({ resourceId: cowork.resourceId, date: D, start, minutes, purpose: 'telework' as const, ...extra });

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('booking a coworking desk', () => {
  it('books a desk, writes the audit trail, and the same idempotency key gives back the same booking', async () => {
    const first = await createBooking(database.db, resident(0), cowork.spaceId, ask('09:00', 120, { idempotencyKey: 'key-0001-abcdef' }), 'self');
    expect(first).toMatchObject({ status: 'confirmed', replayed: false });
    const again = await createBooking(database.db, resident(0), cowork.spaceId, ask('09:00', 120, { idempotencyKey: 'key-0001-abcdef' }), 'self');
    expect(again).toEqual({ bookingId: first.bookingId, status: 'confirmed', replayed: true });
    const otherSlot = await refusal(createBooking(database.db, resident(0), cowork.spaceId, ask('14:00', 120, { idempotencyKey: 'key-0001-abcdef' }), 'self'));
    expect([otherSlot.status, otherSlot.code, otherSlot.field]).toEqual([422, 'spaces.error.keyReused', 'idempotencyKey']);
    // Another purpose is another request too (security finding 7): refused, not the first booking replayed.
    const otherPurpose = await refusal(createBooking(database.db, resident(0), cowork.spaceId, ask('09:00', 120, { idempotencyKey: 'key-0001-abcdef', purpose: 'training' }), 'self'));
    expect([otherPurpose.status, otherPurpose.field]).toEqual([422, 'idempotencyKey']);
    const audit = await database.owner.query("select count(*)::int as n from audit_events where action = 'spaces.booking.create' and target_id = $1", [first.bookingId]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('gives six desks at once and answers the seventh with a conflict and the next free slots', async () => {
    for (let i = 1; i <= 5; i++) await createBooking(database.db, resident(i), cowork.spaceId, ask('09:00'), 'self');
    const e = await refusal(createBooking(database.db, resident(6), cowork.spaceId, ask('09:00'), 'self'));
    expect([e.status, e.code]).toEqual([409, 'spaces.error.full']);
    expect(e.suggestions.length).toBeGreaterThan(0);
    // The first desk is held 9–11, the five others 9–10: from 10:00, desks are free again.
    expect(e.suggestions[0]).toMatchObject({ date: D, start: '10:00' });
    const units = await database.owner.query("select unit from space_bookings where space_id = $1 and lower(during) = (select lower(during) from space_bookings where household_id = $2 and space_id = $1 and status = 'confirmed' order by created_at desc limit 1) and status = 'confirmed' order by unit", [cowork.spaceId, cowork.households[1]]);
    expect(units.rows.map((r) => r.unit)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses a second overlapping booking of the same household', async () => {
    const e = await refusal(createBooking(database.db, resident(0), cowork.spaceId, ask('10:00'), 'self'));
    expect([e.status, e.code]).toEqual([409, 'spaces.error.alreadyBooked']);
  });

  it('refuses what the rules forbid, each with a reason tied to a field', async () => {
    const past = await refusal(createBooking(database.db, resident(7), cowork.spaceId, { ...ask('09:00'), date: '2020-03-02' }, 'self'));
    expect([past.status, past.code, past.field]).toEqual([422, 'spaces.error.past', 'start']);
    const lunch = await refusal(createBooking(database.db, resident(7), cowork.spaceId, ask('12:00'), 'self'));
    expect(lunch.code).toBe('spaces.error.outsideHours');
    const long = await refusal(createBooking(database.db, resident(7), cowork.spaceId, ask('14:00', 300), 'self'));
    expect(long.code).toBe('spaces.error.tooLong');
    const far = await refusal(createBooking(database.db, resident(7), cowork.spaceId, { ...ask('09:00'), date: workingDayAhead(260) }, 'self'));
    expect(far.code).toBe('spaces.error.horizon');
    let day = workingDayAhead(2);
    while (!holidayOn(day)) day = addDays(day, 1);
    const holiday = await refusal(createBooking(database.db, resident(7), cowork.spaceId, { ...ask('09:00'), date: day }, 'self'));
    expect([holiday.code, holiday.field]).toEqual(['spaces.error.holiday', 'date']);
  });

  it('counts the weekly quota per household', async () => {
    await relaxRules(database, cowork.spaceId, { weekly_quota_minutes: 180 });
    await createBooking(database.db, resident(8), cowork.spaceId, ask('14:00', 120), 'self');
    const e = await refusal(createBooking(database.db, resident(8), cowork.spaceId, ask('16:00', 120), 'self'));
    expect([e.status, e.code, e.values]).toEqual([422, 'spaces.error.quota', { used: 2, quota: 3 }]);
    await relaxRules(database, cowork.spaceId);
  });

  it('refuses a resident of another residence (403) and hides the space from another organisation (404)', async () => {
    const reims = await demoSpace(database, 'Salle commune Arc-en-Ciel');
    const outsider = residentActor(cowork.orgId, residentUser, reims.households[0]);
    // A household of another landlord does not even exist for LogiRep's tenant.
    const stranger = await refusal(createBooking(database.db, outsider, cowork.spaceId, ask('14:00'), 'self'));
    expect(stranger.status).toBe(403);
    const otherOrg = await refusal(createBooking(database.db, residentActor(reims.orgId, residentUser, reims.households[0]), cowork.spaceId, ask('14:00'), 'self'));
    expect(otherOrg.status).toBe(404);
  });

  it('lets the facilitator book a walk-in for any household of the organisation, recorded as assisted', async () => {
    const staff = staffActor(cowork.orgId, facilitatorUser, [cowork.residenceId]);
    const made = await createBooking(database.db, staff, cowork.spaceId, { ...ask('15:00'), householdId: cowork.households[9] }, 'counter');
    const row = await database.owner.query('select assisted, booked_by from space_bookings where id = $1', [made.bookingId]);
    expect(row.rows[0]).toEqual({ assisted: true, booked_by: facilitatorUser });
    const noHousehold = await refusal(createBooking(database.db, staff, cowork.spaceId, ask('15:00'), 'counter'));
    expect([noHousehold.status, noHousehold.field]).toEqual([422, 'householdId']);
    const elsewhere = staffActor(cowork.orgId, facilitatorUser, ['00000000-0000-4000-8000-000000000001']);
    expect((await refusal(createBooking(database.db, elsewhere, cowork.spaceId, { ...ask('16:00'), householdId: cowork.households[9] }, 'counter'))).status).toBe(403);
  });
});

describe('the database itself refuses a double booking', () => {
  it('rejects an overlapping row on the same unit even when written around the application', async () => {
    const row = (await database.owner.query("select organisation_id, space_id, resource_id, unit, household_id, during from space_bookings where space_id = $1 and status = 'confirmed' limit 1", [cowork.spaceId])).rows[0];
    const insert = database.owner.query(
      "insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, $4, $5, $6::tstzrange, $6::tstzrange, 'confirmed')",
      [row.organisation_id, row.space_id, row.resource_id, row.unit, row.household_id, row.during],
    );
    await expect(insert).rejects.toMatchObject({ code: '23P01' });
  });
});
