import { sql } from 'kysely';
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

/**
 * Tells a household that its payment was received: the amount, the statements it paid (their
 * numbers), the date and a link to the receipt page. Never the method, the reference nor a balance.
 * Queued in the payment's transaction; a landlord's receipt, or a household without a contact
 * account, queues nothing.
 */
export async function noticeReceipt(tx: Tx, orgId: string, receiptId: string, publicUrl: string): Promise<boolean> {
  const r = await tx
    .selectFrom('concierge_receipts')
    .select(['id', 'number', 'party', 'household_id', 'desk_id', 'amount_cents'])
    .select(sql<string>`paid_on::text`.as('paid_on'))
    .where('id', '=', receiptId)
    .executeTakeFirst();
  if (!r || r.party !== 'household' || !r.household_id) return false;
  const sub = await tx
    .selectFrom('concierge_subscriptions')
    .select('contact_user_id')
    .where('desk_id', '=', r.desk_id)
    .where('household_id', '=', r.household_id)
    .where('contact_user_id', 'is not', null)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
  if (!sub?.contact_user_id) return false;
  const statements = await tx
    .selectFrom('concierge_payments as p')
    .innerJoin('concierge_statements as s', 's.id', 'p.statement_id')
    .select('s.number')
    .distinct()
    .where('p.receipt_id', '=', receiptId)
    .orderBy('s.number')
    .execute();
  const link = `${publicUrl.replace(/\/$/, '')}/concierge/receipts/${r.id}`;
  await queueNotification(tx, {
    organisationId: orgId,
    userId: sub.contact_user_id as string,
    message: (t) => {
      const f = formatters(t('concierge.notice.locale') === 'en' ? 'en' : 'fr');
      const values = { number: r.number as number, amount: f.money(r.amount_cents as number), date: f.date(new Date(`${r.paid_on}T12:00:00Z`)), statements: statements.map((s) => s.number).join(', '), link };
      return {
        subject: t('concierge.notify.receipt.subject', values),
        text: [t('concierge.notify.receipt.text', values), '', t('concierge.notify.receipt.link', values)].join('\n'),
        sms: `${t('concierge.notify.receipt.text', values)} ${link}`,
      };
    },
  });
  return true;
}
