import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { maintenanceDb } from '../db/maintenance.js';
import { type LocalDate, parisToday } from '../domain/local-date.js';
import { type QuotaProgress, quotaProgress } from '../domain/quota.js';
import { partnerRecipients } from './partner-recipients.js';

type Running = { id: string; organisation_id: string; partner_org_id: string; partner: string; landlord: string; places: number; period_start: string; period_end: string; given: number; behind_alerted_at: Date | null };
type RunningGroup = Running & { label: string; member_org_ids: string[]; attached_org_ids: string[]; landlords: number };
type Counts = { alerts: number; notices: number; cleared: number };

/**
 * E-mails the landlord's programme managers and the partner association (its contact address, else its staff) when a partner
 * commitment falls behind schedule (fewer places given than the elapsed share of the year calls for), and
 * likewise for a group commitment as a whole (the lead's managers and those of each named landlord that attached its
 * own commitment; the partner's address, else its staff):
 * once per falling-behind — `behind_alerted_at` is kept while it stays behind and cleared when it catches up,
 * so falling behind again is told again. The messages give the partner or landlord, the year and the counts,
 * never an applicant or a household. Each notice is a row of its recipient's own organisation.
 */
export const quotaAlertsJob: JobDefinition = {
  name: 'support.quota-alerts',
  schedule: '0 8 * * *',
  description: 'E-mail programme managers and the partner when a partner commitment (a landlord’s or a group’s) falls behind schedule',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const today = parisToday(now);
    const link = (path: string) => `${services.config.publicUrl.replace(/\/$/, '')}${path}`;
    const counts = await db.transaction().execute(async (tx) => {
      const c: Counts = { alerts: 0, notices: 0, cleared: 0 };
      // The commitments whose year is running (the jobs run as the owner: every landlord's at once).
      const rows = await runningQuotas(tx, today);
      for (const q of rows) {
        const p = await step(tx, 'support_quotas', q, today, now, c);
        if (!p) continue;
        const year = q.period_start.slice(0, 4);
        for (const userId of await managersOf(tx, [q.organisation_id]))
          c.notices += await tell(tx, q.organisation_id, { userId }, (t) => ({
            subject: t('support.quota.behindSubject', { partner: q.partner, year }),
            text: t('support.quota.behindText', { partner: q.partner, year, given: p.given, places: p.places, expected: p.expected, link: link('/support/programmes') }),
            sms: t('support.quota.behindSms', { partner: q.partner, year, given: p.given, expected: p.expected }),
          }));
        c.notices += await tellPartner(tx, q.partner_org_id, (t) => ({
          subject: t('support.quota.partnerBehindSubject', { landlord: q.landlord, year }),
          text: t('support.quota.partnerBehindText', { landlord: q.landlord, year, given: p.given, places: p.places, expected: p.expected, link: link('/support/commitments') }),
        }));
      }
      // Group commitments as a whole: places given by every landlord named (the lead included) whose own
      // commitment is attached to the group, as support_group_progress counts them.
      const groups = await runningGroups(tx, today);
      for (const g of groups) {
        const p = await step(tx, 'support_group_commitments', g, today, now, c);
        if (!p) continue;
        const year = g.period_start.slice(0, 4);
        const figures = { label: g.label, partner: g.partner, year, given: p.given, places: p.places, expected: p.expected, landlords: Number(g.landlords) };
        // The lead (it declared the group and answers for it) and the named landlords that attached their own
        // commitment to it: one named but not attached yet gives nothing to the group and is not alerted.
        for (const orgId of new Set([g.organisation_id, ...g.attached_org_ids]))
          for (const userId of await managersOf(tx, [orgId]))
            c.notices += await tell(tx, orgId, { userId }, (t) => ({
              subject: t('support.quota.groupBehindSubject', figures),
              text: t('support.quota.groupBehindText', { ...figures, link: link('/support/programmes') }),
              sms: t('support.quota.groupBehindSms', figures),
            }));
        c.notices += await tellPartner(tx, g.partner_org_id, (t) => ({
          subject: t('support.quota.partnerGroupBehindSubject', figures),
          text: t('support.quota.partnerGroupBehindText', { ...figures, link: link('/support/commitments') }),
        }));
      }
      return { commitments: rows.length, groups: groups.length, ...c };
    });
    log.info(counts, 'support quota alerts queued');
    return counts;
  },
};

