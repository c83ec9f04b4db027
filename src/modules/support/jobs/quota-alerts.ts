import { sql } from 'kysely';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { maintenanceDb } from '../db/maintenance.js';
import { parisToday } from '../domain/local-date.js';
import { quotaProgress } from '../domain/quota.js';

type Running = { id: string; organisation_id: string; partner: string; places: number; period_start: string; period_end: string; given: number; behind_alerted_at: Date | null };

/**
 * E-mails the landlord's programme managers when a partner commitment falls behind schedule (fewer places
 * given than the elapsed share of the year calls for): once per falling-behind — `behind_alerted_at` is kept
 * while it stays behind and cleared when it catches up, so falling behind again is told again. The message
 * gives the partner, the year and the counts, never an applicant or a household.
 */
export const quotaAlertsJob: JobDefinition = {
  name: 'support.quota-alerts',
  schedule: '0 8 * * *',
  description: 'E-mail programme managers when a partner commitment falls behind schedule',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const today = parisToday(now);
    const base = services.config.publicUrl.replace(/\/$/, '');
    const counts = await db.transaction().execute(async (tx) => {
      // The commitments whose year is running (the jobs run as the owner: every landlord's at once).
      const rows = (await tx
        .selectFrom('support_quotas as q')
        .innerJoin('organisations as o', 'o.id', 'q.partner_org_id')
        .select(['q.id', 'q.organisation_id', 'o.name as partner', 'q.places', 'q.behind_alerted_at'])
        .select(sql<string>`to_char(q.period_start, 'YYYY-MM-DD')`.as('period_start'))
        .select(sql<string>`to_char(q.period_end, 'YYYY-MM-DD')`.as('period_end'))
        .select((s) => s.selectFrom('support_quota_allocations as a').whereRef('a.quota_id', '=', 'q.id').select(sql<number>`count(*)::int`.as('n')).as('given'))
        .where('q.period_start', '<=', today)
        .where('q.period_end', '>', today)
        .forUpdate('q')
        .skipLocked()
        .execute()) as Running[];
      let alerts = 0;
      let notices = 0;
      let cleared = 0;
      for (const q of rows) {
        const p = quotaProgress({ places: Number(q.places), periodStart: q.period_start, periodEnd: q.period_end }, Number(q.given), today);
        if (!p.behind) {
          if (q.behind_alerted_at) {
            await tx.updateTable('support_quotas').set({ behind_alerted_at: null }).where('id', '=', q.id).execute();
            cleared++;
          }
          continue;
        }
        if (q.behind_alerted_at) continue;
        const managers = await tx.selectFrom('memberships').select('user_id').where('organisation_id', '=', q.organisation_id).where('role', '=', 'programme_manager').execute();
        const year = q.period_start.slice(0, 4);
        for (const m of managers) {
          await queueNotification(tx, {
            organisationId: q.organisation_id,
            userId: m.user_id as string,
            message: (t) => ({
              subject: t('support.quota.behindSubject', { partner: q.partner, year }),
              text: t('support.quota.behindText', { partner: q.partner, year, given: p.given, places: p.places, expected: p.expected, link: `${base}/support/programmes` }),
              sms: t('support.quota.behindSms', { partner: q.partner, year, given: p.given, expected: p.expected }),
            }),
          });
          notices++;
        }
        await tx.updateTable('support_quotas').set({ behind_alerted_at: now }).where('id', '=', q.id).execute();
        alerts++;
      }
      return { commitments: rows.length, alerts, notices, cleared };
    });
    log.info(counts, 'support quota alerts queued');
    return counts;
  },
};
