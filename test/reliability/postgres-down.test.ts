import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, type Running, runTs, urlOf } from '../ops/spawn.js';
import { controlledPostgres } from './controlled-postgres.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// PostgreSQL stopped in immediate mode (SIGQUIT to the postmaster: no checkpoint, clients cut) while
// the app takes bookings, then started again. Meanwhile the app answers 503 with a French message and
// /readyz says not ready; once PostgreSQL is back the app serves again by itself, and every booking it
// acknowledged is there. The test runs its own embedded PostgreSQL (whatever TEST_DATABASE_URL says),
// since it must stop and start it.
const dir = join(process.cwd(), '.test-data', `pg-down-${process.pid}`);
let postgres: Awaited<ReturnType<typeof controlledPostgres>> | null = null;

afterAll(async () => {
  // The test's PostgreSQL is ended through its pid file (after a crash and restart, the package's handle may be stale).
  await killLeftovers([dir]);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('PostgreSQL stopped in immediate mode during writes', () => {
  it('answers 503 in French meanwhile (readyz not ready), recovers by itself, and loses no acknowledged booking', async () => {
    postgres = await controlledPostgres(dir);
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('create database palier');
    await admin.end();
    const app: Running = runTs('src/main.ts', [], { DATABASE_URL: postgres.url('palier'), PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'true' });
    const base = await urlOf(app, 240_000);
    const owner = new pg.Pool({ connectionString: postgres.url('palier'), max: 2 });
    owner.on('error', () => {});
    const room = await bookableRoom(owner);
    const concierge = await signedInConcierge(() => base);
    const days = distinctWorkingDays(6);
    const tag = Date.now().toString(36);
    const acknowledged: string[] = [];
    const statuses = { up: new Map<number, number>(), down: new Map<number, number>() };
    let phase: 'up' | 'down' = 'up';
    let stop = false;
    let sent = 0;
    const other: string[] = [];

    const worker = async () => {
      while (!stop) {
        const key = `pgdown-${tag}-${sent++}`;
        const at = phase;
        try {
          const res = await concierge.post(`/staff/spaces/${room.spaceId}/bookings`, {
            resourceId: room.resourceId,
            date: days[Math.floor(Math.random() * days.length)],
            start: `${String(9 + Math.floor(Math.random() * 12)).padStart(2, '0')}:00`,
            minutes: '60',
            purpose: 'leisure',
            householdId: room.households[Math.floor(Math.random() * room.households.length)],
            idempotencyKey: key,
          });
          const text = await res.text();
          statuses[at].set(res.status, (statuses[at].get(res.status) ?? 0) + 1);
          if (res.status === 303) acknowledged.push(key);
          else if (![409, 422, 503].includes(res.status)) other.push(`${at}: ${res.status} ${text.slice(0, 200)}`);
          if (res.status === 503 && !text.includes('Service momentanément indisponible')) other.push(`${at}: 503 without the French message: ${text.slice(0, 200)}`);
        } catch (e) {
          other.push(`${at}: no answer (${(e as Error).message})`);
        }
        if (phase === 'down') await new Promise((r) => setTimeout(r, 50));
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    const waitFor = async (test: () => boolean, ms: number) => {
      for (let waited = 0; !test() && waited < ms; waited += 50) await new Promise((r) => setTimeout(r, 50));
    };

    await waitFor(() => acknowledged.length >= 8, 60_000);
    const ackedBeforeCrash = acknowledged.length;
    await postgres.crash();
    phase = 'down';
    // Give every pooled connection time to be found dead, then look at what a person and the orchestrator see.
    await new Promise((r) => setTimeout(r, 1500));
    const page = await concierge.get('/');
    const pageText = await page.text();
    const ready = await fetch(`${base}/readyz`);
    const readyBody = await ready.json();
    const api = await fetch(`${base}/api/v1/me`, { headers: { authorization: 'Bearer plr_anything_at_all' } });
    const apiBody = await api.text();
    await new Promise((r) => setTimeout(r, 1500));

    await postgres.restart();
    const restartedAt = Date.now();
    let readyAgain = 0;
    for (; Date.now() - restartedAt < 60_000; await new Promise((r) => setTimeout(r, 200))) {
      readyAgain = (await fetch(`${base}/readyz`)).status;
      if (readyAgain === 200) break;
    }
    const recoveredMs = Date.now() - restartedAt;
    phase = 'up';
    const ackedAtRecovery = acknowledged.length;
    await waitFor(() => acknowledged.length >= ackedAtRecovery + 8, 60_000);
    stop = true;
    await Promise.all(workers);

    const rows = (await owner.query("select idempotency_key as key, status from space_bookings where idempotency_key like $1 and status in ('pending', 'confirmed')", [`pgdown-${tag}-%`])).rows as { key: string }[];
    const present = new Set(rows.map((r) => r.key));
    const lost = acknowledged.filter((k) => !present.has(k));
    const fmt = (m: Map<number, number>) => [...m].map(([s, n]) => `${n}×${s}`).join(', ');
    process.stdout.write(
      `reliability/postgres-down: ${sent} bookings sent; before the crash and after recovery ${fmt(statuses.up)}; while PostgreSQL was down ${fmt(statuses.down)}; ready again ${recoveredMs} ms after PostgreSQL restarted; ${acknowledged.length} acknowledged (${ackedBeforeCrash} before the crash), lost ${lost.length}\n`,
    );
    await owner.end();
    app.proc.kill('SIGTERM');
    await app.exited;

    // The process lived through it (it used to die of an unhandled 'error' event of a checked-out client).
    expect(app.stderr()).not.toContain("Unhandled 'error' event");
    expect(other).toEqual([]);
    expect(page.status).toBe(503);
    expect(pageText).toContain('Service momentanément indisponible');
    expect(page.headers.get('retry-after')).toBe('5');
    expect(ready.status).toBe(503);
    expect(readyBody).toMatchObject({ status: 'not_ready', database: 'unreachable' });
    expect(api.status).toBe(503);
    expect(JSON.parse(apiBody)).toEqual({ error: 'Service momentanément indisponible' });
    expect(statuses.down.get(503) ?? 0).toBeGreaterThan(0);
    expect(readyAgain).toBe(200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ackedAtRecovery + 8);
    expect(lost).toEqual([]);
  }, 400_000);
});
