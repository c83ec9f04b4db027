import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ALL_MIGRATIONS } from '../../src/modules.js';
import { createMailer } from '../../src/platform/mail/mailer.js';
import { Client } from '../app.js';
import { testDatabase } from '../db.js';
import { runTs } from './spawn.js';
import { runCli } from '../../src/cli/main.js';

const work = mkdtempSync(join(tmpdir(), 'palier-cli-'));
const pendingDrops: string[] = [];

/** Runs a command in this process (a spawned one costs seconds of TypeScript loading on a busy machine). */
async function palier(args: string[], env: Record<string, string>, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { LOG_LEVEL: 'warn', ...env },
    out: { write: (s) => (stdout += s) },
    err: { write: (s) => (stderr += s) },
    stdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('serverUrl') });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

let db: Awaited<ReturnType<typeof testDatabase>>;
let client: () => Client;
beforeAll(async () => {
  db = await testDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const log = pino({ level: 'silent' });
  const app = buildApp({ config, database: db, log, mailer: createMailer({ from: config.mailFrom, log }), migrationIds: ALL_MIGRATIONS.map((m) => m.id) });
  client = () => new Client(app);
});

afterAll(async () => {
  for (const name of pendingDrops) await onServer(`drop database if exists "${name}" with (force)`);
  rmSync(work, { recursive: true, force: true });
});

