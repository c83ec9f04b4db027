import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { JobDefinition } from './job.js';
import { runDueJobs } from './scheduler.js';

// A slot whose run was cut by a crash (SIGKILL, power cut) used to stay 'running' for ever: its claim
// row blocked every later pass, so e.g. the month's concierge statements were never issued by the job
// (found by test/reliability/statement-kill.test.ts). The claimant's session lock now tells a live run
// from a dead one.
const t = await testApp();
const q = async (text: string, args: unknown[] = []) => (await t.database.owner.query(text, args)).rows;

function counting(name: string): JobDefinition & { calls: number } {
  const job = {
    name,
    schedule: '0 7 * * *',
    description: 'test',
    calls: 0,
    run: async () => {
      job.calls++;
      return { done: 1 };
    },
  };
  return job;
}

describe('a slot left running', () => {
  const now = new Date('2026-12-04T09:00:00Z');
  const slot = new Date('2026-12-04T06:00:00Z');

  it('is run again when the process that claimed it is gone', async () => {
    const job = counting('test.cut-by-crash');
    await q('insert into job_runs (job, scheduled_for, started_at) values ($1, $2, $3)', [job.name, slot, new Date('2026-12-04T06:00:01Z')]);
    const outcomes = await runDueJobs(t.services, [job], now);
    expect(outcomes).toMatchObject([{ job: job.name, outcome: 'done', result: { done: 1 } }]);
    expect(job.calls).toBe(1);
    expect(await q('select outcome, finished_at is not null as finished from job_runs where job = $1', [job.name])).toEqual([{ outcome: 'done', finished: true }]);
    // Done is done: no third run.
    expect(await runDueJobs(t.services, [job], now)).toEqual([]);
    expect(job.calls).toBe(1);
  });

  it('is left alone while its claimant is alive (holds the slot’s lock), and run once it dies', async () => {
    const job = counting('test.still-running');
    await q('insert into job_runs (job, scheduled_for) values ($1, $2)', [job.name, slot]);
    const claimant = new pg.Client({ connectionString: t.database.url });
    claimant.on('error', () => {});
    await claimant.connect();
    await claimant.query('select pg_advisory_lock(hashtextextended($1, 0))', [`palier.job:${job.name}@${slot.toISOString()}`]);
    expect(await runDueJobs(t.services, [job], now)).toEqual([]);
    expect(job.calls).toBe(0);
    await claimant.end();
    expect(await runDueJobs(t.services, [job], now)).toHaveLength(1);
    expect(job.calls).toBe(1);
  });

  it('leaves no lock behind on the pooled connections (the next slot runs in this process)', async () => {
    const job = counting('test.no-lock-left');
    expect(await runDueJobs(t.services, [job], now)).toHaveLength(1);
    expect(await q("select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())")).toEqual([{ n: 0 }]);
  });
});
