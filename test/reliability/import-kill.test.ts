import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { refreshResidenceMonths, summaryMonths } from '../../src/modules/directory/commands/refresh-residence-months.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';
import { heapGrown, heapSize, rolledBack } from './kill-points.js';
import { registerFiles } from './register-files.js';

// A dwellings import (one transaction for the whole file) cut by SIGKILL half-way, twice: the CLI
// process, then the server during an upload from the administration page. After each kill none of the
// file is there (no dwelling, no building, no audit event, the monthly summary untouched); after the
// restart the same file imports whole, and importing it again updates every row and creates nothing.
let database: Awaited<ReturnType<typeof testDatabase>>;
const work = mkdtempSync(join(tmpdir(), 'palier-import-kill-'));
const RESIDENCES = 40;
const DWELLINGS = 15_000;
const tag = Date.now().toString(36).toUpperCase();

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
  rmSync(work, { recursive: true, force: true });
});

/** The register files: residences first (committed before the kills), then the dwellings that name them. */
const files = () => registerFiles(work, tag, RESIDENCES, DWELLINGS);

const one = async (text: string, args: unknown[] = []) => (await database.owner.query(text, args)).rows[0];

/** What of this file is visible: dwellings, their buildings, import audit events, summary dwellings. */
async function visible() {
  return {
    dwellings: (await one('select count(*)::int as n from dwellings where reference like $1', [`KD-${tag}-%`])).n as number,
    buildings: (await one('select count(*)::int as n from buildings where reference like $1', [`KR-${tag}-%`])).n as number,
    imports: (await one("select count(*)::int as n from audit_events where action = 'directory.import' and target_type = 'dwellings'")).n as number,
    summarised: (await one("select coalesce(sum(m.dwellings), 0)::int as n from residence_months m join residences r on r.id = m.residence_id where r.reference like $1 and m.month = date_trunc('month', now() at time zone 'Europe/Paris')::date", [`KR-${tag}-%`])).n as number,
  };
}

describe('SIGKILL during a dwellings import', () => {
  it('keeps none of the file after a kill of the CLI or of the server, and the file then imports whole, twice', async () => {
    const f = files();
    const env = { DATABASE_URL: database.url };
    const cli = (args: string[]) => runCli(args, { env: { LOG_LEVEL: 'warn', ...env }, out: { write: () => {} }, err: { write: () => {} }, stdin: async () => '' });
    // The monthly summary exists (as after the nightly job), so an import also refreshes it in its transaction.
    expect(await cli(['import', 'residences', f.residences, '--org', 'plurial-novilia'])).toBe(0);
    const orgId = (await one("select id from organisations where slug = 'plurial-novilia'")).id as string;
    await withTenant(database.db, { orgId }, (tx) => refreshResidenceMonths(tx, orgId, summaryMonths(new Date())));
    const before = await visible();
    expect(before).toMatchObject({ dwellings: 0, buildings: 0 });
    const kills: string[] = [];

    // 1. The CLI process, once the import has written at least 256 kB of dwellings and a random moment more.
    const heap0 = await heapSize(database.owner, 'dwellings');
    const importer = runTs('src/cli.ts', ['import', 'dwellings', f.dwellings, '--org', 'plurial-novilia', '--json'], env);
    const written = await heapGrown(database.owner, 'dwellings', heap0, 256 * 1024, importer);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
    importer.proc.kill('SIGKILL');
    expect(await importer.exited).toBe('SIGKILL');
    kills.push(`CLI after ${Math.round(written / 1024)} kB written`);
    await rolledBack(database.owner);
    expect(await visible()).toEqual(before);

    // 2. The server, during the same file uploaded from Administration → Importer le patrimoine.
    const serverEnv = { ...env, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false' };
    let app = runTs('src/main.ts', [], serverEnv);
    let base = await urlOf(app);
    const admin = new Client({ request: (path, init) => fetch(`${base}${path}`, init) });
    expect((await admin.signIn(demo('org_admin'))).status).toBe(303);
    const upload = async () => {
      const form = new FormData();
      form.set('_csrf', await admin.csrf());
      form.set('kind', 'dwellings');
      form.set('file', new File([readFileSync(f.dwellings)], 'logements.csv', { type: 'text/csv' }));
      return admin.request('/admin/import', { method: 'POST', body: form });
    };
    const heap1 = await heapSize(database.owner, 'dwellings');
    const cut = upload().then(
      (r) => `answered ${r.status}`,
      () => 'cut',
    );
    const writtenWeb = await heapGrown(database.owner, 'dwellings', heap1, 256 * 1024, app);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
    app.proc.kill('SIGKILL');
    expect(await app.exited).toBe('SIGKILL');
    expect(await cut).toBe('cut');
    kills.push(`server after ${Math.round(writtenWeb / 1024)} kB written`);
    await rolledBack(database.owner);
    expect(await visible()).toEqual(before);

    // 3. After the restart, the same upload imports every row; the import runs again as updates only.
    app = runTs('src/main.ts', [], serverEnv);
    base = await urlOf(app);
    const whole = await upload();
    const html = await whole.text();
    expect(whole.status).toBe(200);
    expect(html).toContain(`${new Intl.NumberFormat('fr-FR').format(DWELLINGS)} lignes lues`);
    const after = await visible();
    expect(after).toEqual({ dwellings: DWELLINGS, buildings: RESIDENCES * 3, imports: before.imports + 1, summarised: DWELLINGS });
    const perResidence = (await database.owner.query('select r.reference, count(d.id)::int as n from residences r left join dwellings d on d.residence_id = r.id where r.reference like $1 group by r.reference', [`KR-${tag}-%`])).rows;
    expect(new Map(perResidence.map((r) => [r.reference as string, r.n as number]))).toEqual(f.perResidence);
    const rent = (await one('select sum(rent_cents)::bigint as n from dwellings where reference like $1', [`KD-${tag}-%`])).n;
    expect(Number(rent)).toBe(f.rentCents);
    const audited = await one("select details from audit_events where action = 'directory.import' and target_type = 'dwellings' order by id desc limit 1");
    expect(audited.details).toMatchObject({ via: 'web', rows: DWELLINGS, inserted: DWELLINGS, updated: 0, rejected: 0 });

    let again = '';
    expect(await runCli(['import', 'dwellings', f.dwellings, '--org', 'plurial-novilia', '--json'], { env: { LOG_LEVEL: 'warn', ...env }, out: { write: (s) => (again += s) }, err: { write: () => {} }, stdin: async () => '' })).toBe(0);
    expect(JSON.parse(again)).toMatchObject({ rows: DWELLINGS, inserted: 0, updated: DWELLINGS, rejected: 0 });
    expect(await visible()).toEqual({ ...after, imports: after.imports + 1 });
    app.proc.kill('SIGTERM');
    await app.exited;
    process.stdout.write(`reliability/import-kill: ${kills.length} SIGKILLs mid-import (${kills.join('; ')}); after each 0 of ${DWELLINGS} dwellings, 0 buildings, no audit event; then ${after.dwellings} imported whole and re-imported as ${DWELLINGS} updates\n`);
  }, 240_000);
});
