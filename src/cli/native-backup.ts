import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import type { Migration } from '../platform/db/migration.js';

/** First line of a Palier backup; pg_dump's custom format starts with "PGDMP" instead. */
export const NATIVE_MAGIC = 'palier-backup';

type Header = { format: typeof NATIVE_MAGIC; version: 1; createdAt: string; serverVersion: string; migrations: string[]; tables: { name: string; columns: string[]; rows: number }[] };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tablesOf(client: pg.PoolClient): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    select c.relname as name, array_agg(a.attname::text order by a.attnum) as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'palier_migrations'
    group by c.relname order by c.relname`);
  return rows;
}

/** Superusers and BYPASSRLS roles see every row; any other role would read tenant tables as empty. */
async function mustSeeEveryRow(client: pg.PoolClient, what: string): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>('select rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user');
  if (!rows[0]?.ok) throw new Error(`${what} needs a PostgreSQL role with SUPERUSER or BYPASSRLS: row-level security would hide the organisations' rows from any other role.`);
}

/**
 * Writes every table of the public schema as gzipped JSON lines, read in one snapshot
 * (REPEATABLE READ), with the migrations that made the schema. Used when no pg_dump matching the
 * server is at hand, as for the embedded server, whose package ships no client tools.
 */
export async function nativeBackup(owner: pg.Pool, file: string): Promise<{ tables: number; rows: number }> {
  const client = await owner.connect();
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let total = 0;
  try {
    await mustSeeEveryRow(client, 'A backup');
    await client.query('begin isolation level repeatable read read only');
    // Fails loudly instead of silently skipping rows if a policy would apply.
    await client.query('set local row_security = off');
    const migrations = (await client.query<{ id: string }>('select id from palier_migrations order by id')).rows.map((r) => r.id);
    const serverVersion = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0].v;
    const tables = await tablesOf(client);
    const counted = [];
    for (const t of tables) counted.push({ ...t, rows: Number((await client.query(`select count(*) as n from ${ident(t.name)}`)).rows[0].n) });
    const header: Header = { format: NATIVE_MAGIC, version: 1, createdAt: new Date().toISOString(), serverVersion, migrations, tables: counted };
    await write(JSON.stringify(header));
    for (const t of tables) {
      // A table starts with an array line; rows are objects, so the two never mix up.
      await write(JSON.stringify(['table', t.name]));
      await client.query(`declare rows_cursor no scroll cursor for select to_jsonb(x) as r from ${ident(t.name)} x`);
      for (;;) {
        const { rows } = await client.query<{ r: unknown }>('fetch 2000 from rows_cursor');
        if (rows.length === 0) break;
        for (const row of rows) await write(JSON.stringify(row.r));
        total += rows.length;
      }
      await client.query('close rows_cursor');
    }
    await client.query('commit');
    gzip.end();
    await done;
    return { tables: tables.length, rows: total };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    gzip.destroy();
    throw e;
  } finally {
    client.release();
  }
}

/** What a backup file is, from its first bytes: pg_dump's custom format, gzip (a Palier backup), or neither. */
export function backupFormat(file: string): 'pg_dump' | 'native' | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    if (head.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'native';
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The header of a Palier backup; null when the file is gzip but not one of ours. */
export async function nativeHeader(file: string): Promise<Header | null> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  try {
    for await (const line of lines) {
      const h = JSON.parse(line) as Header;
      return h.format === NATIVE_MAGIC ? h : null;
    }
  } catch {
    return null;
  } finally {
    lines.close();
  }
  return null;
}

async function flush(client: pg.PoolClient, table: string, columns: string[], batch: unknown[]): Promise<void> {
  if (batch.length === 0) return;
  const cols = columns.map(ident).join(', ');
  await client.query(`insert into ${ident(table)} (${cols}) overriding system value select ${cols} from jsonb_populate_recordset(null::${ident(table)}, $1::jsonb)`, [JSON.stringify(batch)]);
  batch.length = 0;
}

/**
 * Replaces the database's content with a native backup, in one transaction: the public schema is
 * rebuilt by the backup's own migrations, then filled, sequences moved past the restored ids.
 * Anything failing leaves the database as it was.
 */
export async function nativeRestore(owner: pg.Pool, file: string, migrations: Migration[]): Promise<{ tables: number; rows: number }> {
  const header = await nativeHeader(file);
  if (!header) throw new Error(`${file} is not a Palier backup.`);
  const known = new Map(migrations.map((m) => [m.id, m]));
  const unknown = header.migrations.filter((id) => !known.has(id));
  if (unknown.length) throw new Error(`This backup comes from a newer Palier (unknown migrations: ${unknown.join(', ')}). Restore it with that version.`);
  const client = await owner.connect();
  let total = 0;
  try {
    await mustSeeEveryRow(client, 'A restore');
    await client.query('begin');
    await client.query('drop schema if exists public cascade');
    await client.query('create schema public');
    await client.query('create table palier_migrations (id text primary key, applied_at timestamptz not null default now())');
    for (const id of [...header.migrations].sort()) {
      await client.query((known.get(id) as Migration).sql);
      await client.query('insert into palier_migrations (id) values ($1)', [id]);
    }
    // Rows go in table by table: foreign keys and triggers are checked by the source, not again here.
    await client.query("set local session_replication_role = 'replica'");
    const columns = new Map(header.tables.map((t) => [t.name, t.columns]));
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
    let table: string | null = null;
    const batch: unknown[] = [];
    let first = true;
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      const value = JSON.parse(line) as unknown;
      if (Array.isArray(value)) {
        if (table) await flush(client, table, columns.get(table) as string[], batch);
        table = String(value[1]);
        if (!columns.has(table)) throw new Error(`${file} is damaged: table ${table} is not in its header.`);
        continue;
      }
      batch.push(value);
      total++;
      if (batch.length >= 1000 && table) await flush(client, table, columns.get(table) as string[], batch);
    }
    if (table) await flush(client, table, columns.get(table) as string[], batch);
    const { rows: seqs } = await client.query<{ t: string; c: string; s: string }>(`
      select table_name as t, column_name as c, pg_get_serial_sequence(quote_ident(table_name), column_name) as s
      from information_schema.columns where table_schema = 'public' and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`);
    for (const q of seqs) await client.query(`select setval($1, coalesce((select max(${ident(q.c)}) from ${ident(q.t)}), 0) + 1, false)`, [q.s]);
    await client.query('commit');
    return { tables: header.tables.length, rows: total };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
