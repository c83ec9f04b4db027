import { beforeAll, describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../src/platform/jobs/job.js';
import { runJobNow } from '../../src/platform/jobs/scheduler.js';
import { testApp } from '../app.js';
import type { TestApp } from './helpers.js';

// A failed job logs its error the way a failed request does (issue 9): PostgreSQL's messages quote the values they
// choke on and a unique violation's detail names the row, so the scheduler logs, and keeps in job_runs, only the
// redacted form (`loggableError`). The jobs here fail on purpose on canary values; the log is captured at debug level.
const CANARY = { cast: 'canary-job-cast-4d1e', email: 'canary-job-unique-8b2c@example.org' };

const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  t = await testApp({}, { logTo: { write: (l: string) => lines.push(l) } });
});

const failing = (name: string, run: () => Promise<unknown>): JobDefinition => ({
  name,
  schedule: '0 3 * * *',
  description: 'fails on purpose',
  run: async () => {
    await run();
    return {};
  },
});

describe('a failed job’s log and record', () => {
  it('carry the SQLSTATE and constraint, never the values PostgreSQL quoted', async () => {
    const cast = await runJobNow(t.services, failing('canary-cast', () => t.database.owner.query('select $1::uuid', [CANARY.cast])));
    await t.database.owner.query("insert into users (email, display_name) values ($1, 'Canari')", [CANARY.email]);
    const unique = await runJobNow(t.services, failing('canary-unique', () => t.database.owner.query("insert into users (email, display_name) values ($1, 'Canari')", [CANARY.email])));
    expect(cast.outcome).toBe('failed');
    expect(unique.outcome).toBe('failed');

    const failed = lines.filter((l) => l.includes('"msg":"job failed"'));
    expect(failed).toHaveLength(2);
    expect(failed.join('\n')).toContain('"code":"22P02"');
    expect(failed.join('\n')).toContain('"code":"23505"');
    expect(failed.join('\n')).toContain('"table":"users"');
    const recorded = await t.database.owner.query<{ error: string }>("select error from job_runs where job in ('canary-cast', 'canary-unique')");
    expect(recorded.rows).toHaveLength(2);
    const everything = `${lines.join('\n')}\n${recorded.rows.map((r) => r.error).join('\n')}`;
    expect(everything).toContain('invalid input syntax for type uuid');
    for (const value of Object.values(CANARY)) expect(everything).not.toContain(value);
  });
});
