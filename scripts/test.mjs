#!/usr/bin/env node
// The whole test suite, as README and CI run it: once on the embedded PostgreSQL, once on a
// PostgreSQL server (TEST_DATABASE_URL; in CI the machine's own at 127.0.0.1:5432), browser
// journeys included (once, on the embedded server). In CI (CI=true) a missing browser or server fails; locally it is said and skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);
const say = (m) => process.stdout.write(`\n[palier test] ${m}\n`);
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(chromium);
if (!haveBrowser) {
  if (ci) {
    say(`FAIL: no Chromium at ${chromium}. CI must run the browser tests: apt-get install -y chromium, or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  say(`SKIPPED the browser tests (e2e/): no Chromium at ${chromium}. Install it with "apt-get install chromium", or set CHROMIUM_PATH.`);
}

async function reachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on('error', () => {});
  try {
    await c.connect();
    const r = await c.query('show server_version');
    await c.end();
    return r.rows[0].server_version;
  } catch (e) {
    return null;
  }
}

const runs = [{ name: 'embedded PostgreSQL', env: { TEST_DATABASE_URL: '' }, browser: true }];
const serverUrl = process.env.TEST_DATABASE_URL || (ci ? 'postgres://postgres@127.0.0.1:5432/postgres' : '');
if (serverUrl) {
  const version = await reachable(serverUrl);
  if (!version) {
    say(`FAIL: the PostgreSQL server at ${serverUrl.replace(/:[^:@/]*@/, ':***@')} does not answer.`);
    process.exit(1);
  }
  // The browser journeys test pages, not SQL: they run once, on the embedded server.
  runs.push({ name: `PostgreSQL ${version} server`, env: { TEST_DATABASE_URL: serverUrl }, browser: false });
} else {
  say('Only the embedded PostgreSQL run: set TEST_DATABASE_URL=postgres://… to run the suite on a PostgreSQL server too.');
}

// These start and stop a PostgreSQL of their own, whatever TEST_DATABASE_URL says: once is enough.
const OWN_POSTGRES = ['test/reliability/postgres-down.test.ts', 'test/reliability/embedded-kill.test.ts'];

const results = [];
for (const run of runs) {
  say(`run on the ${run.name}`);
  const args = [vitest, 'run', ...(haveBrowser && run.browser ? [] : ['--exclude', 'e2e/**']), ...(run.env.TEST_DATABASE_URL ? OWN_POSTGRES.flatMap((f) => ['--exclude', f]) : []), ...extraArgs];
  const env = { ...process.env, ...run.env };
  if (!run.env.TEST_DATABASE_URL) delete env.TEST_DATABASE_URL;
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  results.push({ name: run.name, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}
say(results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} on the ${r.name} (${r.seconds} s)`).join('\n[palier test] '));
process.exit(results.every((r) => r.ok) ? 0 : 1);
