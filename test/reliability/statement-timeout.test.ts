import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../api-token.js';
import { demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// statement_timeout through the real server (src/main.ts, its own process): with no lock timeout
// (DATABASE_LOCK_TIMEOUT_SECONDS=0) and DATABASE_STATEMENT_TIMEOUT_SECONDS=2, requests are made slow by a
// session outside the app holding a table lock — a page reading the locked bookings, then a booking by page and
// one by API whose last write (the audit row) waits on the locked audit table after the booking row was
// inserted. PostgreSQL cancels each statement (57014, not the lock timeout's 55P03): the answer is 503 with the
// page or JSON in the person's language while the lock is still held, the transaction rolled back — no booking,
// no notice — and the server keeps serving; once released the same requests go through.
let database: Awaited<ReturnType<typeof testDatabase>>;
const STATEMENT_SECONDS = 2;

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
});

type Answer = { status: number; text: string; retryAfter: string | null; lockHeld: boolean };

/** A session outside the app holding `table` in ACCESS EXCLUSIVE mode until released (bounded, in case the app never gives up). */
async function holdTable(url: string, table: string) {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query('begin');
  await holder.query(`lock table ${table} in access exclusive mode`);
  const state = { held: true };
  const release = async () => {
    if (!state.held) return;
    state.held = false;
    clearTimeout(bound);
    await holder.query('rollback');
    await holder.end();
  };
  const bound = setTimeout(() => void release(), 40_000);
  return { state, release };
}

