import { withTenant } from '../../platform/db/tenant.js';
import { dateFormat } from '../../platform/i18n/intl-cache.js';
import type { JobDefinition } from '../../platform/jobs/job.js';
import { parsePeriod } from './domain/period.js';
import { refreshSnapshots, snapshotPeriods } from './commands/refresh-snapshots.js';

/** Nightly, after the modules' own summaries, every indicator of each organisation for the usual periods. */
export const refreshSnapshotsJob: JobDefinition = {
  name: 'impact.refresh-snapshots',
  schedule: '0 3 * * *',
  description: 'Recomputes every indicator for this year and last year, whole and by quarter, and the last twelve months, that dashboards and exports read.',
  run: async ({ services, now }) => {
    const orgs = await services.database.db.selectFrom('organisations').select('id').execute();
    const today = parsePeriod(undefined, undefined, now);
    const month = Number(dateFormat('en', { month: 'numeric', timeZone: 'Europe/Paris' }).format(now));
    const periods = snapshotPeriods(today.year, month);
    let written = 0;
    for (const o of orgs) written += await withTenant(services.database.db, { orgId: o.id }, (tx) => refreshSnapshots(tx, o.id, periods));
    return { organisations: orgs.length, periods: written };
  },
};
