import { audit } from '../../../platform/audit/audit.js';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { planSessions } from '../commands/sessions.js';
import { maintenanceDb } from '../db/maintenance.js';
import { parisToday } from '../domain/local-date.js';

/** How many months ahead the commission calendar is kept planned. */
export const SESSIONS_AHEAD = 3;

/**
 * Keeps every rent-aid programme's commission calendar planned three months ahead: the first Thursday
 * of each month (the next working day when it is a public holiday), with the organisation's commission
 * members invited. A month that already has a session — as generated, or moved by the manager — is
 * left alone, so the job is idempotent and never undoes an edit. Each programme given sessions is audited.
 */
export const sessionsJob: JobDefinition = {
  name: 'support.sessions',
  schedule: '15 6 * * *',
  description: 'Plan the rent-aid commission sessions (first Thursdays) three months ahead',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const today = parisToday(now);
    const created = await db.transaction().execute(async (tx) => {
      const programmes = await tx.selectFrom('support_programmes').select(['id', 'organisation_id']).where('kind', '=', 'rent_aid').orderBy('id').execute();
      let n = 0;
      for (const p of programmes) {
        const made = await planSessions(tx, p.organisation_id as string, p.id as string, today, SESSIONS_AHEAD);
        if (made > 0) await audit(tx, { action: 'support.sessions.plan', organisationId: p.organisation_id as string, targetType: 'support_programme', targetId: p.id as string, details: { created: made } });
        n += made;
      }
      return n;
    });
    log.info({ created }, 'support commission sessions planned');
    return { created };
  },
};
