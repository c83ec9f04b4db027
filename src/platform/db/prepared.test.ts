import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { type Database, openDatabase } from './database.js';
import { PREPARED_PER_CONNECTION, statementName } from './prepared.js';
import { withTenant } from './tenant.js';

// One connection, so every statement below meets the statements the earlier ones prepared.
let test: Awaited<ReturnType<typeof testDatabase>>;
let app: Database;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  test = await testDatabase();
  app = openDatabase(test.url, { max: 1 });
  const orgs = (await test.owner.query<{ id: string; slug: string }>("select id, slug from organisations where slug in ('plurial-novilia', 'logirep')")).rows;
  orgA = orgs.find((o) => o.slug === 'plurial-novilia')?.id as string;
  orgB = orgs.find((o) => o.slug === 'logirep')?.id as string;
});

afterAll(async () => {
  await app.close();
});

const prepared = async () =>
  (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(app.db)).rows;

describe('statements prepared once per connection', () => {
  it('names a parameterised statement by its text and runs it prepared the next time', async () => {
    const read = (reference: string) => withTenant(app.db, { orgId: orgA }, (tx) => tx.selectFrom('residences').select('reference').where('reference', '=', reference).execute());
    const [first] = (await test.owner.query<{ reference: string }>('select reference from residences where organisation_id = $1 order by reference limit 1', [orgA])).rows;
    expect(await read(first.reference)).toEqual([{ reference: first.reference }]);
    expect(await read(first.reference)).toEqual([{ reference: first.reference }]);
    const mine = (await prepared()).filter((p) => p.statement.includes('"residences"'));
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toBe(statementName(mine[0].statement));
  });

  it('keeps each organisation to its rows when one prepared statement serves both (row-level security read at execution)', async () => {
    const orgsSeen = (orgId: string) =>
      withTenant(app.db, { orgId }, async (tx) => new Set((await tx.selectFrom('dwellings').select('organisation_id').where('rooms', '>=', 0).limit(50).execute()).map((r) => r.organisation_id)));
    for (let i = 0; i < 7; i++) {
      // Past five runs PostgreSQL may switch to a generic plan: the policies must hold for it too.
      expect(await orgsSeen(i % 2 === 0 ? orgA : orgB)).toEqual(new Set([i % 2 === 0 ? orgA : orgB]));
    }
    const none = await app.db.selectFrom('dwellings').select('id').where('rooms', '>=', 0).limit(5).execute();
    expect(none).toEqual([]);
  });

  it('sends a text without parameters as before (several statements in one text still work)', async () => {
    const before = (await prepared()).length;
    await sql`select 1; select 2`.execute(app.db);
    expect((await prepared()).length).toBe(before);
  });

  it('stops naming new texts past the bound, and still answers them', async () => {
    const start = (await prepared()).length;
    for (let i = 0; i < PREPARED_PER_CONNECTION - start + 3; i++) {
      const r = await sql<{ n: number }>`select ${i}::int + ${sql.raw(String(i))} as n`.execute(app.db);
      expect(r.rows[0].n).toBe(2 * i);
    }
    expect((await prepared()).length).toBe(PREPARED_PER_CONNECTION);
  });

  it('can be turned off (DATABASE_PREPARED_STATEMENTS=false)', async () => {
    const plain = openDatabase(test.url, { max: 1, preparedStatements: false });
    try {
      await sql`select ${1}::int as n`.execute(plain.db);
      expect((await sql`select name from pg_prepared_statements`.execute(plain.db)).rows).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe('a table changed under a prepared statement', () => {
  it('fails that run once, then the text is sent unnamed and answers with the new shape', async () => {
    const own = openDatabase(test.url, { max: 1 });
    try {
      await test.owner.query('create table prepared_probe (id int primary key)');
      await test.owner.query('grant select on prepared_probe to palier_app');
      await test.owner.query('insert into prepared_probe values (1)');
      const read = () => sql<Record<string, unknown>>`select * from prepared_probe where id = ${1}`.execute(own.db);
      expect((await read()).rows).toEqual([{ id: 1 }]);
      await test.owner.query("alter table prepared_probe add column label text default 'x'");
      await expect(read()).rejects.toThrow(/cached plan must not change result type/);
      expect((await read()).rows).toEqual([{ id: 1, label: 'x' }]);
    } finally {
      await own.close();
      await test.owner.query('drop table if exists prepared_probe');
    }
  });
});

describe('an insert naming a partial unique index by a predicate with parameters', () => {
  it('is not prepared, so its seventh run still finds the index (a generic plan matches none)', async () => {
    const own = openDatabase(test.url, { max: 1 });
    try {
      await test.owner.query('create table conflict_probe (k int not null, status text not null)');
      await test.owner.query("create unique index conflict_probe_once on conflict_probe (k) where status in ('a', 'b')");
      await test.owner.query('grant select, insert on conflict_probe to palier_app');
      for (let i = 0; i < 8; i++) {
        await own.db.insertInto('conflict_probe').values({ k: 1, status: 'a' }).onConflict((oc) => oc.column('k').where('status', 'in', ['a', 'b']).doNothing()).execute();
      }
      expect((await test.owner.query('select count(*)::int as n from conflict_probe')).rows[0].n).toBe(1);
      expect((await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement ilike '%conflict_probe%'`.execute(own.db)).rows[0].n).toBe(0);
    } finally {
      await own.close();
      await test.owner.query('drop table if exists conflict_probe');
    }
  });
});
