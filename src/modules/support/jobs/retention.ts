import { audit } from '../../../platform/audit/audit.js';
import { removeStoredFile } from '../../../platform/files/index.js';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { maintenanceDb } from '../db/maintenance.js';
import { anonymiseCase, casesPastRetention, deleteCase, documentKeys } from '../db/retention.js';

const BATCH = 200;

/**
 * Applies each programme's retention rule to closed cases: past their period (from closure or last
 * contact) they are anonymised, or deleted leaving only a count; a legal hold suspends it. Idempotent:
 * a treated case is anonymised or gone, so a second run finds nothing. Files go after their rows commit.
 */
export const retentionJob: JobDefinition = {
  name: 'support.retention',
  schedule: '30 2 * * *',
  description: 'Anonymise or delete closed support cases past their programme’s retention period',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const counts = { anonymised: 0, deleted: 0 };
    for (;;) {
      const { batch, files } = await db.transaction().execute(async (tx) => {
        const cases = await casesPastRetention(tx, now, BATCH);
        const keys: string[] = [];
        for (const c of cases) {
          keys.push(...(await documentKeys(tx, c.id)));
          const action = c.action === 'delete' && !c.has_money ? 'deleted' : 'anonymised';
          if (action === 'deleted') await deleteCase(tx, c);
          else await anonymiseCase(tx, c.id, now);
          counts[action]++;
          await audit(tx, { action: `support.retention.${action}`, organisationId: c.organisation_id, targetType: 'support_case', targetId: c.id, details: { programme: c.programme_id } });
        }
        return { batch: cases.length, files: keys };
      });
      for (const key of files) await removeStoredFile(services.config.dataDir, key);
      if (batch < BATCH) break;
    }
    log.info(counts, 'support retention applied');
    return counts;
  },
};
