import type { JobDefinition, JobResult } from '../../../platform/jobs/job.js';
import type { Services } from '../../../platform/http/env.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { releaseNoShows, queueReminders } from '../commands/attendance.js';
import { expireOffers } from '../commands/waitlist.js';

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
];
