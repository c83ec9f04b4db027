import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { periodOf } from '../domain/period.js';
import { dashboard } from '../queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
// A year the demo never touches: only the coworking and bookings made here count.
const YEAR = 2019;
let orgId: string;
let residenceId: string;
let someUser: string;

// The twelve Mondays of the first quarter of 2019 (no public holiday falls on one).
const MONDAYS = ['01-07', '01-14', '01-21', '01-28', '02-04', '02-11', '02-18', '02-25', '03-04', '03-11', '03-18', '03-25'];

beforeAll(async () => {
  t = await testApp();
  orgId = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  residenceId = (await q(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'COWORK-1', 'Les Acacias', '4 rue des Acacias', '51100', 'Reims') returning id`, [orgId]))[0].id;
  const place = (await q(`insert into common_places (organisation_id, residence_id, kind, name) values ($1, $2, 'coworking', 'Coworking des Acacias') returning id`, [orgId, residenceId]))[0].id;
  const space = (await q(`insert into spaces (organisation_id, common_place_id, residence_id, kind, name) values ($1, $2, $3, 'coworking', 'Coworking des Acacias') returning id`, [orgId, place, residenceId]))[0].id;
  // Open on Mondays 09:00–12:00 with two workstations: 6 place-hours a Monday.
  await q(`insert into space_hours (organisation_id, space_id, weekday, opens, closes) values ($1, $2, 1, '09:00', '12:00')`, [orgId, space]);
  const seats = (await q(`insert into space_resources (organisation_id, space_id, kind, name, units) values ($1, $2, 'seats', 'Postes', 2) returning id`, [orgId, space]))[0].id;
  const households = (await q('select id from households where organisation_id = $1 order by reference limit 12', [orgId])).map((r) => r.id);
  // One 3-hour booking each Monday by a different household: 36 hours of 72. Six for a job search,
  // three to telework, three without a purpose; a cancelled one counts nowhere.
  const purposes = [...Array(6).fill('job_search'), ...Array(3).fill('telework'), ...Array(3).fill('unspecified')];
  const book = (day: string, household: string, status: string, purpose: string) =>
    q(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status, purpose)
       values ($1, $2, $3, 1, $4, tstzrange($5::timestamptz, $6::timestamptz, '[)'), tstzrange($5::timestamptz, $6::timestamptz, '[)'), $7, $8)`,
      [orgId, space, seats, household, `${YEAR}-${day}T09:00:00+01`, `${YEAR}-${day}T12:00:00+01`, status, purpose],
    );
  for (const [i, day] of MONDAYS.entries()) await book(day, households[i], 'confirmed', purposes[i]);
  await book('01-07', households[1], 'cancelled', 'leisure');
});

const staff = (): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

async function figures(quarter: number | null) {
  const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR, quarter), residenceId });
  return (key: string) => d.columns.find((c) => c.indicator.key === key)?.total;
}

describe('the coworking indicators', () => {
  it('rates hours booked against the place-hours open, and counts hours and households', async () => {
    const total = await figures(1);
    // 12 Mondays × 3 h × 2 places = 72 place-hours; 36 booked.
    expect(total('spaces.coworking_occupancy')).toBe(50);
    expect(total('spaces.coworking_hours')).toBe(36);
    expect(total('spaces.coworking_households')).toBe(12);
  });

  it('leaves the Mondays that are public holidays out of the capacity', async () => {
    const total = await figures(null);
    // 52 Mondays in 2019, three of them holidays (Easter and Whit Mondays, 11 November): 49 × 6 = 294.
    expect(total('spaces.coworking_occupancy')).toBe(Math.round((36 / 294) * 1000) / 10);
  });

  it('shares the bookings by purpose, those without one counted in the whole', async () => {
    const total = await figures(1);
    expect(total('spaces.coworking_purpose_job_search')).toBe(50);
    expect(total('spaces.coworking_purpose_telework')).toBe(25);
    expect(total('spaces.coworking_purpose_training')).toBe(0);
  });

  it('has no rate for a residence without a coworking', async () => {
    const bare = (await q(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'COWORK-2', 'Les Saules', '6 rue des Saules', '51100', 'Reims') returning id`, [orgId]))[0].id;
    const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR, 1), residenceId: bare });
    expect(d.columns.find((c) => c.indicator.key === 'spaces.coworking_occupancy')?.total).toBeNull();
    expect(d.columns.find((c) => c.indicator.key === 'spaces.coworking_hours')?.total).toBe(0);
  });
});
