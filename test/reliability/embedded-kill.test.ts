import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, killLeftovers, postgresPid, type Running, runTs, urlOf } from '../ops/spawn.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// Embedded mode (no DATABASE_URL): Palier starts its own PostgreSQL in DATA_DIR. Here the app and that
// PostgreSQL — postmaster and every backend — are killed with SIGKILL together while bookings flow, twice.
// Each restart recovers PostgreSQL from its WAL; every booking acknowledged before a kill must be there.
// A second process on the data directory is refused while the recovered one runs.
const dataDir = mkdtempSync(join(tmpdir(), 'palier-embedded-kill-'));
const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'true' };
const KILLS = 2;

afterAll(async () => {
  await killLeftovers([dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The postmaster and its children (backends, checkpointer, WAL writer …), from /proc. */
function postgresProcesses(): number[] {
  const pid = postgresPid(dataDir);
  if (!pid) return [];
  const children = (p: number): number[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  return [pid, ...children(pid)];
}

/** The owner's connection to the embedded server, from its pid file (port) and Palier's secrets file. */
function ownerUrl(): string {
  const port = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3].trim();
  const { password } = JSON.parse(readFileSync(join(dataDir, 'embedded.json'), 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/palier`;
}

describe('embedded mode: the app and its PostgreSQL killed together', () => {
  it('loses no acknowledged booking across 2 kills of both, and refuses a second process on the data directory', async () => {
    const tag = Date.now().toString(36);
    const days = distinctWorkingDays(6);
    const acknowledged: string[] = [];
    const unexpected: string[] = [];
    const killed: number[] = [];
    let sent = 0;
    let refusedSecond = '';

    for (let round = 0; round <= KILLS; round++) {
      const app: Running = runTs('src/main.ts', [], env);
      const base = await urlOf(app, 240_000);
      const owner = new pg.Pool({ connectionString: ownerUrl(), max: 2 });
      owner.on('error', () => {});
      const present = async () => new Set(((await owner.query('select idempotency_key as key from space_bookings where idempotency_key like $1', [`embedded-${tag}-%`])).rows as { key: string }[]).map((r) => r.key));
      if (round > 0) {
        // After the kill: PostgreSQL recovered, and every booking acknowledged so far is there.
        const have = await present();
        const lost = acknowledged.filter((k) => !have.has(k));
        expect(lost, `lost after kill ${round}`).toEqual([]);
        const second = runTs('src/main.ts', [], env);
        expect(await second.exited).toBe(2);
        refusedSecond = second.stderr().trim();
        expect(refusedSecond).toMatch(/already used by a running Palier \(process \d+\)/);
        expect((await fetch(`${base}/readyz`)).status).toBe(200);
      }
      if (round === KILLS) {
        await owner.end();
        app.proc.kill('SIGTERM');
        expect(await app.exited).toBe(0);
        break;
      }
      const room = await bookableRoom(owner);
      await owner.end();
      const concierge = await signedInConcierge(() => base);
      let dead = false;
      const worker = async () => {
        while (!dead) {
          const key = `embedded-${tag}-${sent++}`;
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
            await res.arrayBuffer();
            if (res.status === 303) acknowledged.push(key);
            else if (res.status !== 409 && res.status !== 422 && !(dead && res.status === 503)) unexpected.push(`${res.status}`);
          } catch {
            // cut by the kill: not acknowledged, may or may not be committed
          }
        }
      };
      const workers = Array.from({ length: 6 }, worker);
      const before = acknowledged.length;
      for (let waited = 0; acknowledged.length < before + 10 && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const delay = 100 + Math.floor(Math.random() * 800);
      await new Promise((r) => setTimeout(r, delay));
      // Everything at once: the app, the postmaster and every PostgreSQL process (a container losing its processes).
      const pids = postgresProcesses();
      app.proc.kill('SIGKILL');
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      dead = true;
      killed.push(pids.length);
      expect(await app.exited).toBe('SIGKILL');
      await Promise.all(workers);
      for (let i = 0; i < 100 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 50));
      expect(pids.filter(isAlive)).toEqual([]);
      // The killed process left its lock and PostgreSQL's pid file behind: the next start must cope.
      expect(existsSync(join(dataDir, 'palier.lock'))).toBe(true);
    }
    process.stdout.write(
      `reliability/embedded-kill: ${KILLS} kills of the app with its PostgreSQL (${killed.join(' and ')} PostgreSQL processes), ${sent} bookings sent, ${acknowledged.length} acknowledged, all present after each recovery; a second process on the data directory refused: "${refusedSecond.slice(0, 90)}…"\n`,
    );
    expect(unexpected).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
  }, 600_000);
});
