import type { JobDefinition, JobResult } from '../../../platform/jobs/job.js';
import type { Services } from '../../../platform/http/env.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { releaseNoShows, queueReminders } from '../commands/attendance.js';
import { expireOffers } from '../commands/waitlist.js';
import { refreshUsagePeriods, reportingPeriods } from '../commands/refresh-usage-periods.js';
import { parisParts } from '../domain/paris-time.js';

/** Runs `fn` once per organisation, each in its own tenant transaction, and adds up the counts. */
async function perOrganisation(services: Services, fn: (tx: Tx) => Promise<JobResult>): Promise<JobResult> {
  const orgs = await services.database.db.selectFrom('organisations').select('id').execute();
  const total: JobResult = {};
  for (const o of orgs) {
    const r = await withTenant(services.database.db, { orgId: o.id }, fn);
    for (const [k, v] of Object.entries(r)) total[k] = (total[k] ?? 0) + v;
  }
  return total;
}

/** The spaces module's recurring jobs: waiting-list offers that run out, no-shows released, reminders. */
export const spacesJobs: JobDefinition[] = [
  {
    name: 'spaces.expire-offers',
    schedule: '*/5 * * * *',
    description: 'Waiting-list offers not accepted in time go to the next person in line.',
    run: ({ services, now }) => perOrganisation(services, (tx) => expireOffers(tx, now)),
  },
  {
    name: 'spaces.release-no-shows',
    schedule: '*/5 * * * *',
    description: 'Bookings not checked in within the space’s grace period are released and counted as no-shows.',
    run: ({ services, now }) => perOrganisation(services, (tx) => releaseNoShows(tx, now)),
  },
  {
    name: 'spaces.reminders',
    schedule: '0 18 * * *',
    description: 'Reminds households of their bookings of the next day, by their own channel.',
    run: ({ services, now }) => perOrganisation(services, (tx) => queueReminders(tx, now)),
  },
  {
    name: 'spaces.refresh-usage',
    schedule: '45 2 * * *',
    description: 'Recounts each space’s usage for this year, last year and their quarters, which dashboards read.',
    run: async ({ services, now }) => {
      // Which organisations have spaces is a maintenance question, asked as the owner.
      const { rows } = await services.database.owner.query<{ id: string }>('select distinct organisation_id as id from spaces');
      const periods = reportingPeriods(parisParts(now).date);
      let written = 0;
      for (const { id } of rows) written += await withTenant(services.database.db, { orgId: id }, (tx) => refreshUsagePeriods(tx, id, periods));
      return { organisations: rows.length, rows: written };
    },
  },
];
