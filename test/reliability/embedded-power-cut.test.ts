import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migration as appRole } from '../../src/platform/db/migrations/20261204000000_app_role.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { connect } from '../../src/start.js';

// A power cut loses what the operating system had not yet written to disk. We cannot cut the power in a
// test, so this proves what makes acknowledged commits survive one, on the embedded server exactly as the
// app starts it (`connect` of src/start.ts, the app's pools and options): fsync, synchronous_commit and
// full_page_writes on, a wal_sync_method valid on Linux, all at PostgreSQL's defaults (no flag, no
// configuration file, no ALTER SYSTEM and no session of the app changes them), data checksums on in the
// cluster initdb made — and, as behaviour, that each commit made the committing backend flush the WAL
// to disk (fsync counted by pg_stat_io), while the same commits with synchronous_commit off did not.
const dataDir = mkdtempSync(join(tmpdir(), 'palier-power-cut-'));
const DURABILITY = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method'];
let close: () => Promise<void> = async () => {};

afterAll(async () => {
  await close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Source files under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('embedded mode: what makes acknowledged commits survive a power cut', () => {
  it('runs with fsync, synchronous commit, full page writes and checksums, and flushes the WAL at each commit', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' });
    const { database, embedded } = await connect(config, pino({ level: 'warn' }));
    close = async () => {
      close = async () => {};
      await database.close();
      await embedded?.stop();
    };
    expect(embedded).not.toBeNull();
    // The application role the app's pools log in as (the first migration; the others do not matter here).
    await database.owner.query(appRole.sql);

    // The server's values and where they come from: PostgreSQL's compiled-in defaults.
    const settings = (await database.owner.query("select name, setting, source from pg_settings where name = any($1) order by name", [[...DURABILITY, 'data_checksums']])).rows;
    expect(settings).toEqual([
      { name: 'data_checksums', setting: 'on', source: 'default' },
      { name: 'fsync', setting: 'on', source: 'default' },
      { name: 'full_page_writes', setting: 'on', source: 'default' },
      { name: 'synchronous_commit', setting: 'on', source: 'default' },
      // Linux's default; valid values there: fdatasync, fsync, open_datasync, open_sync (not fsync_writethrough).
      { name: 'wal_sync_method', setting: 'fdatasync', source: 'default' },
    ]);
    // The cluster was initialised with page checksums (PostgreSQL 18's initdb default; Palier passes no flag against it).
    expect((await database.owner.query('select data_page_checksum_version as v from pg_control_init()')).rows[0].v).toBe(1);
    // Neither configuration file sets any of them (an ALTER SYSTEM would land in postgresql.auto.conf).
    for (const f of ['postgresql.conf', 'postgresql.auto.conf']) {
      const file = join(dataDir, 'pg', f);
      const active = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => DURABILITY.some((s) => new RegExp(`^\\s*${s}\\s*=`).test(l))) : [];
      expect(active, f).toEqual([]);
    }
    // The app's own sessions (application role, its pool's options, in a tenant transaction) see the same.
    const seen = await withTenant(database.db, { orgId: null }, async (tx) => {
      const out: Record<string, string> = {};
      for (const s of DURABILITY) out[s] = ((await sql<Record<string, string>>`select current_setting(${s}) as v`.execute(tx)).rows[0] as { v: string }).v;
      return out;
    });
    expect(seen).toEqual({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', wal_sync_method: 'fdatasync' });
    // And no source file could change them: no flag, no SET, no initdb option that skips syncing or checksums.
    const weakening = /synchronous_commit|full_page_writes|wal_sync_method|\bfsync\s*=|no-sync|no-data-checksums|data_checksums/;
    const found = sources(join(import.meta.dirname, '..', '..', 'src')).filter((f) => weakening.test(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);

    // Behaviour: each acknowledged commit was flushed by the committing backend itself (pg_stat_io's WAL fsyncs).
    const c = new pg.Client({ connectionString: (embedded as NonNullable<typeof embedded>).url('palier') });
    await c.connect();
    try {
      await c.query('create table power_cut_probe (n int)');
      const fsyncs = async () => {
        await c.query('select pg_stat_force_next_flush()');
        return Number((await c.query("select coalesce(sum(fsyncs), 0)::int as n from pg_stat_io where object = 'wal' and backend_type = 'client backend'")).rows[0].n);
      };
      const start = await fsyncs();
      for (let i = 0; i < 5; i++) await c.query('insert into power_cut_probe values ($1)', [i]);
      const synced = (await fsyncs()) - start;
      // The counter can tell: the same commits made with synchronous_commit off are not flushed by the backend.
      const before = await fsyncs();
      for (let i = 0; i < 5; i++) {
        await c.query('begin');
        await c.query('set local synchronous_commit = off');
        await c.query('insert into power_cut_probe values ($1)', [i]);
        await c.query('commit');
      }
      const unsynced = (await fsyncs()) - before;
      process.stdout.write(
        `reliability/embedded-power-cut: ${settings.map((s) => `${s.name}=${s.setting} (${s.source})`).join(', ')}, page checksums version 1; 5 commits → ${synced} WAL fsyncs by the backend, 5 with synchronous_commit off → ${unsynced}\n`,
      );
      expect(synced).toBeGreaterThanOrEqual(5);
      expect(unsynced).toBe(0);
    } finally {
      await c.end();
    }
    await close();
  }, 120_000);
});
