import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { periodOf } from '../domain/period.js';
import { dashboard } from '../queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
// A year the demo never touches: only the sessions written here count.
const YEAR = 2019;
let orgId: string;
let residences: string[];
let someUser: string;

beforeAll(async () => {
  t = await testApp();
  orgId = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  const spaces = await q('select id, residence_id from spaces where organisation_id = $1 order by name limit 1', [orgId]);
  const space = spaces[0];
  const other = (await q(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'SUPPORT-2', 'Les Tilleuls', '2 rue des Tilleuls', '51100', 'Reims') returning id`, [orgId]))[0].id;
  residences = [space.residence_id, other];
  const households = (await q('select id from households where organisation_id = $1 order by reference limit 13', [orgId])).map((r) => r.id);
  // First residence: 12 households, 15 sessions (3 households twice), 4 jobs, 2 trainings, 1 anonymous session.
  // Second: 1 household, 2 sessions, 1 job. 2019-12-31 counts; 2020-01-01 does not.
  const rows: [string, string | null, string, string | null][] = [];
  for (let i = 0; i < 12; i++) rows.push([space.residence_id, households[i], `${YEAR}-03-${String(i + 1).padStart(2, '0')}`, i < 4 ? 'job_found' : i < 6 ? 'training_entered' : null]);
  for (let i = 0; i < 3; i++) rows.push([space.residence_id, households[i], `${YEAR}-12-31`, null]);
  rows.push([space.residence_id, null, `${YEAR}-06-01`, null]);
  rows.push([other, households[12], `${YEAR}-07-01`, 'job_found'], [other, households[12], `${YEAR}-08-01`, null]);
  rows.push([space.residence_id, households[0], `${YEAR + 1}-01-01`, 'job_found']);
  for (const [residence, household, day, outcome] of rows)
    await q(`insert into space_support_sessions (organisation_id, space_id, residence_id, household_id, held_on, minutes, topic, outcome) values ($1, $2, $3, $4, $5, 60, 'job_search', $6)`, [orgId, space.id, residence, household, day, outcome]);
});

const staff = (): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

describe('support outcomes of the spaces’ facilitators, as indicators', () => {
  it('counts sessions, households helped, jobs found and trainings entered by residence, hiding small numbers of people', async () => {
    const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: null });
    const at = (key: string, residence: string) => {
      const col = d.columns.find((c) => c.indicator.key === key);
      return col?.cells[d.residences.findIndex((r) => r.id === residence)];
    };
    const total = (key: string) => d.columns.find((c) => c.indicator.key === key)?.total;
    const [first, second] = residences;
    expect(at('spaces.support_sessions', first)).toBe(16);
    expect(at('spaces.support_sessions', second)).toBe(2);
    expect(total('spaces.support_sessions')).toBe(18);
    // 1 household: under the threshold of 11, hidden; the only other non-zero cell (12) goes with it,
    // or the total would give it back.
    expect(at('spaces.support_households', second)).toBeNull();
    expect(at('spaces.support_households', first)).toBeNull();
    expect(total('spaces.support_households')).toBe(13);
    // 4 and 1 jobs: both under 11, both hidden, and a total of 5 people hidden too.
    expect(at('spaces.jobs_found', first)).toBeNull();
    expect(total('spaces.jobs_found')).toBeNull();
    expect(total('spaces.trainings_entered')).toBeNull();
  });

  it('gives one residence its own figures', async () => {
    const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: residences[0] });
    expect(d.columns.find((c) => c.indicator.key === 'spaces.support_sessions')?.total).toBe(16);
    expect(d.columns.find((c) => c.indicator.key === 'spaces.support_households')?.total).toBe(12);
  });
});
