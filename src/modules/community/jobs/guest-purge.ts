import { sql } from 'kysely';
import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { landlords } from './landlords.js';

/**
 * How long the name and contact of someone registered without an account are kept after the
 * activity: long enough to call them about a lost item or a question on attendance, no longer.
 * Counts (adults, children, presence) stay, so attendance figures and the impact module are unchanged.
 */
export const GUEST_RETENTION_DAYS = 30;

/** Erases guests' names and contacts (and their now useless cancellation links) after the retention period. */
export const guestPurgeJob: JobDefinition = {
  name: 'community.guest-purge',
  schedule: '30 3 * * *',
  description: `Erases the name and contact of people registered without an account ${GUEST_RETENTION_DAYS} days after the activity.`,
  run: async ({ services, now }) => {
    let purged = 0;
    for (const org of await landlords(services.database.db)) {
      purged += await withTenant(services.database.db, { orgId: org }, async (tx) => {
        const rows = await tx
          .updateTable('community_registrations as r')
          .set({ guest_name: '', guest_contact: null, cancel_token_hash: null, contact_purged_at: now })
          .from('community_events as e')
          .whereRef('e.id', '=', 'r.event_id')
          .where('r.guest_name', 'is not', null)
          .where('r.contact_purged_at', 'is', null)
          .where('e.ends_at', '<', sql<Date>`${now}::timestamptz - make_interval(days => ${GUEST_RETENTION_DAYS})`)
          .returning('r.id')
          .execute();
        if (rows.length) await audit(tx, { action: 'community.guest_contact.purge', organisationId: org, targetType: 'community_registration', targetId: rows[0].id as string, details: { registrations: rows.length, retentionDays: GUEST_RETENTION_DAYS } });
        return rows.length;
      });
    }
    return { purged };
  },
};
