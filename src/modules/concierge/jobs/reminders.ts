import { sql } from 'kysely';
import { withTenant } from '../../../platform/db/tenant.js';
import type { JobDefinition } from '../../../platform/jobs/job.js';
import type { Services } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { flushRequestNotices, noticeParcel } from '../commands/notices.js';

/** The default reminder: a parcel is reminded once, this many days after it arrived. Each desk sets its own (parcel_reminder_days). */
export const PARCEL_REMINDER_DAYS = 7;
/** Providers' documents are announced to the concierge this many days before they expire. */
export const DOCUMENT_NOTICE_DAYS = 30;

/** The organisations running a desk: the one cross-tenant read, then each runs in its own tenant (RLS applies). */
async function deskOrganisations(services: Services): Promise<string[]> {
  const { rows } = await services.database.owner.query<{ organisation_id: string }>('SELECT DISTINCT organisation_id FROM concierge_desks');
  return rows.map((r) => r.organisation_id);
}

export const parcelRemindersJob: JobDefinition = {
  name: 'concierge.parcel-reminders',
  schedule: '0 9 * * *',
  description: 'Remind households of parcels and letters waiting longer than their desk’s reminder delay (7 days by default; once per parcel)',
  async run({ services, now, log }) {
    let parcels = 0;
    let notices = 0;
    for (const orgId of await deskOrganisations(services)) {
      await withTenant(services.database.db, { orgId }, async (tx) => {
        // Each desk's own delay (parcel_reminder_days).
        const due = await tx
          .selectFrom('concierge_parcels as p')
          .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
          .innerJoin('concierge_desks as d', 'd.id', 's.desk_id')
          .select('p.id')
          .where('p.organisation_id', '=', orgId)
          .where('p.status', '=', 'received')
          .where('p.reminded_at', 'is', null)
          .where(sql<boolean>`p.received_at < ${now}::timestamptz - make_interval(days => d.parcel_reminder_days)`)
          .forUpdate('p')
          .skipLocked()
          .execute();
        for (const p of due) if (await noticeParcel(tx, orgId, p.id as string, 'reminder')) notices++;
        if (due.length) await tx.updateTable('concierge_parcels').set({ reminded_at: now }).where('id', 'in', due.map((p) => p.id as string)).execute();
        parcels += due.length;
      });
    }
    log.info({ parcels, notices }, 'concierge parcel reminders queued');
    return { parcels, notices };
  },
};

export const parcelReturnNoticesJob: JobDefinition = {
  name: 'concierge.parcel-return-notices',
  schedule: '15 9 * * *',
  description: 'Tell households, by their channel, that a parcel goes back to its sender in a few days (each desk’s limit and notice; once per parcel)',
  async run({ services, now, log }) {
    let parcels = 0;
    let notices = 0;
    for (const orgId of await deskOrganisations(services)) {
      await withTenant(services.database.db, { orgId }, async (tx) => {
        // Within the desk's notice window and not yet past its limit (a parcel already due is the concierge's to send back).
        const due = await tx
          .selectFrom('concierge_parcels as p')
          .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
          .innerJoin('concierge_desks as d', 'd.id', 's.desk_id')
          .select(['p.id', 'p.received_at', 'd.parcel_return_days'])
          .where('p.organisation_id', '=', orgId)
          .where('p.status', '=', 'received')
          .where('p.return_noticed_at', 'is', null)
          .where(sql<boolean>`p.received_at <= ${now}::timestamptz - make_interval(days => d.parcel_return_days - d.return_notice_days)`)
          .where(sql<boolean>`p.received_at > ${now}::timestamptz - make_interval(days => d.parcel_return_days)`)
          .forUpdate('p')
          .skipLocked()
          .execute();
        for (const p of due) {
          const returnOn = new Date(new Date(p.received_at as Date).getTime() + (p.parcel_return_days as number) * 86_400_000);
          if (await noticeParcel(tx, orgId, p.id as string, 'returnSoon', returnOn)) notices++;
        }
        if (due.length) await tx.updateTable('concierge_parcels').set({ return_noticed_at: now }).where('id', 'in', due.map((p) => p.id as string)).execute();
        parcels += due.length;
      });
    }
    log.info({ parcels, notices }, 'concierge parcel return notices queued');
    return { parcels, notices };
  },
};

export const documentExpiryJob: JobDefinition = {
  name: 'concierge.document-expiry',
  schedule: '0 8 * * 1-5',
  description: `Tell the concierge's staff of providers' documents expiring within ${DOCUMENT_NOTICE_DAYS} days (once per document)`,
  async run({ services, now, log }) {
    let documents = 0;
    let notices = 0;
    const horizon = new Date(now.getTime() + DOCUMENT_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
    for (const orgId of await deskOrganisations(services)) {
      await withTenant(services.database.db, { orgId }, async (tx) => {
        const due = await tx
          .selectFrom('concierge_provider_documents as d')
          .innerJoin('concierge_providers as p', 'p.id', 'd.provider_id')
          .select(['d.id', 'd.kind', 'p.name', sql<string>`d.expires_on::text`.as('expires_on')])
          .where('d.organisation_id', '=', orgId)
          .where('p.active', '=', true)
          .where('d.reminded_at', 'is', null)
          .where('d.expires_on', '<=', sql<string>`${horizon}::date`)
          .orderBy('d.expires_on')
          .forUpdate('d')
          .skipLocked()
          .execute();
        if (!due.length) return;
        const staff = await tx.selectFrom('memberships').select('user_id').distinct().where('organisation_id', '=', orgId).where('role', 'in', ['partner_staff', 'concierge']).execute();
        for (const s of staff) {
          await queueNotification(tx, {
            organisationId: orgId,
            userId: s.user_id as string,
            message: (t) => {
              const f = formatters(t('concierge.notice.locale') === 'en' ? 'en' : 'fr');
              const lines = due.map((d) => t('concierge.notify.documents.line', { provider: d.name as string, kind: t(`concierge.documentKind.${d.kind}`), date: f.date(new Date(`${d.expires_on}T12:00:00Z`)) }));
              return { subject: t('concierge.notify.documents.subject'), text: [t('concierge.notify.documents.text', { count: due.length }), ...lines].join('\n') };
            },
          });
          notices++;
        }
        await tx.updateTable('concierge_provider_documents').set({ reminded_at: now }).where('id', 'in', due.map((d) => d.id as string)).execute();
        documents += due.length;
      });
    }
    log.info({ documents, notices }, 'concierge document notices queued');
    return { documents, notices };
  },
};

export const providerStepNoticesJob: JobDefinition = {
  name: 'concierge.provider-step-notices',
  schedule: '*/5 * * * *',
  description: 'Tell households of the steps providers took that were not announced yet (safety net; normally immediate)',
  async run({ services, log }) {
    let notices = 0;
    for (const orgId of await deskOrganisations(services)) notices += await flushRequestNotices(services.database.db, orgId);
    if (notices) log.info({ notices }, 'concierge provider steps announced');
    return { notices };
  },
};