describe('statement_timeout through the real server', () => {
  it('answers 503 for requests slowed past the statement timeout, writes nothing of them, and keeps serving', async () => {
    const room = await bookableRoom(database.owner);
    const app = runTs('src/main.ts', [], { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false', DATABASE_LOCK_TIMEOUT_SECONDS: '0', DATABASE_STATEMENT_TIMEOUT_SECONDS: String(STATEMENT_SECONDS) });
    const base = await urlOf(app);
    const concierge = await signedInConcierge(() => base);
    const token = await apiTokenFor({ database } as never, demo('concierge'), ['spaces.board']);
    const [day] = distinctWorkingDays(1, 50);
    const sheet = () => concierge.get(`/staff/spaces/${room.spaceId}/sheet?date=${day}`);
    const pageKey = `statement-page-${Date.now()}`;
    const pageBooking = () => concierge.post(`/staff/spaces/${room.spaceId}/bookings`, { resourceId: room.resourceId, date: day, start: '10:00', minutes: '60', purpose: 'leisure', householdId: room.households[0], idempotencyKey: pageKey });
    const apiBooking = () =>
      fetch(`${base}/api/v1/spaces/${room.spaceId}/counter-bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ resourceId: room.resourceId, date: day, start: '14:00', minutes: 60, householdId: room.households[1] }),
      });
    const timed = async (send: () => Promise<Response>, state: { held: boolean }): Promise<Answer> => {
      const r = await send();
      return { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after'), lockHeld: state.held };
    };
    const booked = async () => Number((await database.owner.query("select count(*)::int as n from space_bookings where space_id = $1 and household_id = any($2) and lower(during)::date = $3::date", [room.spaceId, room.households.slice(0, 2), day])).rows[0].n);
    const auditRows = async () => Number((await database.owner.query("select count(*)::int as n from audit_events where action like 'spaces.%' and details->>'spaceId' = $1", [room.spaceId])).rows[0].n);
    const auditBefore = await auditRows();
    const notifications = async () => Number((await database.owner.query('select count(*)::int as n from notifications')).rows[0].n);

    // 1. A slow page: the day sheet reads the bookings, locked elsewhere.
    const bookingsLock = await holdTable(database.url, 'space_bookings');
    const slowPage = await timed(sheet, bookingsLock.state);
    // Meanwhile the server answers what does not need that table.
    const health = await fetch(`${base}/healthz`);
    const ready = await fetch(`${base}/readyz`);
    await bookingsLock.release();
    const pageAfter = await timed(sheet, bookingsLock.state);

    // 2. Slow writes: the booking row is inserted, then the audit row waits on the locked audit table.
    const notificationsBefore = await notifications();
    const auditLock = await holdTable(database.url, 'audit_events');
    // One after the other (both take the space's row lock): each is seen half-way — waiting on the audit table while
    // holding the lock of its inserted booking row (RowExclusiveLock on space_bookings) — then answered.
    const halfWay = async (send: () => Promise<Response>): Promise<Answer & { seenHalfWay: boolean }> => {
      const answer = timed(send, auditLock.state);
      let seen = false;
      for (let i = 0; i < 150 && !seen; i++) {
        seen = Number((await database.owner.query("select count(*)::int as n from pg_locks w join pg_locks h on h.pid = w.pid where not w.granted and w.relation = 'audit_events'::regclass and h.granted and h.relation = 'space_bookings'::regclass and h.mode = 'RowExclusiveLock'")).rows[0].n) > 0;
        if (!seen) await new Promise((r) => setTimeout(r, 20));
      }
      return { ...(await answer), seenHalfWay: seen };
    };
    const pageWrite = await halfWay(pageBooking);
    const apiWrite = await halfWay(apiBooking);
    const halfWritten = [pageWrite, apiWrite].filter((a) => a.seenHalfWay).length;
    const bookedWhileHeld = await booked();
    const waiting = Number((await database.owner.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n);
    await auditLock.release();
    const bookedAfterRelease = await booked();
    const auditAfterRelease = await auditRows();
    const notificationsAfterRelease = await notifications();
    const pageAgain = await pageBooking();
    const apiAgain = await apiBooking();
    const bookedAgain = await booked();
    process.stdout.write(
      `reliability/statement-timeout: statement_timeout ${STATEMENT_SECONDS} s, no lock timeout; day sheet with the bookings locked → ${slowPage.status} (held: ${slowPage.lockHeld}), meanwhile /healthz ${health.status}, /readyz ${ready.status}, after release ${pageAfter.status}; bookings whose audit row waited (${halfWritten} seen with their booking inserted) → page ${pageWrite.status}, API ${apiWrite.status}, ${bookedWhileHeld} booking rows kept; after release page ${pageAgain.status}, API ${apiAgain.status}, ${bookedAgain} bookings\n`,
    );
    app.proc.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    // The slow page: 503 with the French page while the lock was still held; the server kept serving.
    expect({ status: slowPage.status, lockHeld: slowPage.lockHeld, retryAfter: slowPage.retryAfter }).toEqual({ status: 503, lockHeld: true, retryAfter: '5' });
    expect(slowPage.text).toContain('Service momentanément indisponible');
    expect(slowPage.text).toContain('a été interrompue sans rien enregistrer');
    expect([health.status, ready.status]).toEqual([200, 200]);
    expect(pageAfter.status).toBe(200);
    expect(pageAfter.text).toContain('Salle commune Arc-en-Ciel');
    // The slow writes: 503 (page in French, JSON in English), nothing of them written.
    for (const a of [pageWrite, apiWrite]) expect({ status: a.status, lockHeld: a.lockHeld, retryAfter: a.retryAfter }).toEqual({ status: 503, lockHeld: true, retryAfter: '5' });
    expect(pageWrite.text).toContain('a été interrompue sans rien enregistrer');
    expect(JSON.parse(apiWrite.text)).toEqual({ error: 'Service temporarily unavailable', message: 'Your request took too long (another operation on the same data was under way) and was stopped; nothing was saved. Try again in a moment.' });
    expect(halfWritten).toBe(2);
    expect(bookedWhileHeld).toBe(0);
    expect(waiting).toBe(0);
    expect(bookedAfterRelease).toBe(0);
    expect(auditAfterRelease).toBe(auditBefore);
    expect(notificationsAfterRelease).toBe(notificationsBefore);
    expect(pageAgain.status).toBe(303);
    expect(apiAgain.status).toBe(201);
    expect(bookedAgain).toBe(2);
    // Cancelled by statement_timeout (57014), explained in the log as a timeout, never a failed request.
    const log = app.stdout();
    expect(log.match(/"code":"57014"[^\n]*database timeout: answered 503/g)?.length).toBe(3);
    expect(log).not.toContain('55P03');
    expect(log).not.toContain('request failed');
  }, 180_000);
});
