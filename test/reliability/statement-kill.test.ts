import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousPeriod } from '../../src/modules/concierge/jobs/monthly-run.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, type Running, runTs, urlOf } from '../ops/spawn.js';
import { rolledBack, sequenceAdvanced, sequenceValue } from './kill-points.js';
import { billingMonths, shiftPeriod, statementFacts } from './statement-load.js';

// The concierge's monthly statement run (one transaction per desk: per subscriber, per landlord, per
// provider) cut by SIGKILL at random points, from the staff's "issue the month" page twice, then
// from the scheduled job once. After each kill the month holds nothing of the cut run; the run started
// again (the page sent again, the job's slot at the next start) issues the month whole: each party's
// statement once, its lines summing to its totals, numbers without gap or duplicate, an audit row each.
let database: Awaited<ReturnType<typeof testDatabase>>;
const SUBSCRIBERS = 300;
const LINES = 'concierge_statement_lines_id_seq';

beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

afterAll(async () => {
  await killLeftovers([]);
});

const env = (jobs: boolean) => ({ DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: String(jobs), NODE_ENV: 'development', DEMO: 'false' });
const began = Date.now();
const say = (m: string) => process.env.RELIABILITY_TRACE && process.stderr.write(`[statement-kill ${((Date.now() - began) / 1000).toFixed(1)} s] ${m}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function staffOn(base: string): Promise<Client> {
  const client = new Client({ request: (path, init) => fetch(`${base}${path}`, init) });
  expect((await client.signIn(demo('partner_staff'))).status).toBe(303);
  return client;
}

/** The page's "issue the month": the status and the number of statements it says it issued. */
async function runMonth(staff: Client, period: string) {
  const res = await staff.post('/concierge/desk/statements/run', { period });
  await res.arrayBuffer();
  return { status: res.status, issued: Number(new URL(res.headers.get('location') ?? '/', 'http://x').searchParams.get('issued') ?? Number.NaN) };
}

async function killed(app: Running) {
  app.proc.kill('SIGKILL');
  expect(await app.exited).toBe('SIGKILL');
  await rolledBack(database.owner);
}

describe('SIGKILL during the concierge monthly statement run', () => {
  it('issues each month whole and once after kills of the page’s run and of the scheduled job', async () => {
    const jobPeriod = previousPeriod(new Date());
    const pagePeriods = [shiftPeriod(jobPeriod, -2), shiftPeriod(jobPeriod, -1)];
    const all = [...pagePeriods, jobPeriod];
    const f = await billingMonths(database.owner, SUBSCRIBERS, all);
    say('fixtures');
    const expected = f.perMonth;
    const count = async (period: string) => ((await statementFacts(database.owner, f, [period])).perPeriod[0]?.statements as number | undefined) ?? 0;
    const acknowledged: { period: string; issued: number }[] = [];
    const kills: string[] = [];

    // 1. The page: each month's run is cut at a random point (a random share of its lines written), then
    // sent again after the restart — the cut month first, then the next one, which the next kill cuts.
    for (let round = 0; round <= pagePeriods.length; round++) {
      const app = runTs('src/main.ts', [], env(false));
      const staff = await staffOn(await urlOf(app));
      say(`round ${round}: signed in`);
      if (round > 0) {
        const resumed = await runMonth(staff, pagePeriods[round - 1]);
        expect(resumed).toEqual({ status: 303, issued: expected.statements });
        acknowledged.push({ period: pagePeriods[round - 1], issued: resumed.issued });
        say(`round ${round}: resumed ${pagePeriods[round - 1]}`);
      }
      if (round === pagePeriods.length) {
        // Every month again: nothing new, nothing twice.
        for (const period of pagePeriods) expect(await runMonth(staff, period)).toEqual({ status: 303, issued: 0 });
        app.proc.kill('SIGTERM');
        await app.exited;
        break;
      }
      const period = pagePeriods[round];
      const start = await sequenceValue(database.owner, LINES);
      const answer = runMonth(staff, period).then(
        (r) => `answered ${r.status}`,
        () => 'cut',
      );
      const share = 0.02 + Math.random() * 0.93;
      const written = await sequenceAdvanced(database.owner, LINES, start, Math.ceil(share * expected.lines), app);
      say(`round ${round}: ${written} lines written`);
      await killed(app);
      expect(await answer).toBe('cut');
      kills.push(`page run of ${period} after ${written} of ${expected.lines} lines`);
      expect(await count(period)).toBe(0);
    }

    // 2. The scheduled job (the first of the month's slot, at the start): cut, then resumed by the next start.
    await database.owner.query("delete from job_runs where job = 'concierge.monthly-run'");
    const start = await sequenceValue(database.owner, LINES);
    let app = runTs('src/main.ts', [], env(true));
    const share = 0.02 + Math.random() * 0.9;
    const written = await sequenceAdvanced(database.owner, LINES, start, Math.ceil(share * expected.lines), app);
    say(`job: ${written} lines written`);
    await killed(app);
    kills.push(`scheduled job (${jobPeriod}) after ${written} of ${expected.lines} lines`);
    const jobRun = async () => (await database.owner.query("select outcome, result from job_runs where job = 'concierge.monthly-run'")).rows[0];
    expect(await jobRun()).toMatchObject({ outcome: 'running' });
    expect(await count(jobPeriod)).toBe(0);
    app = runTs('src/main.ts', [], env(true));
    await urlOf(app);
    say('job: restarted');
    let run = await jobRun();
    for (const began = Date.now(); run?.outcome === 'running' && Date.now() - began < 60_000; run = await jobRun()) await pause(200);
    app.proc.kill('SIGTERM');
    await app.exited;
    expect(run, 'the monthly job cut by the kill is resumed by the next start').toMatchObject({ outcome: 'done' });
    expect(run.result.statements).toBeGreaterThanOrEqual(expected.statements);

    // 3. What the months hold.
    const facts = await statementFacts(database.owner, f, all);
    const n = facts.numbers;
    process.stdout.write(
      `reliability/statement-kill: ${kills.length} SIGKILLs survived mid-run (${kills.join('; ')}); after each 0 statements of the month; ${acknowledged.length} page runs acknowledged, then the job resumed; ${all.length} months × ${expected.statements} statements + ${expected.payouts} payouts verified (${facts.perPeriod.reduce((s, p) => s + (p.statements as number), 0)} statements, ${all.length * expected.lines} lines): duplicates ${facts.checks.duplicates}, unbalanced ${facts.checks.unbalanced}, unaudited ${facts.checks.unaudited}, requests not billed once ${facts.checks.requests_not_billed_once}; numbers 1..${n.statement_counter} for ${n.statements} statements, 1..${n.payout_counter} for ${n.payouts} payouts\n`,
    );
    expect(facts.perPeriod).toEqual(
      all.map((period) => ({ period, statements: expected.statements, households: SUBSCRIBERS, household_gross: expected.householdGrossCents, landlord_gross: expected.landlordGrossCents })),
    );
    expect(facts.checks).toEqual({ duplicates: 0, without_lines: 0, unbalanced: 0, unaudited: 0, requests_not_billed_once: 0 });
    expect(facts.payouts).toEqual(all.map((period) => ({ period, n: expected.payouts, unbalanced: 0, unaudited: 0, lines: expected.requests })));
    expect(n).toMatchObject({
      statements: n.statement_counter,
      statement_numbers: n.statement_counter,
      statement_min: 1,
      statement_max: n.statement_counter,
      payouts: n.payout_counter,
      payout_numbers: n.payout_counter,
      payout_min: 1,
      payout_max: n.payout_counter,
      orphan_audits: 0,
    });
  }, 600_000);
});
