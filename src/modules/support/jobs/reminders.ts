import { sql } from 'kysely';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { maintenanceDb } from '../db/maintenance.js';
import { addDays, parisToday } from '../domain/local-date.js';

/** A step is announced this many days before it falls due (and at once if already late). */
export const REMINDER_LEAD_DAYS = 3;

type DueStep = { id: string; case_id: string; organisation_id: string; reference: string; due_on: string };

/**
 * Reminds the advisers following a case of its steps falling due within three days (or already
 * late), once per step. The message names the case's reference and the date, never the programme,
 * the step or the household: an e-mail is no place for who is supported for what.
 */
export const remindersJob: JobDefinition = {
  name: 'support.reminders',
  schedule: '0 7 * * *',
  description: 'E-mail advisers about support case steps due within three days',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const horizon = addDays(parisToday(now), REMINDER_LEAD_DAYS);
    const base = services.config.publicUrl.replace(/\/$/, '');
    const counts = await db.transaction().execute(async (tx) => {
      const steps = (await tx
        .selectFrom('support_case_steps as st')
        .innerJoin('support_cases as c', 'c.id', 'st.case_id')
        .select(['st.id', 'st.case_id', 'c.organisation_id', 'c.reference'])
        .select(sql<string>`to_char(st.due_on, 'YYYY-MM-DD')`.as('due_on'))
        .where('c.status', '=', 'open')
        .where('st.done_at', 'is', null)
        .where('st.reminded_at', 'is', null)
        .where('st.due_on', '<=', horizon)
        .forUpdate('st')
        .skipLocked()
        .execute()) as DueStep[];
      const byCase = new Map<string, DueStep[]>();
      for (const s of steps) byCase.set(s.case_id, [...(byCase.get(s.case_id) ?? []), s]);
      let notices = 0;
      for (const [caseId, due] of byCase) {
        const advisers = await tx.selectFrom('support_case_assignments').select('user_id').where('case_id', '=', caseId).execute();
        const first = due.map((d) => d.due_on).sort()[0];
        for (const a of advisers) {
          await queueNotification(tx, {
            organisationId: due[0].organisation_id,
            userId: a.user_id as string,
            // The date goes in as a timestamp at noon UTC: the catalogue formats it in the person's language.
            message: (t) => ({
              subject: t('support.reminder.subject', { reference: due[0].reference }),
              text: t('support.reminder.text', { count: due.length, reference: due[0].reference, date: Date.parse(`${first}T12:00:00Z`), link: `${base}/support/cases/${caseId}` }),
              sms: t('support.reminder.sms', { count: due.length, reference: due[0].reference, date: Date.parse(`${first}T12:00:00Z`) }),
            }),
          });
          notices++;
        }
      }
      if (steps.length)
        await tx
          .updateTable('support_case_steps')
          .set({ reminded_at: now })
          .where(
            'id',
            'in',
            steps.map((s) => s.id),
          )
          .execute();
      return { steps: steps.length, notices };
    });
    log.info(counts, 'support reminders queued');
    return counts;
  },
};
