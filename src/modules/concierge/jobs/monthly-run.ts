import { withTenant } from '../../../platform/db/tenant.js';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { runForDesk } from '../commands/issue-statements.js';
import { parisDay } from '../domain/office-hours.js';
import type { Desk } from '../queries/desk.js';

/** The month before the one `now` falls in, in Paris ("2026-11" on 1 December 2026 at 00:30 Paris, whatever the server's zone). */
export function previousPeriod(now: Date): string {
  const [y, m] = parisDay(now).date.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The monthly run, scheduled: on the first of each month, every desk issues the previous month's
 * statements (per subscriber, per landlord) and payout statements (per provider). Idempotent: the run
 * skips every party already issued for the period (by a former run or by the staff's button), so a
 * second run, or a missed slot run at the next start, issues nothing twice. Each desk runs in its own
 * organisation's tenant and transaction: one desk's failure leaves the others issued.
 */
export const monthlyRunJob: JobDefinition = {
  name: 'concierge.monthly-run',
  schedule: '30 2 1 * *',
  description: 'Issue the previous month’s statements (subscribers, landlords) and payout statements (providers) of every concierge desk, once',
  async run({ services, now, log }) {
    const period = previousPeriod(now);
    // Which desks exist is a maintenance question, asked as the owner; each run is then its own tenant's.
    const { rows } = await services.database.owner.query<Desk>('SELECT id, organisation_id, name, place, community_link FROM concierge_desks ORDER BY created_at');
    let statements = 0;
    let payouts = 0;
    for (const desk of rows) {
      const r = await withTenant(services.database.db, { orgId: desk.organisation_id }, (tx) => runForDesk(tx, null, desk, period));
      statements += r.issued;
      payouts += r.payouts;
    }
    log.info({ period, desks: rows.length, statements, payouts }, 'concierge monthly run');
    return { desks: rows.length, statements, payouts };
  },
};
