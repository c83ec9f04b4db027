import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { workingDayAhead } from '../../src/modules/spaces/testing.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';

// The web process keeps nothing of its own: sessions, locks and jobs live in PostgreSQL. Two processes
// on one database behind the same client must behave as one.
let database: Awaited<ReturnType<typeof testDatabase>>;
let servers: string[] = [];

beforeAll(async () => {
  database = await testDatabase();
  const env = { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false' };
  const apps = [runTs('src/main.ts', [], env), runTs('src/main.ts', [], env)];
  servers = await Promise.all(apps.map((a) => urlOf(a)));
}, 120_000);

afterAll(async () => {
  await killLeftovers([]);
});

/** A browser-like client whose requests go to server 0 or 1, as a load balancer would send them. */
function balancedClient(): { client: Client; use: (i: number) => void } {
  let target = 0;
  const client = new Client({ request: (path, init) => fetch(`${servers[target]}${path}`, init) });
  return { client, use: (i) => (target = i) };
}

describe('two server processes on one PostgreSQL', () => {
  it('a session opened on one is recognised by the other, and closed on both by signing out on either', async () => {
    const { client, use } = balancedClient();
    use(0);
    expect((await client.signIn(demo('resident'))).status).toBe(303);
    use(1);
    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('/signout');
    expect((await client.post('/signout', {})).status).toBe(303);
    use(0);
    const after = await client.get('/spaces/bookings');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/signin/);
  });

  it('a booking storm split across both gives the last place to exactly one household, the rest 409', async () => {
    const owner = database.owner;
    const room = (await owner.query("select s.id, s.organisation_id, r.id as resource_id from spaces s join space_resources r on r.space_id = s.id where s.name = 'Salle commune Arc-en-Ciel'")).rows[0];
    await owner.query('update spaces set horizon_days = 200, notice_minutes = 0, weekly_quota_minutes = null where id = $1', [room.id]);
    const households = (await owner.query('select id from households where organisation_id = $1 order by reference limit 40', [room.organisation_id])).rows.map((r) => r.id as string);
    expect(households.length).toBeGreaterThanOrEqual(20);
    // Five weeks ahead: past the demo's bookings, a working day that is not a public holiday.
    const date = workingDayAhead(35);
    const staff = [balancedClient(), balancedClient()];
    staff[0].use(0);
    staff[1].use(1);
    for (const s of staff) expect((await s.client.signIn(demo('concierge'))).status).toBe(303);
    const answers = await Promise.all(
      households.map((householdId, i) =>
        staff[i % 2].client.post(`/staff/spaces/${room.id}/bookings`, { resourceId: room.resource_id, date, start: '10:00', minutes: '120', purpose: 'leisure', householdId, idempotencyKey: `storm-${i}-${date}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(households.length - 1);
    const held = await owner.query("select count(*)::int as n from space_bookings where resource_id = $1 and status in ('pending', 'confirmed') and lower(during)::date = $2::date", [room.resource_id, date]);
    expect(held.rows[0].n).toBe(1);
  });
});
