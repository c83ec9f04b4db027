import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../api-token.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// A session outside the app holds a space's row lock (SELECT … FOR UPDATE, then nothing: a stuck
// transaction). Bookings of that space wait on the lock: with lock_timeout they must answer 503 with the
// message in the person's language after DATABASE_LOCK_TIMEOUT_SECONDS — while the lock is still held,
// not when it is released — write nothing, and leave the other pages answering; once the lock is gone
// the same bookings go through. Before, they waited as long as the lock was held, each with its connection.
let database: Awaited<ReturnType<typeof testDatabase>>;
const LOCK_SECONDS = 2;

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
});

type Answer = { status: number; text: string; retryAfter: string | null; ms: number; lockHeld: boolean };

describe('a lock held for long', () => {
  it('makes the bookings waiting on it answer 503 after lock_timeout, and nothing else; bookings work again once released', async () => {
    const room = await bookableRoom(database.owner);
    const app = runTs('src/main.ts', [], { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false', DATABASE_LOCK_TIMEOUT_SECONDS: String(LOCK_SECONDS) });
    const base = await urlOf(app);
    const concierge = await signedInConcierge(() => base);
    const resident = new Client({ request: (path, init) => fetch(`${base}${path}`, init) });
    expect((await resident.signIn(demo('resident'))).status).toBe(303);
    const token = await apiTokenFor({ database } as never, demo('concierge'), ['spaces.board']);
    const [day] = distinctWorkingDays(1);
    const pageBooking = (key: string) =>
      concierge.post(`/staff/spaces/${room.spaceId}/bookings`, { resourceId: room.resourceId, date: day, start: '10:00', minutes: '60', purpose: 'leisure', householdId: room.households[0], idempotencyKey: key });
    const apiBooking = () =>
      fetch(`${base}/api/v1/spaces/${room.spaceId}/counter-bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ resourceId: room.resourceId, date: day, start: '14:00', minutes: 60, householdId: room.households[1] }),
      });
    const booked = async () => Number((await database.owner.query("select count(*)::int as n from space_bookings where space_id = $1 and household_id = any($2) and status = 'confirmed' and lower(during)::date = $3::date", [room.spaceId, room.households.slice(0, 2), day])).rows[0].n);

    // The stuck transaction.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from spaces where id = $1 for update', [room.spaceId]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await holder.query('rollback');
      await holder.end();
    };
    // A bound for an app without the timeout: it would otherwise wait as long as the lock is held.
    const bound = setTimeout(() => void release(), 40_000);
    const timed = async (send: () => Promise<Response>): Promise<Answer> => {
      const t0 = performance.now();
      const r = await send();
      return { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after'), ms: Math.round(performance.now() - t0), lockHeld: !released };
    };

    const waiting = async () => Number((await database.owner.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n);
    const held = [timed(() => pageBooking(`lock-page-${Date.now()}`)), timed(apiBooking)];
    for (let i = 0; i < 100 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 20));
    const waitedOnLock = await waiting();
    // Meanwhile the other pages answer: the resident's home, the spaces list and the day sheet of the locked space.
    const others = await Promise.all([timed(() => resident.get('/')), timed(() => concierge.get('/staff/spaces')), timed(() => concierge.get(`/staff/spaces/${room.spaceId}/sheet?date=${day}`))]);
    const [page, api] = await Promise.all(held);
    const nothingWritten = await booked();
    const stillWaiting = await waiting();
    clearTimeout(bound);
    await release();

    // Released: the same bookings go through.
    const pageAfter = await pageBooking(`lock-after-${Date.now()}`);
    const apiAfter = await apiBooking();
    const bookedAfter = await booked();
    process.stdout.write(
      `reliability/lock-timeout: space row locked elsewhere, lock_timeout ${LOCK_SECONDS} s; ${waitedOnLock} bookings waited on it and answered page ${page.status} in ${page.ms} ms, API ${api.status} in ${api.ms} ms (lock still held: ${page.lockHeld && api.lockHeld}); meanwhile home, spaces list and day sheet ${others.map((o) => `${o.status} in ${o.ms} ms`).join(', ')}; released: page ${pageAfter.status}, API ${apiAfter.status}\n`,
    );
    app.proc.kill('SIGTERM');
    await app.exited;

    expect(waitedOnLock).toBe(2);
    // Answered while the lock was still held, after having waited lock_timeout, never much longer.
    for (const a of [page, api]) {
      expect({ status: a.status, lockHeld: a.lockHeld, retryAfter: a.retryAfter }).toEqual({ status: 503, lockHeld: true, retryAfter: '5' });
      expect(a.ms).toBeGreaterThanOrEqual(LOCK_SECONDS * 1000 - 100);
      expect(a.ms).toBeLessThan(LOCK_SECONDS * 1000 + 15_000);
    }
    // In the person's language: the concierge's French page, the API caller's English.
    expect(page.text).toContain('Service momentanément indisponible');
    expect(page.text).toContain('a été interrompue sans rien enregistrer');
    expect(JSON.parse(api.text)).toEqual({ error: 'Service temporarily unavailable', message: 'Your request took too long (another operation on the same data was under way) and was stopped; nothing was saved. Try again in a moment.' });
    // Nothing written, no connection left waiting on the lock.
    expect(nothingWritten).toBe(0);
    expect(stillWaiting).toBe(0);
    for (const o of others) expect({ status: o.status, lockHeld: o.lockHeld }).toEqual({ status: 200, lockHeld: true });
    expect(pageAfter.status).toBe(303);
    expect(apiAfter.status).toBe(201);
    expect(bookedAfter).toBe(2);
    // A timeout is a 503 the log explains, never a failed request (500).
    expect(app.stdout()).toContain('database timeout: answered 503');
    expect(app.stdout()).not.toContain('request failed');
  }, 180_000);
});
