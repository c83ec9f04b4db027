import { sql } from 'kysely';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { noticeToRegistrants } from '../commands/notices.js';
import { eventOrganisers } from './landlords.js';

/**
 * The day before an activity, each confirmed person gets one reminder by their own channel. A
 * registration is claimed (reminded_at set) in the transaction that queues its notice, so a second
 * run, or two processes at once, never remind anyone twice. A network's club meetings are walked in
 * the network's tenant like a landlord's activities; `noticeToRegistrants` writes each member staff's
 * reminder as a row of their own landlord, in club wording.
 */
export const remindersJob: JobDefinition = {
  name: 'community.reminders',
  schedule: '0 10 * * *',
  description: 'Reminds confirmed participants, by their own channel, the day before an activity or a club meeting (once each).',
  run: async ({ services, now }) => {
    let reminded = 0;
    for (const org of await eventOrganisers(services.database.db)) {
      reminded += await withTenant(services.database.db, { orgId: org }, async (tx) => {
        const claimed = await tx
          .updateTable('community_registrations as r')
          .set({ reminded_at: now })
          .from('community_events as e')
          .whereRef('e.id', '=', 'r.event_id')
          .where('r.status', '=', 'confirmed')
          .where('r.reminded_at', 'is', null)
          .where('e.cancelled_at', 'is', null)
          .where(sql<boolean>`(e.starts_at at time zone 'Europe/Paris')::date = (${now}::timestamptz at time zone 'Europe/Paris')::date + 1`)
          .returning(['r.id', 'r.event_id'])
          .execute();
        const byEvent = new Map<string, string[]>();
        for (const r of claimed) byEvent.set(r.event_id as string, [...(byEvent.get(r.event_id as string) ?? []), r.id as string]);
        for (const [eventId, registrationIds] of byEvent) await noticeToRegistrants(tx, { eventId, kind: 'reminder', registrationIds });
        return claimed.length;
      });
    }
    return { reminded };
  },
};
