import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import { tellPartnerContact } from './partner-contact.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { householdTenancy } from '../../directory/index.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { type CaseRow, programmeById } from '../db/cases.js';
import { answersOfCase } from '../db/eligibility.js';
import { claimKey, settleKey } from './idempotency.js';
import { parisToday } from '../domain/local-date.js';
import type { ReferralInput } from '../schemas.js';
import { caseForWrite } from './case-actions.js';
import { Abort, denied, fail, inTransaction, isUuid, ofCase, type Result } from './result.js';

export const SHAREABLE = ['household_name', 'household_size', 'dwelling', 'situation', 'eligibility'] as const;
export type Shareable = (typeof SHAREABLE)[number];
export type SharedValue = string | number | null | { question: string; answer: string }[];

/** A copy of only the fields the person agreed to share, for a partner or a sheet; never more. */
export async function consentedCopy(tx: Tx, row: CaseRow, fields: readonly Shareable[]): Promise<Record<string, SharedValue>> {
  const household = await householdTenancy(tx, row.household_id);
  // Eligibility answers leave only when ticked: the question as worded then, and yes / no / unknown.
  const eligibility = fields.includes('eligibility') ? (await answersOfCase(tx, row.id)).map((a) => ({ question: a.question, answer: a.answer })) : [];
  const all: Record<Shareable, SharedValue> = {
    household_name: household?.name ?? null,
    household_size: household?.members ?? null,
    // A confidential address is never copied out, whatever was ticked — not even by a person named to see it.
    dwelling: row.confidential_address ? null : `${household?.residenceName ?? ''} ${household?.dwellingReference ?? ''}`.trim(),
    situation: row.situation,
    eligibility,
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}

/**
 * Refers a case to a partner association with the person's recorded consent: what is shared (a
 * copy of the chosen fields, nothing else), with whom, until when. The partner sees that copy at
 * once and loses it the moment the referral is revoked or ended, or the consent runs out.
 */
export async function referToPartner(db: Db, actor: Actor, caseId: string, input: ReferralInput, idempotencyKey?: string, baseUrl = ''): Promise<Result<{ referralId: string; replayed?: boolean }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const earlier = idempotencyKey ? await claimKey(tx, actor, idempotencyKey, `referral:${caseId}`) : null;
    if (earlier) return { ok: true, referralId: earlier, replayed: true as boolean };
    if (input.consentUntil < parisToday()) throw new Abort(fail(422, { consentUntil: 'support.referral.until' }));
    const partner = await tx.selectFrom('partnerships').select('partner_id').where('organisation_id', '=', row.organisation_id).where('partner_id', '=', input.partnerId).executeTakeFirst();
    if (!partner) throw new Abort(fail(422, { partnerId: 'support.form.unknownPartner' }));
    const programme = await programmeById(tx, row.programme_id);
    const shared = await consentedCopy(tx, row, input.fields);
    const referralId = randomUUID();
    await tx
      .insertInto('support_referrals')
      .values({
        id: referralId,
        organisation_id: row.organisation_id,
        case_id: caseId,
        programme_id: row.programme_id,
        partner_org_id: input.partnerId,
        shared: JSON.stringify({ programme: programme?.name ?? '', reference: row.reference, ...shared }),
        purpose: input.purpose,
        consent_recorded_by: actor.userId,
        consent_until: input.consentUntil,
      })
      .execute();
    if (idempotencyKey) await settleKey(tx, actor, idempotencyKey, referralId);
    await audit(tx, { action: 'support.referral.create', actor, targetType: 'support_case', targetId: caseId, details: { partner: input.partnerId, fields: input.fields, until: input.consentUntil } });
    await tellPartnerContact(tx, row.organisation_id as string, input.partnerId, { what: 'referred', landlord: await landlordName(tx, row.organisation_id as string) }, baseUrl);
    return { ok: true, referralId, replayed: false as boolean };
  });
}

/** Revokes (the person withdrew consent) or ends (the partner's part is done) a referral: the partner's access stops in that transaction. */
export async function closeReferral(db: Db, actor: Actor, caseId: string, referralId: string, how: 'revoked' | 'ended', answer = '', baseUrl = ''): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (!isUuid(referralId)) throw new Abort(fail(404));
    const r = await tx
      .updateTable('support_referrals')
      .set({ status: how, closed_at: sql`now()`, answer })
      .where('id', '=', referralId)
      .where('case_id', '=', caseId)
      .where('status', '=', 'active')
      .returning('partner_org_id')
      .executeTakeFirst();
    // Not a referral of this case: 404 (security finding 13); one already closed: 409.
    if (!r) throw new Abort((await ofCase(tx, 'support_referrals', referralId, caseId)) ? fail(409, { form: 'support.transition.refused' }) : fail(404));
    await audit(tx, { action: `support.referral.${how}`, actor, targetType: 'support_case', targetId: caseId, details: { referral: referralId } });
    // The association hears that its access ended (not why the person withdrew, nor who).
    await tellPartnerContact(tx, row.organisation_id as string, r.partner_org_id as string, { what: how, landlord: await landlordName(tx, row.organisation_id as string) }, baseUrl);
    return { ok: true };
  });
}

/**
 * A case's active referrals to partners on Palier end with the case (closed, or transferred to another
 * programme): the person's consent was given for this follow-up, so the association's access stops in the
 * same transaction, and it is told, as when an adviser ends one (not why, nor who).
 */
export async function endActiveReferrals(tx: Tx, actor: Actor, caseId: string, landlordId: string, why: 'closed' | 'transfer', baseUrl: string): Promise<number> {
  const ended = await tx
    .updateTable('support_referrals')
    .set({ status: 'ended', closed_at: sql`now()` })
    .where('case_id', '=', caseId)
    .where('status', '=', 'active')
    .returning(['id', 'partner_org_id'])
    .execute();
  if (!ended.length) return 0;
  const landlord = await landlordName(tx, landlordId);
  for (const r of ended) {
    await audit(tx, { action: 'support.referral.ended', actor, targetType: 'support_case', targetId: caseId, details: { referral: r.id, why } });
    await tellPartnerContact(tx, landlordId, r.partner_org_id as string, { what: 'ended', landlord }, baseUrl);
  }
  return ended.length;
}

async function landlordName(tx: Tx, orgId: string): Promise<string> {
  return ((await tx.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst())?.name as string | undefined) ?? '';
}

export type PartnerReferral = { id: string; landlord: string; purpose: string; consent_until: string; shared: Record<string, SharedValue> };

/** What a partner association sees: the active referrals made to it, each only with its shared fields. Audited. */
export async function referralsForPartner(db: Db, actor: Actor): Promise<Result<{ referrals: PartnerReferral[] }>> {
  const d = authorize(actor, 'support.referrals.partner');
  if (d !== 'allow') return denied(d);
  return withTenant(db, { orgId: actor.orgId, userId: actor.userId }, async (tx) => {
    const rows = await tx
      .selectFrom('support_referrals as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select(['r.id', 'o.name as landlord', 'r.purpose', 'r.shared'])
      .select((s) => s.fn<string>('to_char', [s.ref('r.consent_until'), s.val('YYYY-MM-DD')]).as('consent_until'))
      .where('r.partner_org_id', '=', actor.orgId)
      .orderBy('r.consent_given_at', 'desc')
      .execute();
    await audit(tx, { action: 'support.referral.read', actor, targetType: 'support_referral', details: { ids: rows.map((r) => r.id) } });
    return { ok: true, referrals: rows as PartnerReferral[] };
  });
}
