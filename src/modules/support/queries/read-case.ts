import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type HouseholdTenancy, householdTenancy } from '../../directory/index.js';
import { caseAccess, caseById, type CaseRow, type ProgrammeRow, programmeById } from '../db/cases.js';
import { programmeCovers } from '../domain/scope.js';
import { canReadCase } from '../policy.js';
import { answersOfCase, type EligibilityAnswer } from '../db/eligibility.js';
import { type ExternalReferral, externalQuery } from '../commands/external-referrals.js';
import { Abort, denied, fail, inTransaction, type Result } from '../commands/result.js';
import { type TransferLinks, transferLinks } from './transfer-links.js';

export type CaseDetail = {
  row: CaseRow;
  programme: ProgrammeRow;
  household: HouseholdTenancy;
  advisers: { user_id: string; display_name: string }[];
  steps: { id: string; key: string; due_on: string; done_at: Date | null }[];
  notes: { id: string; body: string; created_at: Date; author: string | null }[];
  history: { stage: string; at: Date }[];
  dossiers: { id: string; code: string; status: string; hardship: string; rent_cents: number; resources_cents: number; facts: string }[];
  decisions: { id: string; outcome: string; monthly_cents: number | null; months: number | null; starts_on: string | null; reason: string; decided_at: Date; corrects_id: string | null; held_on: string }[];
  referrals: { id: string; partner: string; purpose: string; consent_until: string; status: string; shared: Record<string, unknown>; answer: string }[];
  documents: { id: string; file_name: string; media_type: string; size_bytes: number; uploaded_at: Date; uploader: string | null }[];
  instalments: { id: string; decision_id: string; due_month: string; amount_cents: number; paid_at: Date | null; released_at: Date | null }[];
  /** False when the address is confidential and this person is not named: the household's residence and dwelling are then removed. */
  addressVisible: boolean;
  /** Who is named to see a confidential address (shown only to those named). */
  addressReaders: { user_id: string; display_name: string }[];
  /** Referrals to associations that are not on Palier (printed sheets), newest first. */
  externalReferrals: ExternalReferral[];
  /** The adviser's answers to the programme's eligibility questions, by question. */
  eligibility: EligibilityAnswer[];
  /** Whether the programme still covers where the household lives today (computed at each read, so a move or a scope edit shows at once). */
  scope: 'covered' | 'outside' | 'noDwelling';
  /** A transfer to or from another programme: the other case named only to those who may read it. */
  transfer: TransferLinks;
};

/**
 * Reads one case for a person who needs to know it, and records that read (who, when, which case,
 * why) in the audit trail within the same transaction. Anyone else gets 404, as if it did not exist.
 */
