import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { asActor, denied, type Result } from './result.js';

const contactEmail = z.string().trim().max(254, 'support.contact.invalid').email('support.contact.invalid');

/** The partner association's own address for notices, or null. */
export async function partnerContact(db: Db, actor: Actor): Promise<Result<{ email: string | null }>> {
  const d = authorize(actor, 'support.referrals.partner');
  if (d !== 'allow') return denied(d);
  return asActor(db, actor, async (tx) => {
    const row = await tx.selectFrom('support_partner_contacts').select('email').where('organisation_id', '=', actor.orgId as string).executeTakeFirst();
    return { ok: true as const, email: (row?.email as string | undefined) ?? null };
  });
}

/**
 * The partner's staff set (or, left empty, remove) the association's address for notices: referrals made to it
 * and ended, answers to its proposals. A field error in the person's language otherwise. Audited, old and new.
 */
export async function setPartnerContact(db: Db, actor: Actor, input: string): Promise<Result<{ email: string | null }>> {
  const d = authorize(actor, 'support.referrals.partner');
  if (d !== 'allow') return denied(d);
  const value = input.trim();
  const parsed = value ? contactEmail.safeParse(value) : null;
  if (parsed && !parsed.success) return { ok: false, status: 422, errors: { contactEmail: 'support.contact.invalid' } };
  const email = parsed?.data ?? null;
  return asActor(db, actor, async (tx) => {
    const before = await tx.selectFrom('support_partner_contacts').select('email').where('organisation_id', '=', actor.orgId as string).executeTakeFirst();
    if (email)
      await tx
        .insertInto('support_partner_contacts')
        .values({ organisation_id: actor.orgId, email, updated_by: actor.userId })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ email, updated_at: sql`now()`, updated_by: actor.userId }))
        .execute();
    else await tx.deleteFrom('support_partner_contacts').where('organisation_id', '=', actor.orgId as string).execute();
    await audit(tx, { action: 'support.partner_contact.set', actor, targetType: 'organisation', targetId: actor.orgId as string, details: { from: before?.email ?? null, to: email } });
    return { ok: true as const, email };
  });
}

export type PartnerNotice = { what: 'referred' | 'revoked' | 'ended'; landlord: string } | { what: 'answered'; landlord: string; year: string; answer: 'allocate' | 'decline' };

/**
 * Queues a notice to a partner association's shared address, from the landlord's transaction (so it exists exactly
 * when the change commits). Nothing when the association set none. The landlord's name, what happened and a link —
 * never the person, the programme or the case.
 */
export async function tellPartnerContact(tx: Tx, landlordOrgId: string, partnerOrgId: string, notice: PartnerNotice, baseUrl: string): Promise<void> {
  const found = await sql<{ email: string | null }>`select support_partner_contact(${partnerOrgId}::uuid) as email`.execute(tx);
  const email = found.rows[0]?.email;
  if (!email) return;
  const base = baseUrl.replace(/\/$/, '');
  const link = notice.what === 'answered' ? `${base}/support/commitments` : `${base}/support/referrals`;
  await queueNotification(tx, {
    organisationId: landlordOrgId,
    email,
    message: (t) =>
      notice.what === 'answered'
        ? { subject: t('support.proposal.notice.answered.subject', { landlord: notice.landlord }), text: t('support.proposal.notice.answered.text', { landlord: notice.landlord, year: notice.year, answer: notice.answer, link }) }
        : { subject: t(`support.contact.notice.${notice.what}.subject`, { landlord: notice.landlord }), text: t(`support.contact.notice.${notice.what}.text`, { landlord: notice.landlord, link }) },
  });
}
