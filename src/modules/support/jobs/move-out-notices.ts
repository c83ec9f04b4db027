import { sql } from 'kysely';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { maintenanceDb } from '../db/maintenance.js';
import { addDays, parisToday } from '../domain/local-date.js';

/** Move-outs whose last day is further back than this are not told (the register caught up late, or the job first ran). */
export const MOVE_OUT_WINDOW_DAYS = 60;

type MoveOut = { case_id: string; occupancy_id: string; organisation_id: string };

/**
 * Tells the advisers of an open case, by e-mail (else SMS), when the directory's tenancy register ends an
 * occupancy of its household: the household moves out. The directory has no event mechanism and must not
 * know support, so this job scans the register (docs/support.md, "Scope after opening"): an occupancy ended
 * on or after the case's opening and no more than 60 days ago — a date recorded ahead counts at once —
 * and not followed the next day by another of the same household in the same dwelling (a lease passed from
 * an association to the household is not a move). Once per case and occupancy (`support_move_out_notices`).
 * The programme's manager is told as well (once per case and move, unless also an adviser of it).
 * Hourly: an adviser needs to know the same day, not the same minute. The message is a neutral sentence and a link to the case: never the programme, the household or an address.
 */
export const moveOutNoticesJob: JobDefinition = {
  name: 'support.move-out-notices',
  schedule: '10 * * * *',
  description: 'E-mail advisers when the household of an open support case moves out (tenancy register)',
  async run({ services, now, log }) {
    const db = maintenanceDb(services);
    const since = addDays(parisToday(now), -MOVE_OUT_WINDOW_DAYS);
    const base = services.config.publicUrl.replace(/\/$/, '');
    const counts = await db.transaction().execute(async (tx) => {
      // As the owner: every landlord's cases and register at once (the jobs cross every person's need-to-know).
      const { rows } = await sql<MoveOut>`
        select c.id as case_id, o.id as occupancy_id, c.organisation_id
          from support_cases c
          join occupancies o on o.household_id = c.household_id and o.organisation_id = c.organisation_id
         where c.status = 'open' and c.anonymised_at is null
           and o.ends_on is not null and o.ends_on >= ${since}::date
           and o.ends_on >= (c.opened_at at time zone 'Europe/Paris')::date
           and not exists (select 1 from occupancies n where n.household_id = o.household_id and n.dwelling_id = o.dwelling_id and n.starts_on = o.ends_on + 1)
           and not exists (select 1 from support_move_out_notices m where m.case_id = c.id and m.occupancy_id = o.id)
         order by o.ends_on`.execute(tx);
      let notices = 0;
      let told = 0;
      for (const m of rows) {
        // Claimed first: of two runs at once, the second writes nothing and queues nothing.
        const claimed = await tx
          .insertInto('support_move_out_notices')
          .values({ case_id: m.case_id, occupancy_id: m.occupancy_id, organisation_id: m.organisation_id, notified_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('case_id')
          .executeTakeFirst();
        if (!claimed) continue;
        told++;
        const advisers = await tx.selectFrom('support_case_assignments').select('user_id').where('case_id', '=', m.case_id).execute();
        // The programme's manager is told too, once (an adviser's notice is enough when they advise it as well), while still of the landlord.
        const manager = await tx
          .selectFrom('support_cases as c')
          .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
          .innerJoin('memberships as ms', (j) => j.onRef('ms.user_id', '=', 'p.manager_user_id').onRef('ms.organisation_id', '=', 'c.organisation_id'))
          .select('p.manager_user_id')
          .where('c.id', '=', m.case_id)
          .executeTakeFirst();
        const managerId = manager?.manager_user_id as string | undefined;
        if (managerId && !advisers.some((a) => a.user_id === managerId)) {
          await queueNotification(tx, {
            organisationId: m.organisation_id,
            userId: managerId,
            message: (t) => ({
              subject: t('support.moveOut.managerSubject'),
              text: t('support.moveOut.managerText', { link: `${base}/support/cases/${m.case_id}` }),
              sms: t('support.moveOut.managerSms'),
            }),
          });
          notices++;
        }
        for (const a of advisers) {
          await queueNotification(tx, {
            organisationId: m.organisation_id,
            userId: a.user_id as string,
            message: (t) => ({
              subject: t('support.moveOut.subject'),
              text: t('support.moveOut.text', { link: `${base}/support/cases/${m.case_id}` }),
              sms: t('support.moveOut.sms'),
            }),
          });
          notices++;
        }
      }
      return { moveOuts: told, notices };
    });
    log.info(counts, 'support move-out notices queued');
    return counts;
  },
};
