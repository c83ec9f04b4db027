import { withTenant } from '../../platform/db/tenant.js';
import type { JobDefinition } from '../../platform/jobs/job.js';
import { refreshResidenceMonths, summaryMonths } from './commands/refresh-residence-months.js';

/** Nightly, each organisation's monthly figures (landlord dashboards read them). */
export const refreshFiguresJob: JobDefinition = {
  name: 'directory.refresh-figures',
  schedule: '30 2 * * *',
  description: 'Recomputes the monthly figures per residence (stock and moves) that dashboards read.',
  run: async ({ services, now }) => {
    // Which organisations hold residences is a maintenance question, asked as the owner.
    const { rows } = await services.database.owner.query<{ id: string }>('select distinct organisation_id as id from residences');
    let months = 0;
    for (const { id } of rows) months += await withTenant(services.database.db, { orgId: id }, (tx) => refreshResidenceMonths(tx, id, summaryMonths(now)));
    return { organisations: rows.length, months };
  },
};
