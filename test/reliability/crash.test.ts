import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../db.js';
import { killLeftovers, type Running, runTs, urlOf } from '../ops/spawn.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// The server process dies (SIGKILL: no shutdown, no flush) at random moments of a booking load.
// Whatever it acknowledged must be there after the restart, with its audit row, and nothing overlaps.
let database: Awaited<ReturnType<typeof testDatabase>>;
const KILLS = 3;

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
});

describe('the server killed with SIGKILL during a booking load', () => {
  it('loses no acknowledged booking nor its audit row, and never double-books a slot, across 3 kills', async () => {
    const room = await bookableRoom(database.owner);
    const env = { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false' };
    const days = distinctWorkingDays(6);
    const tag = Date.now().toString(36);
    const acknowledged: string[] = [];
    const refused: string[] = [];
    const unknown: string[] = [];
    const unexpected: number[] = [];
    const killedAfter: number[] = [];
    let sent = 0;

    let base = '';
    for (let round = 0; round <= KILLS; round++) {
      const app: Running = runTs('src/main.ts', [], env);
      base = await urlOf(app);
      if (round === KILLS) {
        expect((await fetch(`${base}/readyz`)).status).toBe(200);
        app.proc.kill('SIGTERM');
        await app.exited;
        break;
      }
      const concierge = await signedInConcierge(() => base);
      let dead = false;
      // Eight clients book random slots (60 or 120 minutes, so requests collide) until the process dies.
      const worker = async () => {
        while (!dead) {
          const key = `crash-${tag}-${sent++}`;
          const start = `${String(9 + Math.floor(Math.random() * 12)).padStart(2, '0')}:00`;
          const fields = {
            resourceId: room.resourceId,
            date: days[Math.floor(Math.random() * days.length)],
            start,
            minutes: Math.random() < 0.5 ? '60' : '120',
            purpose: 'leisure',
            householdId: room.households[Math.floor(Math.random() * room.households.length)],
            idempotencyKey: key,
          };
          try {
            const res = await concierge.post(`/staff/spaces/${room.spaceId}/bookings`, fields);
            if (res.status === 303) acknowledged.push(key);
            // 409: the slot was taken; 422: a rule of the space refused it (e.g. the household already books then).
            else if (res.status === 409 || res.status === 422) refused.push(key);
            else unexpected.push(res.status);
            await res.arrayBuffer();
          } catch {
            unknown.push(key);
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      // The kill lands at a random moment once the load is flowing (a cold process answers its first requests slowly).
      const ackedBefore = acknowledged.length;
      for (let waited = 0; acknowledged.length < ackedBefore + 3 && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const delay = 200 + Math.floor(Math.random() * 1300);
      await new Promise((r) => setTimeout(r, delay));
      app.proc.kill('SIGKILL');
      killedAfter.push(delay);
      expect(await app.exited).toBe('SIGKILL');
      dead = true;
      await Promise.all(workers);
    }

    const rows = (
      await database.owner.query("select b.id, b.idempotency_key as key, b.status, exists (select 1 from audit_events e where e.action = 'spaces.booking.create' and e.target_id = b.id::text) as audited from space_bookings b where b.idempotency_key like $1", [`crash-${tag}-%`])
    ).rows as { id: string; key: string; status: string; audited: boolean }[];
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const lost = acknowledged.filter((k) => !['pending', 'confirmed'].includes(byKey.get(k)?.status ?? ''));
    const unaudited = rows.filter((r) => !r.audited).map((r) => r.key);
    const phantom = refused.filter((k) => byKey.has(k));
    const overlaps = (
      await database.owner.query(
        "select count(*)::int as n from space_bookings a join space_bookings b on a.resource_id = b.resource_id and a.id < b.id and a.during && b.during where a.resource_id = $1 and a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed')",
        [room.resourceId],
      )
    ).rows[0].n;
    const unknownCommitted = unknown.filter((k) => byKey.has(k)).length;
    process.stdout.write(
      `reliability/crash: ${KILLS} SIGKILLs survived (at ${killedAfter.join(', ')} ms after the load flowed); ${sent} bookings sent, ${acknowledged.length} acknowledged and verified present with their audit row, ${refused.length} refused (409/422), ${unknown.length} cut or refused by a kill (${unknownCommitted} of them committed); lost ${lost.length}, unaudited ${unaudited.length}, overlaps ${overlaps}\n`,
    );
    expect(unexpected).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(lost).toEqual([]);
    expect(unaudited).toEqual([]);
    expect(phantom).toEqual([]);
    expect(overlaps).toBe(0);
  }, 240_000);
});
