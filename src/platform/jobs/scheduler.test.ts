import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Services } from '../http/env.js';
import type { JobDefinition } from './job.js';
import { lastSlot, recentRuns, runDueJobs, runJobNow } from './scheduler.js';

const t = await testApp();

function counting(name: string, schedule: string, fail = false): JobDefinition & { calls: Date[] } {
  const calls: Date[] = [];
  return {
    name,
    schedule,
    description: 'test',
    calls,
    run: async ({ now }) => {
      calls.push(now);
      await new Promise((r) => setTimeout(r, 20));
      if (fail) throw new Error('provider down');
      return { done: 1 };
    },
  };
}

describe('job slots', () => {
  it('reads schedules in Paris time, winter and summer', () => {
    expect(lastSlot('0 7 * * *', new Date('2026-12-04T18:00:00Z')).toISOString()).toBe('2026-12-04T06:00:00.000Z');
    expect(lastSlot('0 7 * * *', new Date('2026-07-04T18:00:00Z')).toISOString()).toBe('2026-07-04T05:00:00.000Z');
    // Before today's 07:00 in Paris, the latest slot is yesterday's.
    expect(lastSlot('0 7 * * *', new Date('2026-12-04T05:59:00Z')).toISOString()).toBe('2026-12-03T06:00:00.000Z');
    // A slot exactly now is due now.
    expect(lastSlot('*/5 * * * *', new Date('2026-12-04T10:05:00Z')).toISOString()).toBe('2026-12-04T10:05:00.000Z');
  });
});

describe('the scheduler', () => {
  it('runs a slot once even when several processes reach it at the same time', async () => {
    const job = counting('test.once', '0 7 * * *');
    const now = new Date('2026-12-04T09:00:00Z');
    // Five "processes" (each its own pool) race for the same slot.
    const others = Array.from({ length: 4 }, (): Services => ({ ...t.services }));
    const outcomes = await Promise.all([t.services, ...others].map((s) => runDueJobs(s, [job], now)));
    expect(outcomes.flat()).toHaveLength(1);
    expect(job.calls).toHaveLength(1);
    // Later the same day: nothing more; the next day: once more.
    expect(await runDueJobs(t.services, [job], new Date('2026-12-04T20:00:00Z'))).toEqual([]);
    expect(await runDueJobs(t.services, [job], new Date('2026-12-05T06:30:00Z'))).toHaveLength(1);
    expect(job.calls).toHaveLength(2);
  });

  it('runs a slot missed while no process was up once, not once per missed slot', async () => {
    const job = counting('test.catch-up', '0 * * * *');
    const outcomes = await runDueJobs(t.services, [job], new Date('2026-12-06T12:30:00Z'));
    expect(outcomes.map((o) => o.scheduledFor.toISOString())).toEqual(['2026-12-06T12:00:00.000Z']);
  });

  it('records a failure with its message, and the next slot runs again', async () => {
    const job = counting('test.fails', '0 * * * *', true);
    const [first] = await runDueJobs(t.services, [job], new Date('2026-12-07T10:10:00Z'));
    expect(first).toMatchObject({ outcome: 'failed', error: 'provider down' });
    const runs = (await recentRuns(t.services)).filter((r) => r.job === 'test.fails');
    expect(runs[0]).toMatchObject({
      outcome: 'failed',
      error: 'provider down',
    });
    expect(runs[0].finished_at).not.toBeNull();
    expect(await runDueJobs(t.services, [job], new Date('2026-12-07T11:10:00Z'))).toHaveLength(1);
  });

  it('runs a job on demand and keeps its counts', async () => {
    const job = counting('test.now', '0 3 1 1 *');
    const outcome = await runJobNow(t.services, job, new Date('2026-12-08T10:00:00Z'));
    expect(outcome).toMatchObject({ outcome: 'done', result: { done: 1 } });
    const [run] = (await recentRuns(t.services)).filter((r) => r.job === 'test.now');
    expect(run.result).toEqual({ done: 1 });
  });
});

describe('the platform jobs', () => {
  it('purge expired sessions and codes but keep live ones', async () => {
    const { platformJobs } = await import('./platform-jobs.js');
    const purge = platformJobs.find((j) => j.name === 'platform.purge-expired');
    if (!purge) throw new Error('platform.purge-expired missing');
    const owner = t.database.owner;
    const { rows: users } = await owner.query<{ id: string }>('select id from users order by email limit 1');
    await owner.query(
      `insert into sessions (token_hash, user_id, expires_at, idle_minutes, last_seen_at) values
        ('live', $1, now() + interval '1 hour', 30, now()),
        ('absolute', $1, now() - interval '1 minute', 30, now()),
        ('idle', $1, now() + interval '1 hour', 30, now() - interval '31 minutes')`,
      [users[0].id],
    );
    const result = await purge.run({
      services: t.services,
      now: new Date(),
      log: pino({ level: 'silent' }),
    });
    expect(result.sessions).toBeGreaterThanOrEqual(2);
    const { rows } = await owner.query<{ token_hash: string }>(`select token_hash from sessions where token_hash in ('live', 'absolute', 'idle')`);
    expect(rows.map((r) => r.token_hash)).toEqual(['live']);
  });
});