describe('palier demo accounts', () => {
  it('prints the demo sign-ins as JSON in demo mode, and refuses outside it', async () => {
    // Once through the real entry point, as `npx palier` runs it.
    const run = runTs('src/cli.ts', ['demo', 'accounts', '--json'], { DATA_DIR: work });
    expect(await run.exited).toBe(0);
    const accounts = JSON.parse(run.stdout()) as { role: string; email: string; password: string; organisation: string }[];
    expect(accounts).toHaveLength(10);
    expect(accounts.find((a) => a.role === 'org_admin')).toMatchObject({ email: 'org-admin@demo.palier.fr', organisation: 'Plurial Novilia' });
    const prod = await palier(['demo', 'accounts'], { DATA_DIR: work, NODE_ENV: 'production' });
    expect(prod.code).toBe(2);
    expect(prod.stdout).toBe('');
    expect(prod.stderr).toContain('demo mode only');
  }, 120_000);

  it('answers wrong usage with exit code 2 and the help', async () => {
    const r = await palier(['frobnicate'], { DATA_DIR: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command: frobnicate');
    expect(r.stderr).toContain('db migrate');
  });
});

describe('palier db migrate', () => {
  it('migrates an empty database, then does nothing the second time', async () => {
    const name = `palier_t_${inject('runId')}_cli_${Date.now()}`;
    await onServer(`create database "${name}"`);
    pendingDrops.push(name);
    const url = new URL(inject('serverUrl'));
    url.pathname = `/${name}`;
    const first = await palier(['db', 'migrate'], { DATABASE_URL: url.toString() });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Applied ${ALL_MIGRATIONS.length} migration(s).\n`);
    const second = await palier(['db', 'migrate'], { DATABASE_URL: url.toString() });
    expect(second.stdout).toBe(`The database is up to date (${ALL_MIGRATIONS.length} migrations).\n`);
  });

  it('refuses, with exit code 2 and a clear message, a data directory that a running Palier holds', async () => {
    const dir = join(work, 'held');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // The process that started the tests stands for the running Palier: its pid is alive, and not ours.
    writeFileSync(join(dir, 'palier.lock'), String(process.ppid));
    const r = await palier(['db', 'migrate'], { DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`already used by a running Palier (process ${process.ppid})`);
    expect(r.stderr).toContain('stop Palier first, or point DATABASE_URL');
  });
});

describe('palier user create', () => {
  it('creates a person who can then sign in, without printing the password given on stdin', async () => {
    const password = 'un mot de passe assez long';
    const r = await palier(['user', 'create', '--email', 'Nouvelle.Gardienne@example.org', '--name', 'Nouvelle Gardienne', '--role', 'concierge', '--org', 'plurial-novilia', '--password-stdin'], { DATABASE_URL: db.url }, `${password}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Created nouvelle.gardienne@example.org: concierge in Plurial Novilia.\n');
    expect(`${r.stdout}${r.stderr}`).not.toContain(password);
    const browser = client();
    expect((await browser.signIn('nouvelle.gardienne@example.org', password)).status).toBe(303);
    const audited = await db.owner.query("select details->>'role' as role from audit_events where action = 'user.created' and details->>'via' = 'cli'");
    expect(audited.rows).toEqual([{ role: 'concierge' }]);
  });

  it('generates a password shown once when none is given, and refuses duplicates and unknown roles', async () => {
    const r = await palier(['user', 'create', '--email', 'gen@example.org', '--name', 'Généré', '--role', 'facilitator', '--org', 'logirem'], { DATABASE_URL: db.url });
    expect(r.code).toBe(0);
    const password = /Password \(shown once[^)]*\): (\S+)/.exec(r.stdout)?.[1] as string;
    expect(password).toHaveLength(20);
    expect((await client().signIn('gen@example.org', password)).status).toBe(303);
    const again = await palier(['user', 'create', '--email', 'gen@example.org', '--name', 'X', '--role', 'facilitator', '--org', 'logirem'], { DATABASE_URL: db.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const badRole = await palier(['user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'king', '--org', 'logirem'], { DATABASE_URL: db.url });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of');
  });
});

describe('palier export and import', () => {
  it('exports the residences as CSV, and importing that file again updates them without rejecting a row', async () => {
    const file = join(work, 'residences.csv');
    const out = await palier(['export', 'residences', '--org', 'plurial-novilia', '--out', file], { DATABASE_URL: db.url });
    expect(out.code).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('reference;nom');
    expect(csv).toContain('Réma’Vert');
    const back = await palier(['import', 'residences', file, '--org', 'plurial-novilia', '--json'], { DATABASE_URL: db.url });
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ rejected: 0, inserted: 0 });
  });
});

describe('palier backup and restore', () => {
  it('round-trips a database: what changed after the backup is undone by the restore', async () => {
    const file = join(work, 'palier.backup');
    const before = await db.owner.query('select name from residences order by id');
    const backup = await palier(['backup', file], { DATABASE_URL: db.url });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written to .*palier\.backup \((pg_dump custom format|Palier format)/);
    await db.owner.query("update residences set name = 'Changed after the backup'");
    await db.owner.query("insert into users (email, display_name) values ('after@example.org', 'After')");
    const refused = await palier(['restore', file], { DATABASE_URL: db.url });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('run again with --yes');
    // The test's own pools hold connections; the restore must not depend on having the database alone.
    const restored = await palier(['restore', file, '--yes'], { DATABASE_URL: db.url });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const after = await db.owner.query('select name from residences order by id');
    expect(after.rows).toEqual(before.rows);
    expect((await db.owner.query("select count(*)::int as n from users where email = 'after@example.org'")).rows[0].n).toBe(0);
    // Row-level security and the application role's rights came back too: a demo sign-in works.
    expect((await client().signIn('org-admin@demo.palier.fr')).status).toBe(303);
  });
});

describe('palier jobs', () => {
  it('lists every job with its schedule, runs one on demand, and refuses an unknown one', async () => {
    const list = await palier(['jobs', 'list'], { DATABASE_URL: db.url });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/platform\.deliver-notifications\s+\* \* \* \* \*\s+never run/);
    const run = await palier(['jobs', 'run', 'platform.purge-expired'], {
      DATABASE_URL: db.url,
    });
    expect(run).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^platform\.purge-expired done: \{"sessions":\d+,"codes":\d+,"notices":\d+\}\n$/),
    });
    const again = await palier(['jobs', 'list'], { DATABASE_URL: db.url });
    expect(again.stdout).toMatch(/platform\.purge-expired\s+15 3 \* \* \*\s+done 20/);
    const unknown = await palier(['jobs', 'run', 'nothing.here'], {
      DATABASE_URL: db.url,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown job: nothing.here');
  });
});
