import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { type Database, openDatabase } from './database.js';
import { withTenant } from './tenant.js';
import { sessionOptions, timeoutsOf, withLongTimeouts } from './timeouts.js';

// The application's sessions carry a lock and a statement timeout (short here, to keep the file fast);
// `withLongTimeouts` lifts them for the transactions opened inside it, and only for those.
let test: Awaited<ReturnType<typeof testDatabase>>;
let app: Database;
const REQUESTS = { lockMs: 600, statementMs: 1200 };
const LONG = { lockMs: 5000, statementMs: 5000 };

beforeAll(async () => {
  test = await testDatabase();
  app = openDatabase(test.url, { timeouts: REQUESTS });
});

afterAll(async () => {
  await app.close();
});

const show = async (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => {
  const lock = (await sql<{ lock_timeout: string }>`show lock_timeout`.execute(tx)).rows[0].lock_timeout;
  const statement = (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(tx)).rows[0].statement_timeout;
  return { lock, statement };
};

const failure = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? String(e));

describe('database timeouts', () => {
  it('come from the configuration (seconds) and go into the connection options as whole milliseconds', () => {
    expect(timeoutsOf({ lockTimeoutSeconds: 5, statementTimeoutSeconds: 15, longTimeoutSeconds: 600 })).toEqual({ requests: { lockMs: 5000, statementMs: 15000 }, long: { lockMs: 600_000, statementMs: 600_000 } });
    expect(timeoutsOf({})).toBeNull();
    expect(sessionOptions({ lockMs: 5000, statementMs: 0 })).toBe('-c lock_timeout=5000 -c statement_timeout=0');
    expect(() => sessionOptions({ lockMs: 1.5, statementMs: 0 })).toThrow(/whole milliseconds/);
  });

  it('a statement that runs too long is cancelled (57014); inside withLongTimeouts it runs, and the pool keeps its defaults after', async () => {
    expect(await failure(withTenant(app.db, { orgId: null }, (tx) => sql`select pg_sleep(3)`.execute(tx)))).toBe('57014');
    expect(await withTenant(app.db, { orgId: null }, show)).toEqual({ lock: '600ms', statement: '1200ms' });
    const long = await withLongTimeouts(LONG, () =>
      withTenant(app.db, { orgId: null }, async (tx) => {
        await sql`select pg_sleep(1.5)`.execute(tx);
        return show(tx);
      }),
    );
    expect(long).toEqual({ lock: '5s', statement: '5s' });
    // Transaction-local: every connection of the pool is back to the request defaults.
    const after = await Promise.all(Array.from({ length: 10 }, () => withTenant(app.db, { orgId: null }, show)));
    for (const a of after) expect(a).toEqual({ lock: '600ms', statement: '1200ms' });
  }, 30_000);

  it('a lock held elsewhere is waited for only lock_timeout (55P03), and inside withLongTimeouts until it is released', async () => {
    const room = (await test.owner.query("select id, organisation_id from spaces where name = 'Salle commune Arc-en-Ciel'")).rows[0] as { id: string; organisation_id: string };
    const holder = new pg.Client({ connectionString: test.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from spaces where id = $1 for update', [room.id]);
      // What every booking of the space does first.
      const lockRow = (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => sql`select id from spaces where id = ${room.id} for update`.execute(tx);
      const t0 = Date.now();
      expect(await failure(withTenant(app.db, { orgId: room.organisation_id }, lockRow))).toBe('55P03');
      const waited = Date.now() - t0;
      expect(waited).toBeGreaterThanOrEqual(550);
      expect(waited).toBeLessThan(5000);
      // A long transaction waits; it gets the row once the holder lets go.
      const long = withLongTimeouts(LONG, () => withTenant(app.db, { orgId: room.organisation_id }, lockRow));
      await new Promise((r) => setTimeout(r, 1000));
      await holder.query('rollback');
      expect((await long).rows).toHaveLength(1);
    } finally {
      await holder.end();
    }
  }, 30_000);

  it('the owner pool (migrations, maintenance) has no timeout', async () => {
    const { rows } = await test.owner.query('show statement_timeout');
    expect(rows[0].statement_timeout).toBe('0');
  });
});
