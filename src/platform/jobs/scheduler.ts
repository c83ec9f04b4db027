import { CronExpressionParser } from 'cron-parser';
import type pg from 'pg';
import { timeoutsOf, withLongTimeouts } from '../db/timeouts.js';
import type { Services } from '../http/env.js';
import { loggableError } from '../http/loggable-error.js';
import type { JobDefinition, JobResult } from './job.js';

export const JOB_TIME_ZONE = 'Europe/Paris';

/** The latest slot of `schedule` at or before `now`, in Paris time. */
export function lastSlot(schedule: string, now: Date): Date {
  const next = CronExpressionParser.parse(schedule, {
    currentDate: new Date(now.getTime() + 1000),
    tz: JOB_TIME_ZONE,
  });
  return next.prev().toDate();
}

export type RunOutcome = {
  job: string;
  scheduledFor: Date;
  outcome: 'done' | 'failed';
  result?: JobResult;
  error?: string;
};

/**
 * Runs `job` for one slot if no process has claimed that slot yet. The insert on (job, slot) is the
 * claim: the database lets exactly one process have it, even with several Palier processes. The claimant
 * also holds a session lock on the slot for as long as the run lasts, which PostgreSQL drops when the
 * process dies: a slot left 'running' whose lock nobody holds was cut by a crash (SIGKILL, power cut)
 * and is run again by the next pass — the jobs are idempotent, so the run resumes where it stopped.
 */
export async function runSlot(services: Services, job: JobDefinition, scheduledFor: Date, now = new Date()): Promise<RunOutcome | null> {
  const client = await services.database.owner.connect();
  const key = `palier.job:${job.name}@${scheduledFor.toISOString()}`;
  let healthy = false;
  try {
    const locked = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
    if (!locked.rows[0].ok) {
      healthy = true;
      return null;
    }
    const outcome = await claimAndRun(services, client, job, scheduledFor, now);
    await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    healthy = true;
    return outcome;
  } finally {
    // A connection that failed mid-way is closed rather than pooled, so it cannot keep the slot's lock.
    client.release(!healthy);
  }
}

async function claimAndRun(services: Services, client: pg.PoolClient, job: JobDefinition, scheduledFor: Date, now: Date): Promise<RunOutcome | null> {
  const claim = await client.query<{ resumed: boolean }>(
    `insert into job_runs (job, scheduled_for) values ($1, $2)
     on conflict (job, scheduled_for) do update set started_at = now() where job_runs.outcome = 'running'
     returning xmax <> 0 as resumed`,
    [job.name, scheduledFor],
  );
  if (claim.rowCount === 0) return null;
  const log = services.log.child({ job: job.name });
  if (claim.rows[0].resumed) log.warn({ scheduledFor }, 'job resumed: its run was cut by a crash');
  try {
    // A job reads and writes in bulk: its transactions get the long timeouts, not a request's.
    const result = await withLongTimeouts(timeoutsOf(services.config)?.long ?? null, () => job.run({ services, now, log }));
    await client.query(`update job_runs set outcome = 'done', finished_at = now(), result = $3 where job = $1 and scheduled_for = $2`, [job.name, scheduledFor, JSON.stringify(result)]);
    if (Object.values(result).some((n) => n > 0)) log.info({ result }, 'job done');
    return { job: job.name, scheduledFor, outcome: 'done', result };
  } catch (e) {
    // PostgreSQL's messages quote the values they choke on (a person's e-mail, a name): only the redacted form is
    // logged, and kept in job_runs, which operators read.
    const safe = loggableError(e);
    const error = safe.message.slice(0, 500);
    await client.query(`update job_runs set outcome = 'failed', finished_at = now(), error = $3 where job = $1 and scheduled_for = $2`, [job.name, scheduledFor, error]);
    log.error({ err: safe }, 'job failed');
    return { job: job.name, scheduledFor, outcome: 'failed', error };
  }
}

/** One pass: each job whose latest slot has not run yet runs now (a slot missed while down runs once). */
export async function runDueJobs(services: Services, jobs: JobDefinition[], now = new Date()): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const job of jobs) {
    const outcome = await runSlot(services, job, lastSlot(job.schedule, now), now);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/** Runs a job at once, outside its schedule (operators' `palier jobs run`, tests). */
export async function runJobNow(services: Services, job: JobDefinition, now = new Date()): Promise<RunOutcome> {
  const outcome = await runSlot(services, job, now, now);
  if (!outcome) throw new Error(`${job.name} is already running for ${now.toISOString()}`);
  return outcome;
}

/**
 * Checks every `intervalMs` which jobs are due and runs them one after the other (so a slow job
 * never overlaps itself in this process). Returns a stop function that waits for the pass in progress.
 */
export function startScheduler(services: Services, jobs: JobDefinition[], intervalMs = 30_000): () => Promise<void> {
  let stopped = false;
  let pass: Promise<unknown> | null = null;
  const tick = () => {
    if (stopped || pass) return;
    pass = runDueJobs(services, jobs)
      .catch((e) => services.log.error({ err: loggableError(e) }, 'scheduler pass failed'))
      .finally(() => {
        pass = null;
      });
  };
  const first = setTimeout(tick, 2_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await pass;
  };
}

/** The latest runs of each job, for the operators' page. */
export async function recentRuns(services: Services, limit = 50) {
  const { rows } = await services.database.owner.query<{
    job: string;
    scheduled_for: Date;
    started_at: Date;
    finished_at: Date | null;
    outcome: string;
    result: JobResult | null;
    error: string | null;
  }>('select job, scheduled_for, started_at, finished_at, outcome, result, error from job_runs order by started_at desc limit $1', [limit]);
  return rows;
}