export async function readCase(db: Db, actor: Actor, caseId: string, why = 'consultation'): Promise<Result<{ detail: CaseDetail }>> {
  const d = authorize(actor, 'support.cases.read');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const row = await caseById(tx, caseId);
    if (!row) throw new Abort(fail(404));
    const decision = canReadCase(actor, await caseAccess(tx, row));
    if (decision !== 'allow') throw new Abort(denied(decision));
    const programme = (await programmeById(tx, row.programme_id)) as ProgrammeRow;
    const tenancy = (await householdTenancy(tx, row.household_id)) as HouseholdTenancy;
    // A confidential address leaves the database only for the people named on the case.
    const readers = row.confidential_address
      ? await tx.selectFrom('support_address_readers as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['r.user_id', 'u.display_name']).where('r.case_id', '=', caseId).orderBy('u.display_name').execute()
      : [];
    const addressVisible = !row.confidential_address || readers.some((r) => r.user_id === actor.userId);
    const household: HouseholdTenancy = addressVisible ? tenancy : { ...tenancy, residenceId: null, residenceName: null, residenceKind: null, dwellingId: null, dwellingReference: null };
    const addressReaders = addressVisible ? (readers as { user_id: string; display_name: string }[]) : [];
    const advisers = await tx
      .selectFrom('support_case_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.user_id', 'u.display_name'])
      .where('a.case_id', '=', caseId)
      .execute();
    const steps = await tx.selectFrom('support_case_steps').select(['id', 'key', 'done_at']).select((s) => s.fn('to_char', [s.ref('due_on'), s.val('YYYY-MM-DD')]).as('due_on')).where('case_id', '=', caseId).orderBy('due_on').execute();
    const notes = await tx
      .selectFrom('support_case_notes as n')
      .leftJoin('users as u', 'u.id', 'n.author_user_id')
      .select(['n.id', 'n.body', 'n.created_at', 'u.display_name as author'])
      .where('n.case_id', '=', caseId)
      .orderBy('n.created_at', 'desc')
      .execute();
    const history = await tx.selectFrom('support_stage_history').select(['stage', 'at']).where('case_id', '=', caseId).orderBy('id').execute();
    const dossiers = await tx.selectFrom('support_dossiers').select(['id', 'code', 'status', 'hardship', 'rent_cents', 'resources_cents', 'facts']).where('case_id', '=', caseId).orderBy('ready_at').execute();
    const decisions = await tx
      .selectFrom('support_decisions as d')
      .innerJoin('support_sessions as s', 's.id', 'd.session_id')
      .select(['d.id', 'd.outcome', 'd.monthly_cents', 'd.months', 'd.reason', 'd.decided_at', 'd.corrects_id'])
      .select((s) => [s.fn('to_char', [s.ref('d.starts_on'), s.val('YYYY-MM-DD')]).as('starts_on'), s.fn('to_char', [s.ref('s.held_on'), s.val('YYYY-MM-DD')]).as('held_on')])
      .where('d.case_id', '=', caseId)
      .orderBy('d.decided_at')
      .execute();
    const instalments = await tx
      .selectFrom('support_instalments')
      .select(['id', 'decision_id', 'amount_cents', 'paid_at', 'released_at'])
      .select((s) => s.fn('to_char', [s.ref('due_month'), s.val('YYYY-MM-DD')]).as('due_month'))
      .where('case_id', '=', caseId)
      .orderBy('due_month')
      .execute();
    const referrals = await tx
      .selectFrom('support_referrals as r')
      .innerJoin('organisations as o', 'o.id', 'r.partner_org_id')
      .select(['r.id', 'o.name as partner', 'r.purpose', 'r.status', 'r.shared', 'r.answer'])
      .select((s) => s.fn('to_char', [s.ref('r.consent_until'), s.val('YYYY-MM-DD')]).as('consent_until'))
      .where('r.case_id', '=', caseId)
      .where('r.organisation_id', '=', row.organisation_id)
      .orderBy('r.consent_given_at', 'desc')
      .execute();
    const documents = await tx
      .selectFrom('support_case_documents as d')
      .leftJoin('users as u', 'u.id', 'd.uploaded_by')
      .select(['d.id', 'd.file_name', 'd.media_type', 'd.size_bytes', 'd.uploaded_at', 'u.display_name as uploader'])
      .where('d.case_id', '=', caseId)
      .orderBy('d.uploaded_at', 'desc')
      .execute();
    const externalReferrals = (await externalQuery(tx).where('r.case_id', '=', caseId).orderBy('r.consent_given_at', 'desc').execute()) as ExternalReferral[];
    const eligibility = await answersOfCase(tx, caseId);
    const transfer = await transferLinks(tx, actor, caseId);
    // From the unmasked tenancy: the notice says the household is outside the scope, never where it lives.
    const scope = programmeCovers(programme, tenancy.residenceId ? { residenceId: tenancy.residenceId, residenceKind: tenancy.residenceKind } : null);
    await audit(tx, { action: 'support.case.read', actor, targetType: 'support_case', targetId: caseId, details: { why, ...(row.confidential_address ? { address: addressVisible && actor.kind !== 'token' } : {}), ...(actor.kind === 'token' ? { via: 'token' } : {}) } });
    return { ok: true, detail: { row, programme, household, advisers, steps, notes, history, dossiers, decisions, instalments, referrals, documents, addressVisible, addressReaders, externalReferrals, eligibility, scope, transfer } as CaseDetail };
  });
}
