import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { programmeById } from '../db/cases.js';
import { parisToday } from '../domain/local-date.js';
import type { ExternalReferralInput } from '../schemas.js';
import { caseForWrite } from './case-actions.js';
import { consentedCopy, type SharedValue } from './referrals.js';
import { Abort, fail, inTransaction, isUuid, type Result } from './result.js';

export type ExternalReferral = {
  id: string;
  association: string;
  contact: string;
  shared: Record<string, SharedValue>;
  purpose: string;
  consent_given_at: Date;
  consent_until: string;
  status: 'sent' | 'accepted' | 'declined' | 'withdrawn';
  answer: string;
  answered_at: Date | null;
  adviser: string | null;
  withdrawn_at: Date | null;
  withdraw_reason: string;
  /** The day the consent was recorded as ended (the withdrawal's day, Paris time). */
  consent_ended_on: string | null;
};

/**
 * Refers the case to an association that is not on Palier: the person's consent is recorded (what,
 * to whom, until when) and a copy of only the consented fields is kept for the sheet to print.
 */
export async function referExternally(db: Db, actor: Actor, caseId: string, input: ExternalReferralInput): Promise<Result<{ referralId: string }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (input.consentUntil < parisToday()) throw new Abort(fail(422, { extUntil: 'support.referral.until' }));
    const programme = await programmeById(tx, row.programme_id);
    const shared = await consentedCopy(tx, row, input.fields);
    const referralId = randomUUID();
    await tx
      .insertInto('support_external_referrals')
      .values({
        id: referralId,
        organisation_id: row.organisation_id,
        case_id: caseId,
        programme_id: row.programme_id,
        association: input.association,
        contact: input.contact,
        shared: JSON.stringify({ programme: programme?.name ?? '', reference: row.reference, ...shared }),
        purpose: input.purpose,
        consent_recorded_by: actor.userId,
        consent_until: input.consentUntil,
      })
      .execute();
    await audit(tx, { action: 'support.external_referral.create', actor, targetType: 'support_case', targetId: caseId, details: { referral: referralId, fields: input.fields, until: input.consentUntil } });
    return { ok: true, referralId };
  });
}

/** The association's answer (accepted or declined, with what it said), recorded once. */
export async function recordExternalAnswer(db: Db, actor: Actor, caseId: string, referralId: string, status: 'accepted' | 'declined', answer: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    await caseForWrite(tx, actor, caseId);
    if (!isUuid(referralId)) throw new Abort(fail(404));
    const r = await tx
      .updateTable('support_external_referrals')
      .set({ status, answer, answered_at: sql`now()`, answered_by: actor.userId })
      .where('id', '=', referralId)
      .where('case_id', '=', caseId)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await tx.selectFrom('support_external_referrals').select('id').where('id', '=', referralId).where('case_id', '=', caseId).executeTakeFirst();
      throw new Abort(exists ? fail(409, { form: 'support.external.alreadyAnswered' }) : fail(404));
    }
    await audit(tx, { action: 'support.external_referral.answer', actor, targetType: 'support_case', targetId: caseId, details: { referral: referralId, status } });
    return { ok: true };
  });
}

/**
 * Withdraws a referral sheet, printed or not (the paper is out: this records that it no longer stands): the reason is
 * kept, the person's consent is recorded as ended today, and a sheet printed again says it was withdrawn and when.
 * Whatever the association answered stays on record; a sheet is withdrawn once (409 after).
 */
export async function withdrawExternalReferral(db: Db, actor: Actor, caseId: string, referralId: string, reason: string): Promise<Result<{ consentEndedOn: string }>> {
  return inTransaction(db, actor, async (tx) => {
    await caseForWrite(tx, actor, caseId);
    if (!isUuid(referralId)) throw new Abort(fail(404));
    const why = reason.trim();
    if (why.length < 10 || why.length > 500) throw new Abort(fail(422, { withdrawReason: 'support.external.withdrawReasonRequired' }));
    const today = parisToday();
    const r = await tx
      .updateTable('support_external_referrals')
      .set({ status: 'withdrawn', withdrawn_at: sql`now()`, withdrawn_by: actor.userId, withdraw_reason: why, consent_ended_on: today })
      .where('id', '=', referralId)
      .where('case_id', '=', caseId)
      .where('status', '<>', 'withdrawn')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await tx.selectFrom('support_external_referrals').select('id').where('id', '=', referralId).where('case_id', '=', caseId).executeTakeFirst();
      throw new Abort(exists ? fail(409, { form: 'support.external.alreadyWithdrawn' }) : fail(404));
    }
    await audit(tx, { action: 'support.external_referral.withdraw', actor, targetType: 'support_case', targetId: caseId, details: { referral: referralId, reason: why, consentEndedOn: today } });
    return { ok: true, consentEndedOn: today };
  });
}

/** One referral's sheet, for the people who follow the case; the printing (HTML or PDF) is audited. */
export async function externalSheet(db: Db, actor: Actor, caseId: string, referralId: string, format: 'html' | 'pdf'): Promise<Result<{ referral: ExternalReferral; organisation: string }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (!isUuid(referralId)) throw new Abort(fail(404));
    const referral = (await externalQuery(tx).where('r.id', '=', referralId).where('r.case_id', '=', caseId).executeTakeFirst()) as ExternalReferral | undefined;
    if (!referral) throw new Abort(fail(404));
    const org = await tx.selectFrom('organisations').select('name').where('id', '=', row.organisation_id).executeTakeFirst();
    await audit(tx, { action: 'support.external_referral.sheet', actor, targetType: 'support_case', targetId: caseId, details: { referral: referralId, format } });
    return { ok: true, referral, organisation: (org?.name as string | undefined) ?? '' };
  });
}

type Q = Parameters<Parameters<typeof inTransaction>[2]>[0];
export function externalQuery(tx: Q) {
  return tx
    .selectFrom('support_external_referrals as r')
    .leftJoin('users as u', 'u.id', 'r.consent_recorded_by')
    .select(['r.id', 'r.association', 'r.contact', 'r.shared', 'r.purpose', 'r.consent_given_at', 'r.status', 'r.answer', 'r.answered_at', 'u.display_name as adviser', 'r.withdrawn_at', 'r.withdraw_reason'])
    .select((s) => s.fn<string>('to_char', [s.ref('r.consent_until'), s.val('YYYY-MM-DD')]).as('consent_until'))
    .select((s) => s.fn<string | null>('to_char', [s.ref('r.consent_ended_on'), s.val('YYYY-MM-DD')]).as('consent_ended_on'));
}
