import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../api-token.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// Every connection of the app's pool held by a long transaction: a session outside the app locks a
// space (SELECT … FOR UPDATE, then pg_sleep) and more bookings of that space than the pool has
// connections pile up behind the lock, each holding its connection. Meanwhile a page, the API and
// /readyz must answer 503 with the French message once they have waited DATABASE_POOL_WAIT_SECONDS
// for a connection (they used to wait as long as the lock was held), the process stays up, and once the
// lock is released every held booking answers and the app serves again without a restart.
let database: Awaited<ReturnType<typeof testDatabase>>;
const POOL = 10;

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
});

describe('the connection pool exhausted by long transactions', () => {
  it('answers 503 (page, API, readyz) instead of waiting on the lock, and recovers when it is released', async () => {
    const room = await bookableRoom(database.owner);
    // No lock or statement timeout here: this file is about a pool whose every connection stays held (a lock
    // waited on for longer than lock_timeout answers 503 by itself: lock-timeout.test.ts).
    const app = runTs('src/main.ts', [], { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false', DATABASE_POOL_WAIT_SECONDS: '3', DATABASE_LOCK_TIMEOUT_SECONDS: '0', DATABASE_STATEMENT_TIMEOUT_SECONDS: '0' });
    const base = await urlOf(app);
    const concierge = await signedInConcierge(() => base);
    const resident = new Client({ request: (path, init) => fetch(`${base}${path}`, init) });
    expect((await resident.signIn(demo('resident'))).status).toBe(303);
    const token = await apiTokenFor({ database } as never, demo('org_admin'), []);
    const days = distinctWorkingDays(2);

    // The long transaction: the space's row locked, then a sleep that only a cancel ends.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from spaces where id = $1 for update', [room.spaceId]);
    const holderPid = (await holder.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    const sleeping = holder.query('select pg_sleep(600)').catch((e: Error) => e.message);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await database.owner.query('select pg_cancel_backend($1)', [holderPid]);
    };

    const held = Array.from({ length: POOL + 2 }, (_, i) =>
      concierge
        .post(`/staff/spaces/${room.spaceId}/bookings`, {
          resourceId: room.resourceId,
          date: days[i % 2],
          start: `${String(9 + (i % 12)).padStart(2, '0')}:00`,
          minutes: '60',
          purpose: 'leisure',
          householdId: room.households[i],
          idempotencyKey: `pool-${Date.now()}-${i}`,
        })
        .then(async (r) => ({ status: r.status, text: await r.text(), afterRelease: released })),
    );
    // Every connection of the pool waits on the lock.
    const waiting = async () => Number((await database.owner.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n);
    for (let i = 0; i < 600 && (await waiting()) < POOL; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await waiting()).toBe(POOL);

    // A bound for an app that waits on the lock: the probes would otherwise wait as long as it is held.
    const bound = setTimeout(() => void release(), 30_000);
    const stamp = async (r: Response) => ({ status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after'), afterRelease: released });
    const [page, api, ready] = await Promise.all([
      resident.get('/').then(stamp),
      fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then(stamp),
      fetch(`${base}/readyz`).then(stamp),
    ]);
    clearTimeout(bound);
    await release();
    expect(await sleeping).toContain('canceling statement');
    await holder.query('rollback');
    await holder.end();
    const bookings = await Promise.all(held);

    const after = await resident.get('/');
    const readyAfter = await fetch(`${base}/readyz`);
    const booked = await concierge.post(`/staff/spaces/${room.spaceId}/bookings`, {
      resourceId: room.resourceId,
      date: days[0],
      start: '21:00',
      minutes: '60',
      purpose: 'leisure',
      householdId: room.households[POOL + 5],
      idempotencyKey: `pool-after-${Date.now()}`,
    });
    const count = (s: number) => bookings.filter((b) => b.status === s).length;
    process.stdout.write(
      `reliability/pool-exhausted: ${POOL} pool connections held behind a lock, ${bookings.length} bookings sent to it (${count(303)} acknowledged and ${count(503)} answered 503 — all after the release: ${bookings.filter((b) => b.status === 303).every((b) => b.afterRelease)}); page ${page.status}, API ${api.status}, readyz ${ready.status} while held; after the release page ${after.status}, readyz ${readyAfter.status}, a new booking ${booked.status}\n`,
    );
    app.proc.kill('SIGTERM');
    await app.exited;

    // While every connection was held: answered (before the release), 503, in French, with Retry-After.
    for (const r of [page, api, ready]) expect({ status: r.status, afterRelease: r.afterRelease }).toEqual({ status: 503, afterRelease: false });
    expect([page.retryAfter, api.retryAfter]).toEqual(['5', '5']);
    expect(page.text).toContain('Service momentanément indisponible');
    expect(JSON.parse(api.text)).toEqual({ error: 'Service momentanément indisponible' });
    expect(JSON.parse(ready.text)).toMatchObject({ status: 'not_ready' });
    // The bookings that held a connection answered once the lock was gone; those that found no connection got 503.
    for (const b of bookings) expect([303, 409, 422, 503]).toContain(b.status);
    expect(count(303)).toBeGreaterThan(0);
    // And the app serves again by itself.
    expect(after.status).toBe(200);
    expect(readyAfter.status).toBe(200);
    expect(booked.status).toBe(303);
    expect(app.stderr()).not.toContain("Unhandled 'error' event");
  }, 240_000);
});
