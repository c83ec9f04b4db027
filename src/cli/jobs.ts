import { ALL_JOBS, ALL_MIGRATIONS } from '../modules.js';
import type { Services } from '../platform/http/env.js';
import { recentRuns, runJobNow } from '../platform/jobs/scheduler.js';
import { createMailer } from '../platform/mail/mailer.js';
import { type CliContext, CliError, withDatabase } from './context.js';

/** `palier jobs list` and `palier jobs run NAME`: what runs when, and a run on demand (e.g. after an outage). */
export async function jobsCommand(ctx: CliContext, sub: string | undefined, name: string | undefined): Promise<void> {
  if (sub === 'list') {
    await withDatabase(ctx, async ({ database }) => {
      const runs = await recentRuns({ database } as Services, 500);
      for (const job of ALL_JOBS) {
        const last = runs.find((r) => r.job === job.name);
        const when = last ? `${last.outcome} ${last.started_at.toISOString()}` : 'never run';
        ctx.out.write(`${job.name.padEnd(36)} ${job.schedule.padEnd(14)} ${when}\n  ${job.description}\n`);
      }
    });
    return;
  }
  if (sub === 'run') {
    const job = ALL_JOBS.find((j) => j.name === name);
    if (!job) throw new CliError(`Unknown job: ${name ?? '(none)'}. Known jobs:\n${ALL_JOBS.map((j) => `  ${j.name}`).join('\n')}`, 2);
    await withDatabase(ctx, async ({ database }) => {
      const services: Services = {
        config: ctx.config,
        database,
        log: ctx.log,
        mailer: createMailer({
          smtpUrl: ctx.config.smtpUrl,
          from: ctx.config.mailFrom,
          log: ctx.log,
        }),
        migrationIds: ALL_MIGRATIONS.map((m) => m.id),
      };
      const outcome = await runJobNow(services, job);
      if (outcome.outcome === 'failed') throw new CliError(`${job.name} failed: ${outcome.error}`);
      ctx.out.write(`${job.name} done: ${JSON.stringify(outcome.result)}\n`);
    });
    return;
  }
  throw new CliError('Usage: palier jobs list | palier jobs run NAME', 2);
}
