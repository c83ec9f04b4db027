import { sql } from 'kysely';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { applyPlannedEnd } from '../commands/lease-plan.js';
import { maintenanceDb } from '../db/maintenance.js';
import { parisToday } from '../domain/local-date.js';

/**
 * Applies the sliding leases' planned ends whose day has come (Paris): the register's occupancy ends on the
 * planned day and the case reaches "other outcome" (commands/lease-plan.ts). One transaction per case, so a
 * refusal of the register leaves that plan in place without stopping the others. Idempotent: an applied plan
 * is emptied, so a second run finds nothing; a day missed while no process ran is applied at the next run,
 * on its planned day.
 */
export const leasePlannedEndsJob: JobDefinition = {
  name: 'support.lease-planned-ends',
  schedule: '10 6 * * *',
  description: 'Apply the sliding leases’ planned ends on their day (register occupancy ended, case ended otherwise)',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const today = parisToday(now);
    const due = await db
      .selectFrom('support_cases')
      .select('id')
      .where('lease_end_planned_on', '<=', sql<Date>`${today}::date`)
      .where('anonymised_at', 'is', null)
      .orderBy('lease_end_planned_on')
      .execute();
    const counts = { applied: 0, refused: 0 };
    for (const { id } of due) {
      const r = await db.transaction().execute((tx) => applyPlannedEnd(tx, id as string, today, now));
      if (r === 'applied') counts.applied++;
      else if (r !== 'gone') {
        counts.refused++;
        log.warn({ caseId: id, refusal: r.refused }, 'support planned lease end refused by the register');
      }
    }
    log.info(counts, 'support planned lease ends applied');
    return counts;
  },
};
