import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { formatters } from '../../../platform/i18n/index.js';
import { queueNotification } from '../../../platform/notify/index.js';
import type { RequestStatus } from '../domain/request-status.js';

/**
 * Tells the household's contact account that its request changed, in the caller's transaction (the
 * notice exists exactly when the change commits). Only the service and the new status are said:
 * no price, no provider's details, nothing about the household. No contact account: nothing queued.
 */
export async function noticeRequestStatus(tx: Tx, orgId: string, requestId: string, to: RequestStatus, reason?: string | null): Promise<boolean> {
  const row = await tx
    .selectFrom('concierge_requests as r')
    .innerJoin('concierge_catalogue as c', 'c.id', 'r.catalogue_id')
    .innerJoin('concierge_subscriptions as s', 's.id', 'r.subscription_id')
    .select(['s.contact_user_id', 'c.name_fr', 'c.name_en'])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!row?.contact_user_id) return false;
  await queueNotification(tx, {
    organisationId: orgId,
    userId: row.contact_user_id as string,
    message: (t) => {
      const service = t('concierge.notice.locale') === 'en' ? (row.name_en as string) : (row.name_fr as string);
      const values = { service, reason: reason?.trim() ?? '' };
      return {
        subject: t('concierge.notify.request.subject', { ...values, status: t(`concierge.status.${to}`) }),
        text: [t(`concierge.notify.request.${to}`, values), '', t('concierge.notify.seePage')].join('\n'),
        sms: t(`concierge.notify.request.${to}`, values),
      };
    },
  });
  return true;
}

/**
 * Tells the household a parcel or letter waits at the concierge, with its pickup code (or reminds it);
 * `returnSoon` says it goes back to its sender on `returnOn` unless collected before.
 */
export async function noticeParcel(tx: Tx, orgId: string, parcelId: string, kind: 'received' | 'reminder' | 'returnSoon', returnOn?: Date): Promise<boolean> {
  const row = await tx
    .selectFrom('concierge_parcels as p')
    .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
    .select(['s.contact_user_id', 'p.kind', 'p.pickup_code'])
    .where('p.id', '=', parcelId)
    .executeTakeFirst();
  if (!row?.contact_user_id) return false;
  await queueNotification(tx, {
    organisationId: orgId,
    userId: row.contact_user_id as string,
    message: (t) => {
      const f = formatters(t('concierge.notice.locale') === 'en' ? 'en' : 'fr');
      const values = { item: t(`concierge.parcelKind.${row.kind}`), code: row.pickup_code as string, date: returnOn ? f.date(returnOn) : '' };
      return {
        subject: t(`concierge.notify.parcel.${kind}.subject`, values),
        text: [t(`concierge.notify.parcel.${kind}.text`, values), '', t('concierge.notify.seePage')].join('\n'),
        sms: t(`concierge.notify.parcel.${kind}.text`, values),
      };
    },
  });
  return true;
}

/**
 * Announces the steps providers took, in the association's own context: each pending step is
 * claimed (SKIP LOCKED, so two runs never send it twice), queued, and cleared in one transaction.
 * Called right after a provider's answer, and by a job every few minutes as a safety net.
 */
export async function flushRequestNotices(db: Db, orgId: string): Promise<number> {
  return withTenant(db, { orgId }, async (tx) => {
    const pending = await tx
      .selectFrom('concierge_requests')
      .select(['id', 'notice_pending'])
      .where('organisation_id', '=', orgId)
      .where('notice_pending', 'is not', null)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const r of pending) await noticeRequestStatus(tx, orgId, r.id as string, r.notice_pending as RequestStatus);
    if (pending.length) await tx.updateTable('concierge_requests').set({ notice_pending: null }).where('id', 'in', pending.map((r) => r.id as string)).execute();
    return pending.length;
  });
}
