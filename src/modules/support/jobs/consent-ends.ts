import { sql } from 'kysely';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { maintenanceDb } from '../db/maintenance.js';
import { parisToday } from '../domain/local-date.js';
import { partnerRecipients } from './partner-recipients.js';

/** A run missed for a few days still tells; a consent that ended long before this job existed is not told now. */
const CATCH_UP_DAYS = 7;

type Ended = { id: string; partner_org_id: string; landlord: string };

/**
 * Tells a partner association on Palier when the consent of a referral made to it has reached its end date (the
 * day after `consent_until`: from then on row-level security hides the referral from it). Once per referral
 * (`consent_end_told_at`). Sent to the association's shared address, else to each of its partner staff; a row of
 * the association's own organisation. Neutral wording: the landlord's name and a link — never the person, the
 * household, the programme, the case reference or the purpose.
 */
export const consentEndsJob: JobDefinition = {
  name: 'support.consent-ends',
  schedule: '30 7 * * *',
  description: 'Tell partner associations when the consent of a referral made to them has ended',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const today = parisToday(now);
    const link = `${services.config.publicUrl.replace(/\/$/, '')}/support/referrals`;
    const counts = await db.transaction().execute(async (tx) => {
      const ended = await sql<Ended>`
        select r.id, r.partner_org_id, l.name as landlord
          from support_referrals r join organisations l on l.id = r.organisation_id
         where r.status = 'active' and r.consent_end_told_at is null
           and r.consent_until < ${today}::date and r.consent_until >= ${today}::date - ${CATCH_UP_DAYS}::int
         order by r.consent_until
         for update of r skip locked`.execute(tx);
      let notices = 0;
      for (const r of ended.rows) {
        for (const to of await partnerRecipients(tx, r.partner_org_id)) {
          await queueNotification(tx, {
            organisationId: r.partner_org_id,
            ...to,
            message: (t) => ({
              subject: t('support.contact.notice.consentEnded.subject', { landlord: r.landlord }),
              text: t('support.contact.notice.consentEnded.text', { landlord: r.landlord, link }),
            }),
          });
          notices++;
        }
        await tx.updateTable('support_referrals').set({ consent_end_told_at: now }).where('id', '=', r.id).execute();
      }
      return { referrals: ended.rows.length, notices };
    });
    log.info(counts, 'support consent ends told');
    return counts;
  },
};
