import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { holidayOn } from '../../../platform/calendar/holidays.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import type { SeriesInput } from '../schemas.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, holidayWeekAhead, relaxRules, residentActor, staffActor, userId } from '../testing.js';
import { createBooking } from './create-booking.js';
import { createSeries } from './create-series.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let cowork: DemoSpace;
let residentUser: string;
let staffUser: string;


beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
  residentUser = await userId(database, 'resident-sotteville@demo.palier.fr');
  staffUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
  await relaxRules(database, cowork.spaceId, { horizon_days: 400 });
});

const resident = (i: number) => residentActor(cowork.orgId, residentUser, cowork.households[i]);
const series = (date: string, extra: Partial<SeriesInput> = {}): SeriesInput => ({ resourceId: cowork.resourceId, date, start: '14:00', minutes: 120, purpose: 'training', weeks: 4, onConflict: 'ask', ...extra });
const rows = async (household: string) => (await database.owner.query("select series_id, status, lower(during) as s from space_bookings where household_id = $1 and space_id = $2 and booked_by = $3 and status <> 'cancelled' order by lower(during)", [household, cowork.spaceId, residentUser])).rows;

describe('a weekly series', () => {
  it('lists the public holiday as a conflict and books nothing until the person chooses', async () => {
    const { start, holiday } = holidayWeekAhead();
    const r = await createSeries(database.db, resident(0), cowork.spaceId, series(start), 'self');
    const expected = [0, 1, 2, 3].map((w) => addDays(start, w * 7)).filter((d) => holidayOn(d));
    expect(r.kind).toBe('conflicts');
    if (r.kind !== 'conflicts') return;
    expect(r.conflicts.map((c) => c.date)).toEqual(expected);
    expect(r.conflicts.find((c) => c.date === holiday)).toMatchObject({ code: 'spaces.error.holiday', values: { name: holidayOn(holiday) } });
    expect(r.bookable).toHaveLength(4 - expected.length);
    expect(await rows(cowork.households[0])).toHaveLength(0);
  });

  it('skipping the conflicts books every other date at once, in one series, with one audit entry', async () => {
    const { start } = holidayWeekAhead();
    const r = await createSeries(database.db, resident(0), cowork.spaceId, series(start, { onConflict: 'skip', idempotencyKey: 'series-key-0001' }), 'self');
    expect(r.kind).toBe('booked');
    if (r.kind !== 'booked') return;
    const stored = await rows(cowork.households[0]);
    expect(stored).toHaveLength(r.bookings.length);
    expect(new Set(stored.map((s) => s.series_id))).toEqual(new Set([r.seriesId]));
    expect(stored.map((s) => parisParts(s.s).date)).toEqual(r.bookings.map((b) => b.date));
    expect(r.skipped.every((s) => s.code === 'spaces.error.holiday')).toBe(true);
    const audit = await database.owner.query("select count(*)::int as n from audit_events where action = 'spaces.series.create' and target_id = $1", [r.seriesId]);
    expect(audit.rows[0].n).toBe(1);
    // The same key again: the same series back, nothing more written.
    const again = await createSeries(database.db, resident(0), cowork.spaceId, series(start, { onConflict: 'skip', idempotencyKey: 'series-key-0001' }), 'self');
    expect(again).toMatchObject({ kind: 'booked', seriesId: r.seriesId, replayed: true, bookings: r.bookings });
    expect(await rows(cowork.households[0])).toHaveLength(r.bookings.length);
    // The same key with another series (time, length, purpose, first week) or for a single booking is refused at the
    // key (security finding 7), never the first series replayed; nothing more written.
    for (const other of [{ start: '15:00' }, { minutes: 60 }, { purpose: 'telework' as const }, { date: addDays(start, 7) }]) {
      const refused = await createSeries(database.db, resident(0), cowork.spaceId, series(start, { onConflict: 'skip', idempotencyKey: 'series-key-0001', ...other }), 'self').catch((e) => e);
      expect([refused.status, refused.code, refused.field], JSON.stringify(other)).toEqual([422, 'spaces.error.keyReused', 'idempotencyKey']);
    }
    const first = r.bookings[0].date;
    const single = await createBooking(database.db, resident(0), cowork.spaceId, { resourceId: cowork.resourceId, date: first, start: '14:00', minutes: 120, purpose: 'training', idempotencyKey: 'series-key-0001' }, 'self').catch((e) => e);
    expect([single.status, single.field]).toEqual([422, 'idempotencyKey']);
    expect(await rows(cowork.households[0])).toHaveLength(r.bookings.length);
  });

  it('names a full date and the week over quota, each with its own reason', async () => {
    const start = addDays(holidayWeekAhead().holiday, 21);
    const staff = staffActor(cowork.orgId, staffUser);
    const second = addDays(start, 7);
    for (let i = 2; i < 8; i++) await createBooking(database.db, staff, cowork.spaceId, { resourceId: cowork.resourceId, date: second, start: '14:00', minutes: 60, purpose: 'unspecified', householdId: cowork.households[i] }, 'counter');
    await relaxRules(database, cowork.spaceId, { horizon_days: 400, weekly_quota_minutes: 180 });
    const third = addDays(start, 14);
    await createBooking(database.db, resident(1), cowork.spaceId, { resourceId: cowork.resourceId, date: third, start: '09:00', minutes: 120, purpose: 'unspecified' }, 'self');
    const r = await createSeries(database.db, resident(1), cowork.spaceId, series(start, { weeks: 3 }), 'self');
    await relaxRules(database, cowork.spaceId, { horizon_days: 400 });
    expect(r).toEqual({
      kind: 'conflicts',
      bookable: [start],
      conflicts: [
        { date: second, code: 'spaces.error.full', values: {} },
        { date: third, code: 'spaces.error.quota', values: { used: 2, quota: 3 } },
      ],
    });
  });

  it('refuses a series reaching past the horizon date by date, and when no date is left books nothing even if asked to skip', async () => {
    await relaxRules(database, cowork.spaceId, { horizon_days: 10 });
    const start = addDays(parisParts(new Date()).date, 40);
    const r = await createSeries(database.db, resident(3), cowork.spaceId, series(start, { onConflict: 'skip' }), 'self');
    await relaxRules(database, cowork.spaceId, { horizon_days: 400 });
    expect(r.kind).toBe('conflicts');
    if (r.kind === 'conflicts') expect(r.conflicts.every((c) => ['spaces.error.horizon', 'spaces.error.holiday', 'spaces.error.closedDay'].includes(c.code))).toBe(true);
    expect(await rows(cowork.households[3])).toHaveLength(0);
  });

  it('under concurrency, 30 series for the last desk on the same weeks: exactly one gets them, no overlap', async () => {
    const start = addDays(holidayWeekAhead().holiday, 63);
    const staff = staffActor(cowork.orgId, staffUser);
    const dates = [0, 1, 2].map((w) => addDays(start, w * 7));
    for (const date of dates) for (let i = 0; i < 5; i++) await createBooking(database.db, staff, cowork.spaceId, { resourceId: cowork.resourceId, date, start: '09:00', minutes: 60, purpose: 'unspecified', householdId: cowork.households[i] }, 'counter');
    // The residence has 15 households: the ten left each send three series at once.
    const asks = [0, 1, 2].flatMap(() => cowork.households.slice(5));
    const results = await Promise.all(asks.map((h) => createSeries(database.db, staff, cowork.spaceId, { ...series(start, { weeks: 3, start: '09:00', minutes: 60 }), householdId: h }, 'counter')));
    const booked = results.filter((r) => r.kind === 'booked');
    expect(booked).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'conflicts').every((r) => r.kind === 'conflicts' && r.conflicts.length === 3 && r.conflicts.every((c) => c.code === 'spaces.error.full' || c.code === 'spaces.error.alreadyBooked'))).toBe(true);
    const overlap = await database.owner.query(
      `select count(*)::int as n from space_bookings a join space_bookings b on a.resource_id = b.resource_id and a.unit = b.unit and a.id < b.id and a.held && b.held
       where a.space_id = $1 and a.status in ('pending', 'confirmed', 'offered') and b.status in ('pending', 'confirmed', 'offered')`,
      [cowork.spaceId],
    );
    expect(overlap.rows[0].n).toBe(0);
  }, 120_000);
});
