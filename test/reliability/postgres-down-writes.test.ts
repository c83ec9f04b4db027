import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { Client, demo } from '../app.js';
import { killLeftovers, type Running, runTs, urlOf } from '../ops/spawn.js';
import { controlledPostgres } from './controlled-postgres.js';
import { heapGrown, heapSize } from './kill-points.js';
import { registerFiles } from './register-files.js';

// PostgreSQL stopped in immediate mode under writes that are not bookings (postgres-down covers those):
// concierge requests taken at the counter, then a dwellings import from the administration page, then
// the same import from the CLI. Meanwhile the app answers 503 (never 500, never a hang) and the CLI exits
// with an error; once PostgreSQL is back the app serves again by itself, every acknowledged request is
// there with its audit row, and each cut import left nothing and then imports whole.
const dir = join(process.cwd(), '.test-data', `pg-down-writes-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'palier-pg-down-writes-'));
const tag = Date.now().toString(36).toUpperCase();
const DWELLINGS = 10_000;

afterAll(async () => {
  await killLeftovers([dir]);
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}, 60_000);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** An answer, or 'hang' after `ms`, or 'cut' when the connection failed. */
async function within(ms: number, answer: Promise<Response>): Promise<{ status: number | 'hang' | 'cut'; text: string }> {
  const hang = pause(ms).then(() => ({ status: 'hang' as const, text: '' }));
  const done = answer.then(
    async (r) => ({ status: r.status, text: await r.text() }),
    () => ({ status: 'cut' as const, text: '' }),
  );
  return Promise.race([done, hang]);
}

describe('PostgreSQL stopped in immediate mode during non-booking writes and imports', () => {
  it('answers 503 meanwhile, recovers by itself, loses no acknowledged request, and a cut import leaves nothing and runs again', async () => {
    const postgres = await controlledPostgres(dir);
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('create database palier');
    await admin.end();
    const env = { DATABASE_URL: postgres.url('palier') };
    const app: Running = runTs('src/main.ts', [], { ...env, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'true' });
    const base = await urlOf(app, 240_000);
    const owner = new pg.Pool({ connectionString: postgres.url('palier'), max: 2 });
    owner.on('error', () => {});
    const q = async (text: string, args: unknown[] = []) => (await owner.query(text, args)).rows;
    const readyAgain = async () => {
      const restartedAt = Date.now();
      while (Date.now() - restartedAt < 60_000) {
        if ((await fetch(`${base}/readyz`)).status === 200) return Date.now() - restartedAt;
        await pause(200);
      }
      throw new Error('the app did not become ready again');
    };
    const client = async (role: string) => {
      const c = new Client({ request: (path, init) => fetch(`${base}${path}`, init) });
      expect((await c.signIn(demo(role))).status).toBe(303);
      return c;
    };

    // 1. Requests taken at the counter (subscribers without a pause, services anyone subscribed may get).
    const staff = await client('partner_staff');
    const subs = (await q("select s.id from concierge_subscriptions s where s.status = 'active' and not exists (select 1 from concierge_subscription_pauses p where p.subscription_id = s.id) order by s.dwelling_reference")).map((r) => r.id as string);
    const services = (await q("select id from concierge_catalogue where active and audience in ('subscribers', 'staff') order by code")).map((r) => r.id as string);
    expect(subs.length).toBeGreaterThan(1);
    expect(services.length).toBeGreaterThan(1);
    const wantedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + 10 * 86_400_000));
    const acknowledged: string[] = [];
    const statuses = { up: new Map<number | string, number>(), down: new Map<number | string, number>() };
    const other: string[] = [];
    let phase: 'up' | 'down' = 'up';
    let stop = false;
    let sent = 0;
    const worker = async () => {
      while (!stop) {
        const key = `pgw-${tag}-${sent++}`;
        const at = phase;
        const body = new URLSearchParams({ catalogueId: services[sent % services.length], quantity: '1', wantedOn, notes: '', idempotencyKey: key, _csrf: await staff.csrf() });
        const sid = subs[sent % subs.length];
        const r = await within(15_000, staff.request(`/concierge/desk/counter/${sid}/requests`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
        statuses[at].set(r.status, (statuses[at].get(r.status) ?? 0) + 1);
        if (r.status === 303) acknowledged.push(key);
        else if (r.status !== 503) other.push(`${at}: ${r.status} ${r.text.slice(0, 200)}`);
        if (phase === 'down') await pause(50);
      }
    };
    const waitFor = async (test: () => boolean, ms: number) => {
      for (let waited = 0; !test() && waited < ms; waited += 50) await pause(50);
    };
    const workers = Array.from({ length: 4 }, worker);
    await waitFor(() => acknowledged.length >= 8, 60_000);
    const ackedBeforeCrash = acknowledged.length;
    await postgres.crash();
    phase = 'down';
    await pause(3000);
    await postgres.restart();
    const recoveredMs = await readyAgain();
    phase = 'up';
    const ackedAtRecovery = acknowledged.length;
    await waitFor(() => acknowledged.length >= ackedAtRecovery + 8, 60_000);
    stop = true;
    await Promise.all(workers);
    const rows = await q(
      "select r.idempotency_key as key, exists (select 1 from audit_events e where e.action = 'concierge.request.submitted' and e.target_id = r.id::text) as audited from concierge_requests r where r.idempotency_key like $1",
      [`pgw-${tag}-%`],
    );
    const present = new Map(rows.map((r) => [r.key as string, r.audited as boolean]));
    const lost = acknowledged.filter((k) => !present.has(k));
    const unaudited = [...present].filter(([, audited]) => !audited).map(([k]) => k);
    const fmt = (m: Map<number | string, number>) => [...m].map(([s, n]) => `${n}×${s}`).join(', ');

    // 2. A dwellings import uploaded from the administration page, cut by the crash half-way.
    const f = registerFiles(work, `${tag}W`, 20, DWELLINGS);
    const cli = (args: string[], out: { write: (s: string) => void } = { write: () => {} }) =>
      runCli(args, { env: { LOG_LEVEL: 'warn', ...env }, out, err: { write: () => {} }, stdin: async () => '' });
    expect(await cli(['import', 'residences', f.residences, '--org', 'plurial-novilia'])).toBe(0);
    const ofFile = async (t: string) => (await q("select count(*)::int as n from dwellings where reference like $1", [`KD-${t}-%`]))[0].n as number;
    const importEvents = async () => (await q("select count(*)::int as n from audit_events where action = 'directory.import' and target_type = 'dwellings'"))[0].n as number;
    const eventsBefore = await importEvents();
    const administrator = await client('org_admin');
    const upload = async () => {
      const form = new FormData();
      form.set('_csrf', await administrator.csrf());
      form.set('kind', 'dwellings');
      form.set('file', new File([readFileSync(f.dwellings)], 'logements.csv', { type: 'text/csv' }));
      return administrator.request('/admin/import', { method: 'POST', body: form });
    };
    const heap = await heapSize(owner, 'dwellings');
    const cut = within(20_000, upload());
    const written = await heapGrown(owner, 'dwellings', heap, 256 * 1024, app);
    await postgres.crash();
    const during = await cut;
    await postgres.restart();
    const webRecoveredMs = await readyAgain();
    const leftByWeb = await ofFile(`${tag}W`);
    const eventsAfterCut = await importEvents();
    const again = await upload();
    const againText = await again.text();
    const importedByWeb = await ofFile(`${tag}W`);

    // 3. The CLI importing another file, cut the same way: it exits with an error, and then imports whole.
    const g = registerFiles(work, `${tag}C`, 20, DWELLINGS);
    expect(await cli(['import', 'residences', g.residences, '--org', 'plurial-novilia'])).toBe(0);
    const heapCli = await heapSize(owner, 'dwellings');
    const importer = runTs('src/cli.ts', ['import', 'dwellings', g.dwellings, '--org', 'plurial-novilia', '--json'], env);
    const writtenCli = await heapGrown(owner, 'dwellings', heapCli, 256 * 1024, importer);
    await postgres.crash();
    const exit = await Promise.race([importer.exited, pause(30_000).then(() => 'hang')]);
    await postgres.restart();
    await readyAgain();
    const leftByCli = await ofFile(`${tag}C`);
    let report = '';
    const rerun = await cli(['import', 'dwellings', g.dwellings, '--org', 'plurial-novilia', '--json'], { write: (s) => (report += s) });
    const importedByCli = await ofFile(`${tag}C`);
    const eventsAtEnd = await importEvents();

    process.stdout.write(
      `reliability/postgres-down-writes: counter requests: ${sent} sent; up ${fmt(statuses.up)}; while PostgreSQL was down ${fmt(statuses.down)}; ready again ${recoveredMs} ms after restart; ${acknowledged.length} acknowledged (${ackedBeforeCrash} before the crash), lost ${lost.length}, unaudited ${unaudited.length}. ` +
        `Web import cut after ${Math.round(written / 1024)} kB: answered ${during.status}, ready again in ${webRecoveredMs} ms, left ${leftByWeb} of ${DWELLINGS}, then ${importedByWeb} imported. ` +
        `CLI import cut after ${Math.round(writtenCli / 1024)} kB: exit ${exit}, left ${leftByCli}, then exit ${rerun} with ${importedByCli} imported\n`,
    );
    await owner.end();
    app.proc.kill('SIGTERM');
    await app.exited;

    expect(app.stderr()).not.toContain("Unhandled 'error' event");
    expect(other).toEqual([]);
    expect(statuses.down.get(503) ?? 0).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ackedAtRecovery + 8);
    expect(lost).toEqual([]);
    expect(unaudited).toEqual([]);
    expect(during.status).toBe(503);
    expect(during.text).toContain('Service momentanément indisponible');
    expect(leftByWeb).toBe(0);
    expect(eventsAfterCut).toBe(eventsBefore);
    expect(again.status).toBe(200);
    expect(againText).toContain(`${new Intl.NumberFormat('fr-FR').format(DWELLINGS)} lignes lues`);
    expect(importedByWeb).toBe(DWELLINGS);
    expect(exit).toBe(1);
    expect(importer.stderr()).toMatch(/^palier: /m);
    expect(leftByCli).toBe(0);
    expect(rerun).toBe(0);
    expect(JSON.parse(report)).toMatchObject({ rows: DWELLINGS, inserted: DWELLINGS, updated: 0, rejected: 0 });
    expect(importedByCli).toBe(DWELLINGS);
    expect(eventsAtEnd).toBe(eventsBefore + 2);
  }, 600_000);
});
