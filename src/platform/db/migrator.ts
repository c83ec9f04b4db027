import type pg from 'pg';
import type { Migration } from './migration.js';

// Any number will do as long as it is constant: it serialises concurrent starts on one database.
const MIGRATION_LOCK = 7_210_451;

/** Applies, in id order, the migrations not yet recorded; each in its own transaction. Returns the ids applied. */
export async function migrate(owner: pg.Pool, migrations: Migration[]): Promise<string[]> {
  const sorted = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set<string>();
  for (const m of sorted) {
    if (ids.has(m.id)) throw new Error(`Two migrations share the id ${m.id}`);
    ids.add(m.id);
  }
  const client = await owner.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('create table if not exists palier_migrations (id text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await client.query<{ id: string }>('select id from palier_migrations')).rows.map((r) => r.id));
    for (const m of sorted) {
      if (done.has(m.id)) continue;
      try {
        await client.query('begin');
        await client.query(m.sql);
        await client.query('insert into palier_migrations (id) values ($1)', [m.id]);
        await client.query('commit');
        applied.push(m.id);
      } catch (e) {
        await client.query('rollback');
        throw new Error(`Migration ${m.id} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}

/** The ids of migrations known to the code but not yet applied (for /readyz). */
export async function pendingMigrations(owner: pg.Pool, migrations: Migration[]): Promise<string[]> {
  const r = await owner.query<{ id: string }>("select id from palier_migrations").catch(() => ({ rows: [] as { id: string }[] }));
  const done = new Set(r.rows.map((x) => x.id));
  return migrations.map((m) => m.id).filter((id) => !done.has(id));
}
