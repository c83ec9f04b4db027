import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../db.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge, slowPost, statusesIn } from './load.js';

// A rolling restart sends SIGTERM while requests are in flight: each must get its whole answer,
// requests that arrive meanwhile are turned away with 503 (to be retried elsewhere), and the process
// goes within 10 s.
let database: Awaited<ReturnType<typeof testDatabase>>;

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
});

describe('SIGTERM while requests are in flight', () => {
  it('finishes the 50 bookings in flight, answers 503 to requests arriving meanwhile (readyz included), refuses new connections, and exits 0 within 10 s', async () => {
    const room = await bookableRoom(database.owner);
    const app = runTs('src/main.ts', [], { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false' });
    const url = await urlOf(app);
    const concierge = await signedInConcierge(() => url);
    const csrf = await concierge.csrf();
    const cookie = [...concierge.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const tag = Date.now().toString(36);
    const days = distinctWorkingDays(50);
    const keys = days.map((_, i) => `drain-${tag}-${i}`);
    const inFlight = days.map((date, i) =>
      slowPost(
        url,
        `/staff/spaces/${room.spaceId}/bookings`,
        cookie,
        new URLSearchParams({ _csrf: csrf, resourceId: room.resourceId, date, start: '10:00', minutes: '60', purpose: 'leisure', householdId: room.households[i % room.households.length], idempotencyKey: keys[i] }).toString(),
      ),
    );
    await Promise.all(inFlight.map((r) => r.connected));
    // Let the server read every request's head: from then on each is in flight, waiting for its body.
    await new Promise((r) => setTimeout(r, 1500));

    const t0 = Date.now();
    app.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // A new connection: the server no longer listens.
    const fresh = await fetch(`${url}/healthz`).then((r) => r.status, (e: Error) => (e.cause as NodeJS.ErrnoException)?.code ?? e.message);
    // The bodies arrive now; on ten connections a second request follows on the same connection, after SIGTERM.
    const pipelined = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    inFlight.forEach((r, i) => r.finish(i < 5 ? pipelined('/readyz') : i < 10 ? pipelined('/') : ''));
    const answers = await Promise.all(inFlight.map((r) => r.closed));
    const code = await app.exited;
    const seconds = (Date.now() - t0) / 1000;

    const firsts = answers.map((a) => statusesIn(a)[0]);
    const seconds503 = answers.slice(0, 10).map((a) => statusesIn(a)[1]);
    const booked = (await database.owner.query('select count(*)::int as n from space_bookings where idempotency_key = any($1) and status in ($2, $3)', [keys, 'pending', 'confirmed'])).rows[0].n;
    process.stdout.write(
      `reliability/sigterm: ${firsts.filter((s) => s === 303).length}/50 in-flight bookings answered 303, ${booked} in the database; ${seconds503.filter((s) => s === 503).length}/10 requests arriving during the drain answered 503; new connection → ${fresh}; exit ${code} after ${seconds.toFixed(1)} s\n`,
    );
    expect(firsts).toEqual(Array(50).fill(303));
    expect(booked).toBe(50);
    expect(seconds503).toEqual(Array(10).fill(503));
    expect(answers[0]).toMatch(/"status":"not_ready"/);
    expect(answers[5]).toContain('Service momentanément indisponible');
    expect(answers.slice(0, 10).every((a) => /\r\nretry-after: 5\r\n/i.test(a))).toBe(true);
    expect(fresh).toBe('ECONNREFUSED');
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
  }, 180_000);
});