/**
 * Where a commitment stands today: clears the mark of one that caught up, and returns its progress only when it
 * has just fallen behind (not yet told), marking it told.
 */
async function step(tx: Db, table: 'support_quotas' | 'support_group_commitments', q: Running, today: LocalDate, now: Date, c: Counts): Promise<QuotaProgress | null> {
  const p = quotaProgress({ places: Number(q.places), periodStart: q.period_start, periodEnd: q.period_end }, Number(q.given), today);
  if (!p.behind) {
    if (q.behind_alerted_at) {
      await tx.updateTable(table).set({ behind_alerted_at: null }).where('id', '=', q.id).execute();
      c.cleared++;
    }
    return null;
  }
  if (q.behind_alerted_at) return null;
  await tx.updateTable(table).set({ behind_alerted_at: now }).where('id', '=', q.id).execute();
  c.alerts++;
  return p;
}

function runningQuotas(tx: Db, today: LocalDate): Promise<Running[]> {
  return tx
    .selectFrom('support_quotas as q')
    .innerJoin('organisations as o', 'o.id', 'q.partner_org_id')
    .innerJoin('organisations as l', 'l.id', 'q.organisation_id')
    .select(['q.id', 'q.organisation_id', 'q.partner_org_id', 'o.name as partner', 'l.name as landlord', 'q.places', 'q.behind_alerted_at'])
    .select(sql<string>`to_char(q.period_start, 'YYYY-MM-DD')`.as('period_start'))
    .select(sql<string>`to_char(q.period_end, 'YYYY-MM-DD')`.as('period_end'))
    .select((s) => s.selectFrom('support_quota_allocations as a').whereRef('a.quota_id', '=', 'q.id').select(sql<number>`count(*)::int`.as('n')).as('given'))
    .where('q.period_start', '<=', today)
    .where('q.period_end', '>', today)
    .forUpdate('q')
    .skipLocked()
    .execute() as Promise<Running[]>;
}

async function runningGroups(tx: Db, today: LocalDate): Promise<RunningGroup[]> {
  const rows = await sql<RunningGroup>`
    select g.id, g.organisation_id, g.partner_org_id, o.name as partner, l.name as landlord, g.label, g.places, g.member_org_ids, g.behind_alerted_at,
           to_char(g.period_start, 'YYYY-MM-DD') as period_start, to_char(g.period_end, 'YYYY-MM-DD') as period_end,
           (select count(*)::int from support_quota_allocations a join support_quotas q on q.id = a.quota_id
             where q.group_commitment_id = g.id and (q.organisation_id = g.organisation_id or q.organisation_id = any (g.member_org_ids))) as given,
           (select count(distinct q.organisation_id)::int from support_quotas q
             where q.group_commitment_id = g.id and (q.organisation_id = g.organisation_id or q.organisation_id = any (g.member_org_ids))) as landlords,
           array(select distinct q.organisation_id::text from support_quotas q
             where q.group_commitment_id = g.id and q.organisation_id = any (g.member_org_ids)) as attached_org_ids
      from support_group_commitments g
      join organisations o on o.id = g.partner_org_id
      join organisations l on l.id = g.organisation_id
     where g.period_start <= ${today}::date and g.period_end > ${today}::date
     for update of g skip locked`.execute(tx);
  return rows.rows;
}

async function managersOf(tx: Db, orgIds: string[]): Promise<string[]> {
  const rows = await tx.selectFrom('memberships').select('user_id').where('organisation_id', 'in', orgIds).where('role', '=', 'programme_manager').execute();
  return rows.map((r) => r.user_id as string);
}

type Message = Parameters<typeof queueNotification>[1]['message'];

async function tell(tx: Db, organisationId: string, to: { userId?: string; email?: string }, message: Message): Promise<number> {
  await queueNotification(tx, { organisationId, ...to, message });
  return 1;
}

/** The partner association: its shared address, else each of its partner staff; a row of the association. */
async function tellPartner(tx: Db, partnerOrgId: string, message: Message): Promise<number> {
  let n = 0;
  for (const to of await partnerRecipients(tx, partnerOrgId)) n += await tell(tx, partnerOrgId, to, message);
  return n;
}
