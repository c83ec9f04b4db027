import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { parisInstant } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { spacesJobs } from '../jobs/jobs.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, staffActor, userId, workingDayAhead } from '../testing.js';
import { checkIn, queueReminders } from './attendance.js';
import { createBooking } from './create-booking.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let cowork: DemoSpace;
let staffUser: string;
let residentUser: string;
const D = workingDayAhead(35);
const at = (time: number) => parisInstant(D, time);
const dayBefore = new Date(at(540).getTime() - 86_400_000);

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
  staffUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
  residentUser = await userId(database, 'resident-sotteville@demo.palier.fr');
  await relaxRules(database, cowork.spaceId, { checkin_grace_minutes: 15, no_show_limit: 1 });
});

const staff = () => staffActor(cowork.orgId, staffUser);
const book = (i: number, start = '09:00') => createBooking(database.db, staff(), cowork.spaceId, { resourceId: cowork.resourceId, date: D, start, minutes: 120, purpose: 'job_search', householdId: cowork.households[i] }, 'counter', dayBefore);
const status = async (id: string) => (await database.owner.query('select status, checked_in_at from space_bookings where id = $1', [id])).rows[0];
const job = (name: string) => spacesJobs.find((j) => j.name === name) as (typeof spacesJobs)[number];
const run = (name: string, now: Date) => job(name).run({ services: { database } as never, now, log: console as never });

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('check-in and no-shows', () => {
  it('the facilitator checks someone in within the window only; the job releases the others after the grace period, once', async () => {
    const came = (await book(0)).bookingId;
    const absent = (await book(1)).bookingId;
    expect((await refusal(checkIn(database.db, staff(), came, new Date(at(540).getTime() - 40 * 60_000)))).code).toBe('spaces.error.checkInWindow');
    await checkIn(database.db, staff(), came, at(545));
    await checkIn(database.db, staff(), came, at(546));
    expect((await status(came)).checked_in_at.getTime()).toBe(at(545).getTime());
    // Before the grace period ends, nothing moves.
    expect(await run('spaces.release-no-shows', at(550))).toMatchObject({ noShows: 0 });
    expect(await run('spaces.release-no-shows', at(556))).toMatchObject({ noShows: 1 });
    expect(await run('spaces.release-no-shows', at(560))).toMatchObject({ noShows: 0 });
    expect([(await status(came)).status, (await status(absent)).status]).toEqual(['confirmed', 'no_show']);
    const notice = await database.owner.query("select count(*)::int as n from notifications where subject = 'Réservation libérée : Coworking solidaire de Sotteville'");
    expect(notice.rows[0].n).toBe(1);
    expect((await refusal(checkIn(database.db, staff(), absent, at(560)))).code).toBe('spaces.error.notActive');
  });

  it('a household over the no-show limit cannot book online any more, but the desk can still book for it', async () => {
    const e = await refusal(createBooking(database.db, residentActor(cowork.orgId, residentUser, cowork.households[1]), cowork.spaceId, { resourceId: cowork.resourceId, date: D, start: '14:00', minutes: 60, purpose: 'unspecified' }, 'self', dayBefore));
    expect([e.status, e.code, e.values]).toEqual([403, 'spaces.error.tooManyNoShows', { count: 1 }]);
    expect((await book(1, '14:00')).status).toBe('confirmed');
  });

  it('reminds the next day’s bookings once, whatever the number of runs', async () => {
    const eve = new Date(at(1080).getTime() - 86_400_000);
    const first = await withTenant(database.db, { orgId: cowork.orgId }, (tx) => queueReminders(tx, eve));
    expect(first.reminders).toBeGreaterThanOrEqual(2);
    expect(await withTenant(database.db, { orgId: cowork.orgId }, (tx) => queueReminders(tx, eve))).toEqual({ reminders: 0 });
    const r = await database.owner.query("select count(*)::int as n from notifications where subject = 'Rappel : Coworking solidaire de Sotteville demain'");
    expect(r.rows[0].n).toBe(first.reminders);
  });
});
