import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { APP_ROLE } from '../../src/platform/db/database.js';
import { startEmbeddedServer } from '../../src/platform/db/embedded-server.js';
import { testDatabase } from '../db.js';
import { snapshot } from './db-snapshot.js';

// `palier backup` of a database holding the demo organisations, `palier restore` of that file into an
// empty database: every table has the same number of rows and the same checksum of its rows, and
// row-level security is enabled and forced on the same tables with the same policies and rights for the
// application role — and behaves the same: as the application role, each organisation sees the same
// rows in the copy as in the original, and no organisation at all sees nothing.
// The format is the one the CLI picks (pg_dump when one as recent as the server is on PATH, else
// Palier's own, as with the embedded server); when it picked pg_dump, Palier's own format is tried too.
let database: Awaited<ReturnType<typeof testDatabase>>;
const work = mkdtempSync(join(tmpdir(), 'palier-backup-'));
const copies: string[] = [];
let orgIds: string[] = [];
let original: Awaited<ReturnType<typeof snapshot>>;
let originalSeen: Awaited<ReturnType<typeof seenByApp>>;

function urlFor(db: string): string {
  const u = new URL(inject('serverUrl'));
  u.pathname = `/${db}`;
  return u.toString();
}

async function onServer(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('serverUrl') });
  await c.connect();
  await c.query(text).finally(() => c.end());
}

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  for (const name of copies) await onServer(`drop database if exists "${name}" with (force)`);
  rmSync(work, { recursive: true, force: true });
});

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What the application role sees of every RLS table: with no organisation set, then as each organisation. */
async function seenByApp(url: string, orgIds: string[]) {
  const c = new pg.Client({ connectionString: url, options: `-c role=${APP_ROLE}` });
  await c.connect();
  try {
    const tables = (await c.query("select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity and has_table_privilege(c.oid, 'select') order by 1")).rows.map((r) => r.name as string);
    const seen: Record<string, number[]> = {};
    for (const t of tables) {
      seen[t] = [];
      for (const org of ['', ...orgIds]) {
        await c.query('begin');
        await c.query("select set_config('app.org_id', $1, true)", [org]);
        seen[t].push((await c.query(`select count(*)::int as n from ${ident(t)}`)).rows[0].n);
        await c.query('rollback');
      }
    }
    return seen;
  } finally {
    await c.end();
  }
}

/** The copy at `url` against the original: rows, checksums, RLS flags, policies, rights, and what the app role sees. */
async function sameAsOriginal(url: string, format: string) {
    const after = await snapshot(url);
    const differing = Object.keys(original.rows).filter((t) => JSON.stringify(original.rows[t]) !== JSON.stringify(after.rows[t]));
    expect(differing).toEqual([]);
    expect(Object.keys(after.rows)).toEqual(Object.keys(original.rows));
    expect(after.tables).toEqual(original.tables);
    expect(after.policies).toEqual(original.policies);
    expect(after.grants).toEqual(original.grants);
    // Every table under row-level security is forced (owners do not skip it), as in the original.
    const unforced = after.tables.filter((t) => t.rls && !t.forced).map((t) => t.name);
    expect(unforced).toEqual([]);
    const seen = await seenByApp(url, orgIds);
    expect(seen).toEqual(originalSeen);
    // The check is not empty: tenant tables hide everything without an organisation and show each its own.
    expect(seen.residences[0]).toBe(0);
    expect(seen.residences.slice(1).filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    const rows = Object.values(after.rows).reduce((s, r) => s + r.rows, 0);
    const forced = after.tables.filter((t) => t.forced).length;
    process.stdout.write(
      `reliability/backup-restore (${format}): ${after.tables.length} tables, ${rows} rows, counts and checksums equal; RLS forced on ${forced} tables with ${after.policies.length} policies, as the app role ${Object.keys(seen).length} tables × ${orgIds.length + 1} organisation settings seen alike\n`,
    );
}

async function palier(args: string[], url: string, env: Record<string, string> = { DATABASE_URL: url }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env: { LOG_LEVEL: 'warn', ...env }, out: { write: (s) => (stdout += s) }, err: { write: (s) => (stderr += s) }, stdin: async () => '' });
  return { code, stdout, stderr };
}

describe('backup → restore into an empty database', () => {
  it('gives every table the same rows (counts and checksums) and the same forced row-level security', async () => {
    orgIds = (await database.owner.query('select id from organisations order by slug')).rows.map((r) => r.id as string);
    original = await snapshot(database.url);
    originalSeen = await seenByApp(database.url, orgIds);
    const formats: string[] = [];
    for (const pgDumpAllowed of [true, false]) {
      const file = join(work, `palier-${pgDumpAllowed}.backup`);
      const path = process.env.PATH;
      // The second round hides the client tools, as on a machine without them (and for the embedded server).
      if (!pgDumpAllowed) process.env.PATH = '/nonexistent';
      const backup = await palier(['backup', file], database.url).finally(() => {
        process.env.PATH = path;
      });
      expect(backup.code).toBe(0);
      const format = /\((pg_dump custom format|Palier format)/.exec(backup.stdout)?.[1] as string;
      if (formats.includes(format)) break;
      formats.push(format);

      const copy = `${database.name}_copy_${formats.length}`;
      await onServer(`create database "${copy}"`);
      copies.push(copy);
      const restored = await palier(['restore', file, '--yes'], urlFor(copy));
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);

      await sameAsOriginal(urlFor(copy), format);
    }
    expect(formats).toContain('Palier format');
  }, 120_000);

  it('restores the same backup into a new embedded data directory (no DATABASE_URL) with the same rows and forced RLS', async () => {
    expect(original).toBeDefined();
    const file = join(work, 'palier-false.backup');
    const dir = join(work, 'embedded');
    const restored = await palier(['restore', file, '--yes'], '', { DATA_DIR: dir });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`the embedded database in ${dir}`);
    const server = await startEmbeddedServer(dir);
    try {
      await sameAsOriginal(server.url('palier'), 'Palier format, embedded');
    } finally {
      await server.stop();
    }
  }, 180_000);
});
