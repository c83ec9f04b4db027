// `npm run bench [-- --quick | --scale national]`: landlord-scale data, Palier started as in production on
// a throwaway PostgreSQL, the machine's limit measured in the same run, results in bench/results/.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import pino from 'pino';
import { ALL_MIGRATIONS, MODULES } from '../src/modules.js';
import type { Services } from '../src/platform/http/env.js';
import { MFA_REQUIRED_ROLES } from '../src/platform/access/roles.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { newTotpSecret } from '../src/platform/auth/totp.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { openDatabase } from '../src/platform/db/database.js';
import { startEmbeddedServer } from '../src/platform/db/embedded-server.js';
import { migrate } from '../src/platform/db/migrator.js';
import { seedDemo } from '../src/seed/demo.js';
import { generate, SCALES } from './generate.js';
import { generateModules, MODULE_SCALES } from './generate-modules.js';
import { BENCHMARK_KEYS } from '../src/modules/impact/queries/benchmark.js';
import { drive } from './drive.js';
import { lighthouse, type LighthouseScore } from './lighthouse.js';
import { load } from './load.js';
import { measurePageWeight, type PageWeight } from './page-weight.js';
import { peakRssMb, signInCookie, startProcess, stopProcess } from './palier-process.js';
import { writeResults, type Scenario } from './report.js';
import { SOAKED, soak, writeSoak } from './soak.js';
import { holidayOn } from '../src/platform/calendar/holidays.js';

const argv = process.argv.slice(2);
// --soak: the bounded soak (bench/soak.ts) on quick data instead of the scenarios; --soak-minutes=N to try it shorter.
const soakMinutes = argv.includes('--soak') ? Number(argv.find((a) => a.startsWith('--soak-minutes='))?.slice('--soak-minutes='.length) ?? 10) : 0;
const quick = argv.includes('--quick') || soakMinutes > 0;
const scaleName = quick ? 'quick' : argv.includes('national') ? 'national' : 'landlord';
const seconds = quick ? 4 : 12;
// --only=TEXT runs the scenarios whose name contains TEXT (with the limit); --profile writes a V8 CPU
// profile of Palier to .bench-profile/ (open it in Chrome's DevTools) — both for finding a cause.
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const profile = argv.includes('--profile');
const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);
const PASSWORD = 'bench-password-2026';

/** Downloads a streamed response, counting rows and bytes, without keeping it in memory. */
async function timedDownload(url: string, cookie: string): Promise<{ status: number; rows: number; mb: number; seconds: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  let bytes = 0;
  let rows = 0;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const b of value) if (b === 10) rows++;
  }
  return { status: res.status, rows: Math.max(0, rows - 1), mb: Math.round(bytes / 1e5) / 10, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}

// Palier runs as production runs it: the compiled build (npm run build), not TypeScript on the fly.
say('building (npm run build)…');
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (!existsSync('dist/main.js')) throw new Error(`the build failed (exit ${build.status})`);

