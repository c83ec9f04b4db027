import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export type RetentionCandidate = {
  id: string;
  organisation_id: string;
  programme_id: string;
  opened_at: Date;
  closed_at: Date;
  action: 'anonymise' | 'delete';
  /** Commission decisions and the fund's ledger are records of their own: such a case is anonymised, never deleted. */
  has_money: boolean;
};

/** When neither the programme nor the organisation sets a period: two years, as the issue says. */
export const DEFAULT_RETENTION_MONTHS = 24;

/**
 * Closed cases whose programme's retention period has run out at `now`: counted from the closure
 * or from the last contact (whichever is later), as the programme says; a programme with no period of
 * its own follows the organisation's whole rule — period, starting point and action (`support_settings`, else 24
 * months after the last contact, anonymised). Legal holds are skipped;
 * rows are locked so two runs never treat the same case.
 */
export async function casesPastRetention(tx: Tx, now: Date, limit: number): Promise<RetentionCandidate[]> {
  return (await tx
    .selectFrom('support_cases as c')
    .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
    .leftJoin('support_settings as s', 's.organisation_id', 'c.organisation_id')
    .select(['c.id', 'c.organisation_id', 'c.programme_id', 'c.opened_at', 'c.closed_at'])
    // A programme with a period of its own keeps its whole rule; one without follows the organisation's whole rule.
    .select(sql<'anonymise' | 'delete'>`case when p.retention_months is null then coalesce(s.retention_action, 'anonymise') else p.retention_action end`.as('action'))
    .select(sql<boolean>`exists (select 1 from support_decisions d where d.case_id = c.id)`.as('has_money'))
    .where('c.status', '=', 'closed')
    .where('c.legal_hold', '=', false)
    .where('c.anonymised_at', 'is', null)
    .where(sql<boolean>`(case when (case when p.retention_months is null then coalesce(s.retention_from, 'last_contact') else p.retention_from end) = 'closure' then c.closed_at else greatest(c.last_contact_at, c.closed_at) end) + make_interval(months => coalesce(p.retention_months, s.retention_months, ${DEFAULT_RETENTION_MONTHS})::int) <= ${now}`)
    .orderBy('c.closed_at')
    .limit(limit)
    .forUpdate('c')
    .skipLocked()
    .execute()) as RetentionCandidate[];
}

/** Keeps the case's shape for the figures (programme, dates, stages, amounts) and drops everything that says who. */
export async function anonymiseCase(tx: Tx, caseId: string, now: Date): Promise<void> {
  await tx.deleteFrom('support_case_notes').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('support_case_documents').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('support_eligibility_answers').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('support_case_assignments').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('support_address_readers').where('case_id', '=', caseId).execute();
  // A move-out notice names the household's occupancy: kept, it would say again whose case this was.
  await tx.deleteFrom('support_move_out_notices').where('case_id', '=', caseId).execute();
  await tx.updateTable('support_external_referrals').set({ shared: '{}', purpose: '', answer: '', contact: '', withdraw_reason: '' }).where('case_id', '=', caseId).execute();
  await tx.updateTable('support_referrals').set({ shared: '{}', purpose: '', answer: '' }).where('case_id', '=', caseId).execute();
  await tx.updateTable('support_dossiers').set({ facts: '' }).where('case_id', '=', caseId).execute();
  // A corrected day keeps its days (no person), not the words explaining it.
  await tx.updateTable('support_lease_corrections').set({ reason: '' }).where('case_id', '=', caseId).execute();
  await tx.updateTable('support_cases').set({ household_id: null, person_user_id: null, situation: '', outcome: null, confidential_address: false, lease_dwelling_id: null, end_reason_text: null, lease_end_planned_text: null, anonymised_at: now }).where('id', '=', caseId).execute();
}

/** Deletes the case (its steps, notes, documents, referrals follow) and adds it to the anonymous count of its programme. */
export async function deleteCase(tx: Tx, c: RetentionCandidate): Promise<void> {
  const opened = c.opened_at.getUTCFullYear();
  const closed = c.closed_at.getUTCFullYear();
  await tx
    .insertInto('support_case_counts')
    .values({ organisation_id: c.organisation_id, programme_id: c.programme_id, opened_year: opened, closed_year: closed, cases: 1 })
    .onConflict((oc) => oc.columns(['programme_id', 'opened_year', 'closed_year']).doUpdateSet({ cases: sql`support_case_counts.cases + 1` }))
    .execute();
  await tx.deleteFrom('support_cases').where('id', '=', c.id).execute();
}

/** The storage keys of a case's documents, to remove their files once the rows are gone. */
export async function documentKeys(tx: Tx, caseId: string): Promise<string[]> {
  return (await tx.selectFrom('support_case_documents').select('storage_key').where('case_id', '=', caseId).execute()).map((r) => r.storage_key as string);
}
