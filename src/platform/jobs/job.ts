import type { Logger } from 'pino';
import type { Services } from '../http/env.js';

/** What a job receives: the shared services, the time it runs for (tests pass a fixed one) and a logger. */
export type JobContext = { services: Services; now: Date; log: Logger };

/** Counts the job reports (rows purged, reminders sent…), kept in `job_runs` and shown to operators. */
export type JobResult = Record<string, number>;

/**
 * A recurring job a module declares in its manifest. `schedule` is a cron expression read in
 * Europe/Paris time (residents' and staff's clock, whatever the server's zone), e.g. '0 7 * * *'.
 * Each scheduled slot runs once across every Palier process; a slot missed while no process was
 * up runs once at the next start. A job must be idempotent: run twice, it changes nothing more.
 */
export type JobDefinition = {
  name: string;
  schedule: string;
  description: string;
  run: (ctx: JobContext) => Promise<JobResult>;
};
