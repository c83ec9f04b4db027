import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { caseAccess, caseById, type CaseRow, programmeById } from '../db/cases.js';
import { CASE_MACHINE, type CaseEvent } from '../domain/case-status.js';
import { STAGE_MACHINES } from '../domain/stages.js';
import { type LeaseStageInput, leaseStageColumns, slideInRegister } from './lease-slide.js';
import { planLeaseEnd } from './lease-plan.js';
import { endActiveReferrals } from './referrals.js';
import { isEndToCome } from '../domain/lease-days.js';
import { parisToday } from '../domain/local-date.js';
import { next } from '../domain/transitions.js';
import { canWriteCase, canWriteWithToken } from '../policy.js';
import { Abort, denied, fail, inTransaction, isUuid, ofCase, type Result } from './result.js';

/** The case, if the actor may write on it (an API token: see canWriteWithToken); otherwise the transaction stops with 404/403. */
export async function caseForWrite(tx: Tx, actor: Actor, caseId: string): Promise<CaseRow> {
  const row = await caseById(tx, caseId);
  if (!row) throw new Abort(fail(404));
  const d = canWriteCase(actor, await caseAccess(tx, row));
  if (d !== 'allow') throw new Abort(denied(d));
  if (actor.kind === 'token') {
    const programme = await programmeById(tx, row.programme_id);
    if (canWriteWithToken(actor, programme?.sensitivity ?? 'highly_sensitive', row.organisation_id) !== 'allow') throw new Abort(fail(403, { form: 'support.api.stepUpRequired' }));
  }
  return row;
}

const touch = (tx: Tx, caseId: string) => tx.updateTable('support_cases').set({ last_contact_at: sql`now()` }).where('id', '=', caseId).execute();

export async function addNote(db: Db, actor: Actor, caseId: string, body: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    await tx.insertInto('support_case_notes').values({ organisation_id: row.organisation_id, case_id: caseId, author_user_id: actor.userId, body }).execute();
    await touch(tx, caseId);
    // The note's text stays out of the trail: the trail is read by people who must not read the case.
    await audit(tx, { action: 'support.case.note', actor, targetType: 'support_case', targetId: caseId });
    return { ok: true };
  });
}

export async function completeStep(db: Db, actor: Actor, caseId: string, stepId: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    await caseForWrite(tx, actor, caseId);
    if (!isUuid(stepId)) throw new Abort(fail(404));
    const r = await tx.updateTable('support_case_steps').set({ done_at: sql`now()` }).where('id', '=', stepId).where('case_id', '=', caseId).where('done_at', 'is', null).executeTakeFirst();
    // Not a step of this case (or none): 404, as for a case one may not read; an existing one already done: 409.
    if (Number(r.numUpdatedRows) === 0) throw new Abort(fail((await ofCase(tx, 'support_case_steps', stepId, caseId)) ? 409 : 404));
    await touch(tx, caseId);
    await audit(tx, { action: 'support.case.step', actor, targetType: 'support_case', targetId: caseId, details: { step: stepId } });
    return { ok: true };
  });
}

/**
 * Moves a sliding lease, an adaptation request or a transfer to its next stage, kept in its history for delays.
 * A sliding lease's slide passes the lease to the household in the directory's register on the day given
 * (`lease.slideOn`, today by default), in this transaction; its other outcome needs a reason and its last
 * day, which closes the register's occupancy (`lease`, see commands/lease-slide.ts); a last day to come is
 * planned instead (the stage stays, `plannedEndOn` is returned; commands/lease-plan.ts).
 */
