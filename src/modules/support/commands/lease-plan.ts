import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import type { CaseRow } from '../db/cases.js';
import { leaseEndReason } from '../domain/lease-end.js';
import { plannedEndDay } from '../domain/lease-days.js';
import { parisToday } from '../domain/local-date.js';
import { caseForWrite } from './case-actions.js';
import { endLeaseInRegister, type LeaseStageInput, NO_PLAN } from './lease-slide.js';
import { Abort, fail, inTransaction, type Result } from './result.js';

/**
 * An end to come ("fin de bail prévue"): the case records its last day and reason, and the register is not
 * changed (it never shows a departure to come as done); the daily job support.lease-planned-ends applies it
 * on that day. Same reason rule as an end; the day after today, at most six months ahead (field errors at
 * `endReason` / `endReasonText` / `endOn`, all at once, nothing written). A new plan replaces the previous one.
 * Audited `support.case.lease.plan` (the day and the reason's key; the text stays out of the trail).
 */
export async function planLeaseEnd(tx: Tx, actor: Actor, row: CaseRow, input: LeaseStageInput, now: Date): Promise<Result<{ stage: string; plannedEndOn: string }>> {
  const reason = leaseEndReason(input);
  const day = plannedEndDay(input.endOn, parisToday(now));
  if (!reason.ok || !day.ok) throw new Abort(fail(422, { ...(reason.ok ? {} : reason.errors), ...(day.ok ? {} : { endOn: day.error }) }));
  await tx
    .updateTable('support_cases')
    .set({ lease_end_planned_on: day.day, lease_end_planned_reason: reason.reason, lease_end_planned_text: reason.text, last_contact_at: now })
    .where('id', '=', row.id)
    .execute();
  await audit(tx, { action: 'support.case.lease.plan', actor, targetType: 'support_case', targetId: row.id, details: { on: day.day, reason: reason.reason } });
  return { ok: true, stage: row.stage as string, plannedEndOn: day.day };
}

/** Cancels a planned end (the family stays): the case forgets it, the register was never changed. 409 when none is planned. Audited `support.case.lease.plan.cancel`. */
export async function cancelPlannedEnd(db: Db, actor: Actor, caseId: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    await caseForWrite(tx, actor, caseId);
    const plan = await tx.selectFrom('support_cases').select(sql<string | null>`lease_end_planned_on::text`.as('on')).where('id', '=', caseId).forUpdate().executeTakeFirst();
    if (!plan?.on) throw new Abort(fail(409, { form: 'support.lease.noPlan' }));
    await tx.updateTable('support_cases').set(NO_PLAN).where('id', '=', caseId).execute();
    const cancelled = { on: plan.on };
    await audit(tx, { action: 'support.case.lease.plan.cancel', actor, targetType: 'support_case', targetId: caseId, details: { on: cancelled.on } });
    return { ok: true };
  });
}

type Planned = { id: string; organisation_id: string; household_id: string; lease_dwelling_id: string | null; stage: string; on: string; reason: string; text: string | null };

/**
 * Applies one planned end whose day has come, inside the case's organisation's transaction (the job's): the
 * register's occupancy ends on the planned day through the same step as an end recorded by the adviser
 * (endLeaseInRegister, audited `directory.lease.end`), then the case reaches "other outcome" with the reason
 * and that day, in its stage history. Returns 'applied', 'gone' (no longer planned or already over: nothing
 * to do, so a second run changes nothing) or the register's refusal (the plan stays for the adviser to change).
 */
export async function applyPlannedEnd(tx: Tx, caseId: string, today: string, now: Date): Promise<'applied' | 'gone' | { refused: string }> {
  const row = (await tx
    .selectFrom('support_cases')
    .select(['id', 'organisation_id', 'household_id', 'lease_dwelling_id', 'stage', sql<string>`lease_end_planned_on::text`.as('on'), 'lease_end_planned_reason as reason', 'lease_end_planned_text as text'])
    .where('id', '=', caseId)
    .where('lease_end_planned_on', '<=', sql<Date>`${today}::date`)
    .where('anonymised_at', 'is', null)
    .forUpdate()
    .executeTakeFirst()) as Planned | undefined;
  if (!row) return 'gone';
  if (row.stage === 'slid' || row.stage === 'other_outcome') {
    await tx.updateTable('support_cases').set(NO_PLAN).where('id', '=', caseId).execute();
    return 'gone';
  }
  const refused = await endLeaseInRegister(tx, null, row, row.on);
  if (refused) return { refused };
  await tx
    .updateTable('support_cases')
    .set({ stage: 'other_outcome', stage_since: now, end_reason: row.reason, end_reason_text: row.text, lease_ended_on: row.on, ...NO_PLAN })
    .where('id', '=', caseId)
    .execute();
  await tx.insertInto('support_stage_history').values({ organisation_id: row.organisation_id, case_id: caseId, stage: 'other_outcome', at: now }).execute();
  await tx.updateTable('support_case_steps').set({ done_at: now }).where('case_id', '=', caseId).where('key', '=', 'other_outcome').where('done_at', 'is', null).execute();
  await audit(tx, { action: 'support.case.stage', organisationId: row.organisation_id, targetType: 'support_case', targetId: caseId, details: { from: row.stage, to: 'other_outcome', planned: row.on } });
  return 'applied';
}