const dataDir = join(process.cwd(), '.bench-data');
rmSync(dataDir, { recursive: true, force: true });
const server = await startEmbeddedServer(dataDir, say);
const admin = openDatabase(server.url('postgres'));
await admin.owner.query('create database palier_bench');
await admin.close();
const url = server.url('palier_bench');
const database = openDatabase(url);
const children: Awaited<ReturnType<typeof startProcess>>[] = [];
try {
  await migrate(database.owner, ALL_MIGRATIONS);
  await seedDemo(database);
  say(`generating ${scaleName} data…`);
  const gen = await generate(database.owner, SCALES[scaleName]);
  say(`generated ${gen.dwellings} dwellings, ${gen.households} households in ${gen.seconds.toFixed(1)} s`);
  const org = (await database.owner.query("select id from organisations where slug = 'bench-landlord'")).rows[0].id;
  const household = (await database.owner.query('select id from households where organisation_id = $1 order by reference limit 1', [org])).rows[0].id;
  const hash = await hashPassword(PASSWORD);
  const totpSecret = newTotpSecret();
  const userIds: Record<string, string> = {};
  for (const role of ['resident', 'concierge', 'facilitator', 'social_adviser', 'org_admin']) {
    const email = `bench-${role}@example.org`;
    const u = await database.owner.query('insert into users (email, display_name, password_hash, totp_secret, totp_enabled) values ($1, $2, $3, $4, $5) returning id', [email, `Bench ${role}`, hash, totpSecret, (MFA_REQUIRED_ROLES as readonly string[]).includes(role)]);
    await database.owner.query('insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, $3, $4)', [org, u.rows[0].id, role, role === 'resident' ? household : null]);
    userIds[role] = u.rows[0].id;
  }
  const STORM_ROUNDS = quick ? 3 : 5;
  const seats = MODULE_SCALES[scaleName].seats;
  const modules = await generateModules(database.owner, org, MODULE_SCALES[scaleName], STORM_ROUNDS, userIds.social_adviser);
  const { targets } = modules;
  // One resident per coworking: bookings that share no space share no lock.
  const extraResidents: { email: string; spaceId: string; resourceId: string; householdId: string }[] = [];
  for (const [k, cw] of targets.coworkings.entries()) {
    if (k === 0 || !cw.householdId) continue;
    const email = `bench-resident-${k}@example.org`;
    const u = await database.owner.query('insert into users (email, display_name, password_hash) values ($1, $2, $3) returning id', [email, `Bench resident ${k}`, hash]);
    await database.owner.query("insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, 'resident', $3)", [org, u.rows[0].id, cw.householdId]);
    extraResidents.push({ email, spaceId: cw.spaceId, resourceId: cw.resourceId, householdId: cw.householdId });
  }
  say(`generated ${JSON.stringify(modules.counts)}`);
  const bookers = [household, ...extraResidents.map((x) => x.householdId)];
  /**
   * Days the bench residents book and cancel on: working days ahead, not the storm's, not public holidays
   * (the coworking is closed), and none on which one of them already holds a generated booking (their own
   * overlap is refused, 409) — the soak and the scenario must measure bookings, not refusals.
   */
  const bookingDays = async (ahead: number) =>
    (await database.owner.query<{ d: string }>(
      `select d::date::text as d from generate_series((now() at time zone 'Europe/Paris')::date + 1, (now() at time zone 'Europe/Paris')::date + $3::int, interval '1 day') d
        where extract(isodow from d) < 6 and not (d::date::text = any($1))
          and not exists (select 1 from space_bookings b where b.household_id = any($2::uuid[]) and b.status in ('pending', 'confirmed', 'offered')
                            and b.during && tstzrange((d::date + time '08:00') at time zone 'Europe/Paris', (d::date + time '20:00') at time zone 'Europe/Paris'))
        order by d`,
      [targets.stormDates, bookers, ahead],
    )).rows.map((r) => r.d).filter((d) => !holidayOn(d));
  // Dashboards read the summaries the nightly jobs compute (in their nightly order); production has run them by morning.
  const refreshStart = performance.now();
  const SUMMARY_JOBS = ['directory.refresh-figures', 'spaces.refresh-usage', 'impact.refresh-snapshots'];
  const jobs = MODULES.flatMap((m) => m.jobs ?? []);
  for (const name of SUMMARY_JOBS) {
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    await job.run({ services: { database } as Services, now: new Date(), log: pino({ level: 'warn' }) });
  }
  const refreshSeconds = Math.round((performance.now() - refreshStart) / 100) / 10;
  say(`nightly summaries (${SUMMARY_JOBS.join(', ')}) computed in ${refreshSeconds} s`);
  // For the network by landlord: the bench landlord joins the demo network and shares every benchmarked indicator.
  const networkId = (await database.owner.query("select id from organisations where slug = 'ar-hlm-paca'")).rows[0].id;
  await database.owner.query('insert into network_memberships (network_id, member_id) values ($1, $2)', [networkId, org]);
  await database.owner.query('insert into impact_network_shares (organisation_id, network_id, indicator_key) select $1, $2, k from unnest($3::text[]) k', [org, networkId, [...BENCHMARK_KEYS]]);
  await database.owner.query('create table bench_fortune (id int primary key, message text not null)');
  await database.owner.query("insert into bench_fortune select i, 'Fortune numéro ' || i || ' <script>alert(\"x\")</script>' from generate_series(1, 12) i");

  const limitPort = 39_871;
  const palierPort = 39_872;
  const limit = await startProcess(['--import', 'tsx', 'bench/limit-server.ts'], { DATABASE_URL: url, PORT: String(limitPort) }, `http://127.0.0.1:${limitPort}/`);
  children.push(limit);
  const palier = await startProcess([...(profile ? ['--cpu-prof', '--cpu-prof-dir=.bench-profile'] : []), 'dist/main.js'], { NODE_ENV: 'production', DATABASE_URL: url, PORT: String(palierPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, `http://127.0.0.1:${palierPort}/readyz`);
  children.push(palier);
  const base = `http://127.0.0.1:${palierPort}`;
  const resident = await signInCookie(base, 'bench-resident@example.org', PASSWORD);
  const concierge = await signInCookie(base, 'bench-concierge@example.org', PASSWORD, totpSecret);
  const facilitator = await signInCookie(base, 'bench-facilitator@example.org', PASSWORD, totpSecret);
  const adviser = await signInCookie(base, 'bench-social_adviser@example.org', PASSWORD, totpSecret);
  const admin = await signInCookie(base, 'bench-org_admin@example.org', PASSWORD, totpSecret);
  const demoResident = await signInCookie(base, 'resident@demo.palier.fr', DEMO_PASSWORD);
  const demoConcierge = await signInCookie(base, 'concierge@demo.palier.fr', DEMO_PASSWORD);
  if (soakMinutes > 0) {
    const residents = [{ cookie: resident, spaceId: targets.spaceId, resourceId: targets.resourceId }];
    for (const x of extraResidents) residents.push({ cookie: await signInCookie(base, x.email, PASSWORD), spaceId: x.spaceId, resourceId: x.resourceId });
    const dates = await bookingDays(60);
    const pages = [
      { path: '/', cookie: resident },
      { path: '/spaces', cookie: demoResident },
      { path: '/concierge', cookie: demoResident },
      { path: '/community', cookie: demoResident },
      { path: '/concierge/desk', cookie: demoConcierge },
      { path: '/admin/residences?page=3', cookie: concierge },
      { path: '/support/cases', cookie: adviser },
      { path: '/spaces/bookings', cookie: resident },
      { path: '/impact', cookie: facilitator },
    ];
    say(`soak: ${soakMinutes} min of mixed load (${pages.length} pages in turn at 100 req/s, ${residents.length} residents booking and cancelling)…`);
    const r = await soak({ base, pid: palier.pid as number, minutes: soakMinutes, pages, residents, dates, say });
    writeSoak(r, say);
    if (!r.passed) process.exitCode = 1;
    // The soak replaces the scenarios: straight to the clean-up below.
    throw SOAKED;
  }

  const scenarios: Scenario[] = [];
  const run = async (name: string, target: string, headers: Record<string, string> = {}, connections = 50) => {
    if (only && scenarios.length > 0 && !name.includes(only)) return;
    await load(target, { connections, seconds: 2, headers }); // warm-up
    const r = await load(target, { connections, seconds, headers });
    scenarios.push({ name, ...r, ratio_to_limit: 0 });
    say(`${name}: ${r.rps} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
  };
  await run('limit: node:http + pg fortunes', `http://127.0.0.1:${limitPort}/`);
  await run('health probe (no database)', `${base}/healthz`);
  await run('resident home (signed in)', `${base}/`, { cookie: resident });
  await run('staff: residences list, search', `${base}/admin/residences?q=Ville%2012`, { cookie: concierge });
  await run('staff: residences list, page 30', `${base}/admin/residences?page=30`, { cookie: concierge });
  await run('resident: spaces (Reims demo)', `${base}/spaces`, { cookie: demoResident });
  await run('resident: concierge catalogue (Reims demo)', `${base}/concierge`, { cookie: demoResident });
  await run('resident: community (Reims demo)', `${base}/community`, { cookie: demoResident });
  await run('concierge: work queue (Reims demo)', `${base}/concierge/desk`, { cookie: demoConcierge });
  await run('landlord dashboard (bench landlord)', `${base}/impact`, { cookie: facilitator }, 10);
  // The grouped views: each group's figures computed live over its residences (docs/impact-indicators.md).
  // The bench landlord has 4 residence types, one agency and one support programme (the administrator's view).
  await run('landlord dashboard by type (bench landlord)', `${base}/impact?group=type`, { cookie: facilitator }, 10);
  await run('landlord dashboard by agency (bench landlord)', `${base}/impact?group=agency`, { cookie: facilitator }, 10);
  await run('landlord dashboard by programme (bench landlord)', `${base}/impact?group=programme`, { cookie: admin }, 10);
  await run('network dashboard by landlord (bench landlord in the demo network)', `${base}/impact/network?network=${networkId}&group=landlord`, { cookie: admin }, 10);
  const day = targets.stormDates[0];
  await run('resident: space availability, a day (bench coworking)', `${base}/spaces/${targets.spaceId}?date=${day}`, { cookie: resident });
  await run('adviser: case list (bench landlord)', `${base}/support/cases`, { cookie: adviser });
  await run('resident: my bookings (bench landlord)', `${base}/spaces/bookings`, { cookie: resident });
  const bookingDates = (await bookingDays(40)).slice(0, 20);
  if (!only || 'booking create+cancel'.includes(only)) {
    const residents = [{ cookie: resident, spaceId: targets.spaceId, resourceId: targets.resourceId }];
    for (const x of extraResidents) residents.push({ cookie: await signInCookie(base, x.email, PASSWORD), spaceId: x.spaceId, resourceId: x.resourceId });
    await drive({ mode: 'uncontended', base, residents, dates: bookingDates.slice(10), starts: ['10:00', '12:00', '14:00', '16:00'], workers: 50, seconds: 2 }); // warm-up
    const r = await drive({ mode: 'uncontended', base, residents, dates: bookingDates.slice(0, 10), starts: ['10:00', '12:00', '14:00', '16:00'], workers: 50, seconds });
    const errors = Object.entries(r.statuses).filter(([k]) => k !== 'cancel 303').reduce((n, [, v]) => n + v, 0);
    scenarios.push({ name: `booking create+cancel, uncontended, ${residents.length} coworkings (ops/s)`, rps: r.ops_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, errors, non2xx: 0, requests: r.operations * 2, ratio_to_limit: 0 });
    say(`booking create+cancel: ${r.ops_per_s} ops/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${JSON.stringify(r.statuses)}`);
  }
  const storms: { date: string; statuses: Record<string, number>; seconds: number; p99_ms: number; confirmed: number; overlaps: number }[] = [];
  if (!only || 'booking storm'.includes(only)) {
    for (const date of targets.stormDates) {
      const households = (await database.owner.query<{ id: string }>(
        `select h.id from households h where h.organisation_id = $1 and not exists (
           select 1 from space_bookings b where b.household_id = h.id and b.during && tstzrange((($2::date + time '08:00') at time zone 'Europe/Paris'), (($2::date + time '10:00') at time zone 'Europe/Paris')))
         order by h.reference desc limit 200`,
        [org, date],
      )).rows.map((r) => r.id);
      const t0 = performance.now();
      const r = await drive({ mode: 'storm', base, cookie: facilitator, spaceId: targets.spaceId, resourceId: targets.resourceId, date, start: targets.stormStart, households });
      const check = (await database.owner.query(
        `select count(*) filter (where status = 'confirmed')::int as confirmed,
                (select count(*)::int from space_bookings a join space_bookings b on a.resource_id = b.resource_id and a.unit = b.unit and a.id < b.id and a.held && b.held
                  where a.resource_id = $1 and a.status in ('pending', 'confirmed', 'offered') and b.status in ('pending', 'confirmed', 'offered')) as overlaps
           from space_bookings where resource_id = $1 and during && tstzrange((($2::date + time '08:00') at time zone 'Europe/Paris'), (($2::date + time '10:00') at time zone 'Europe/Paris'))`,
        [targets.resourceId, date],
      )).rows[0];
      storms.push({ date, statuses: r.statuses, seconds: Math.round(performance.now() - t0) / 1000, p99_ms: r.p99_ms, confirmed: check.confirmed, overlaps: check.overlaps });
      say(`booking storm ${date}: ${JSON.stringify(r.statuses)}, confirmed in the slot ${check.confirmed} of ${seats}, overlaps ${check.overlaps}`);
    }
  }
  const exportRun = await timedDownload(`${base}/admin/export/dwellings`, admin);
  say(`CSV export of all dwellings: ${exportRun.rows} rows, ${exportRun.mb} MB in ${exportRun.seconds} s`);
  // Weight and Lighthouse: the demo resident's pages (Reims), whose data a resident really sees.
  let weights: PageWeight[] = [];
  const lighthouseScores: LighthouseScore[] = [];
  if (!only || 'page weight'.includes(only) || 'lighthouse'.includes(only)) {
    weights = await measurePageWeight(base, demoResident);
    for (const w of weights) say(`page weight ${w.path}: ${w.status}, ${w.requests} request(s), HTML ${w.html_bytes} B (${w.html_gzip_bytes} B gzip), JS ${w.js_gzip_bytes} B, CSS ${w.css_gzip_bytes} B`);
  }
  if (!only || 'lighthouse'.includes(only)) {
    const availability = weights.find((w) => /^\/spaces\/[0-9a-f]{8}-/.test(w.path))?.path;
    const event = weights.find((w) => w.path.startsWith('/community/events/'))?.path;
    for (const path of ['/', availability, event]) {
      if (!path) continue;
      const r = await lighthouse(base, path, demoResident);
      lighthouseScores.push(r);
      say(`lighthouse ${path}: performance ${r.performance}, accessibility ${r.accessibility}, LCP ${r.lcp_ms} ms, TBT ${r.tbt_ms} ms, below 0.9: ${r.failed_audits.join(', ') || 'none'}`);
    }
  }
  const limitRps = scenarios[0].rps;
  for (const s of scenarios) s.ratio_to_limit = Math.round((s.rps / limitRps) * 100) / 100;
  const rss = peakRssMb(palier.pid);
  say(`Palier peak RSS: ${rss} MB`);
  // A partial run (--only) is for investigating; it never replaces the recorded results.
  if (!only) writeResults({
    scale: scaleName,
    machine: { cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: (await database.owner.query('show server_version')).rows[0].server_version },
    data: { ...gen, ...modules.counts, generate_seconds: gen.seconds, modules_seconds: modules.counts.seconds },
    server_peak_rss_mb: rss,
    scenarios,
    extra: {
      csv_export_dwellings: exportRun,
      page_weight: weights,
      lighthouse_mobile: lighthouseScores,
      nightly_figures_seconds: refreshSeconds,
      booking_storms: {
        rounds: storms.length,
        exactly_one_each: storms.every((x) => x.confirmed === seats && x.overlaps === 0 && x.statuses['303'] === 1 && x.statuses['409'] === 199),
        statuses: storms.reduce<Record<string, number>>((all, x) => {
          for (const [k, v] of Object.entries(x.statuses)) all[k] = (all[k] ?? 0) + v;
          return all;
        }, {}),
        seconds_per_round: storms.map((x) => x.seconds),
        p99_ms: Math.max(0, ...storms.map((x) => x.p99_ms)),
      },
    },
  });
} catch (e) {
  if (e !== SOAKED) throw e;
} finally {
  for (const c of children) await stopProcess(c);
  await database.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