export async function advanceStage(db: Db, actor: Actor, caseId: string, event: string, now = new Date(), lease: LeaseStageInput = {}): Promise<Result<{ stage: string; plannedEndOn?: string }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const programme = await programmeById(tx, row.programme_id);
    const machine = programme && STAGE_MACHINES[programme.kind];
    if (!machine || !row.stage) throw new Abort(fail(409, { event: 'support.transition.refused' }));
    const step = next(machine, row.stage, event);
    if (!step.ok) throw new Abort(fail(409, { event: step.error }));
    const isLease = programme?.kind === 'sliding_lease';
    // An end to come is planned, not recorded: the stage and the register wait for its day (commands/lease-plan.ts).
    if (isLease && step.to === 'other_outcome' && isEndToCome(lease.endOn, parisToday(now))) return planLeaseEnd(tx, actor, row, lease, now);
    // A missing reason or a day refused is refused before the stage is written (the transaction undoes any register write).
    const leaseColumns = isLease ? await leaseStageColumns(tx, actor, row, step.to, lease, now) : {};
    // The stage compared in WHERE makes two simultaneous moves from the same stage land only once.
    const r = await tx.updateTable('support_cases').set({ stage: step.to, stage_since: now, last_contact_at: now, ...leaseColumns }).where('id', '=', caseId).where('stage', '=', row.stage).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new Abort(fail(409, { event: 'support.transition.refused' }));
    // After the case's row is locked by the update above: of two simultaneous slides, the second stops there.
    if (isLease && step.to === 'slid') await slideInRegister(tx, actor, row, leaseColumns.lease_slid_on as string);
    await tx.insertInto('support_stage_history').values({ organisation_id: row.organisation_id, case_id: caseId, stage: step.to, at: now }).execute();
    await tx.updateTable('support_case_steps').set({ done_at: now }).where('case_id', '=', caseId).where('key', '=', step.to).where('done_at', 'is', null).execute();
    await audit(tx, { action: 'support.case.stage', actor, targetType: 'support_case', targetId: caseId, details: { from: row.stage, to: step.to } });
    return { ok: true, stage: step.to };
  });
}

/** Closes or reopens a case; a closure ends its active referrals to partners (their access stops with it). */
export async function changeCaseStatus(db: Db, actor: Actor, caseId: string, event: CaseEvent, outcome: string | null, baseUrl = ''): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const step = next(CASE_MACHINE, row.status, event);
    if (!step.ok) throw new Abort(fail(409, { event: step.error }));
    if (event === 'close' && !outcome) throw new Abort(fail(422, { outcome: 'form.required' }));
    await tx
      .updateTable('support_cases')
      .set({ status: step.to, outcome: event === 'close' ? outcome : null, closed_at: event === 'close' ? sql`now()` : null, last_contact_at: sql`now()` })
      .where('id', '=', caseId)
      .execute();
    await audit(tx, { action: `support.case.${event}`, actor, targetType: 'support_case', targetId: caseId });
    if (event === 'close') await endActiveReferrals(tx, actor, caseId, row.organisation_id as string, 'closed', baseUrl);
    return { ok: true };
  });
}

/** Adds a colleague to the case: only a social adviser or the programme's manager, by someone who follows it. */
export async function assignAdviser(db: Db, actor: Actor, caseId: string, userId: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (!isUuid(userId)) throw new Abort(fail(422, { userId: 'support.form.notAdviser' }));
    const member = await tx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', userId)
      .where('organisation_id', '=', row.organisation_id)
      .where('role', 'in', ['social_adviser', 'programme_manager'])
      .executeTakeFirst();
    if (!member) throw new Abort(fail(422, { userId: 'support.form.notAdviser' }));
    await tx
      .insertInto('support_case_assignments')
      .values({ organisation_id: row.organisation_id, case_id: caseId, programme_id: row.programme_id, user_id: userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit(tx, { action: 'support.case.assign', actor, targetType: 'support_case', targetId: caseId, details: { user: userId } });
    return { ok: true };
  });
}

/** A legal hold (litigation, a request from the authorities) suspends the retention rule for this case; only its programme's manager sets or lifts it. */
export async function setLegalHold(db: Db, actor: Actor, caseId: string, hold: boolean): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const programme = await programmeById(tx, row.programme_id);
    if (programme?.manager_user_id !== actor.userId) throw new Abort(fail(403));
    await tx.updateTable('support_cases').set({ legal_hold: hold }).where('id', '=', caseId).execute();
    await audit(tx, { action: hold ? 'support.case.hold' : 'support.case.release', actor, targetType: 'support_case', targetId: caseId });
    return { ok: true };
  });
}
