import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { householdTenancy } from '../../directory/index.js';
import { programmeById } from '../db/cases.js';
import { programmeCovers } from '../domain/scope.js';
import { canWriteWithToken } from '../policy.js';
import { caseForWrite } from './case-actions.js';
import { supportStaff } from './address.js';
import { householdResidents } from './case-person.js';
import { claimKey, settleKey } from './idempotency.js';
import { insertCase } from './open-case.js';
import { endActiveReferrals } from './referrals.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from './result.js';

export type TransferInput = {
  /** The programme the case moves to: another active programme of the same landlord. */
  programmeId: string;
  /** The adviser who follows the new case; empty: the one who transfers it. */
  adviserId?: string;
  /** Why the case moves: the old case's closure outcome. */
  reason: string;
  idempotencyKey?: string;
};

export type Transferred = { caseId: string; reference: string; readable: boolean; replayed: boolean };

/**
 * Moves a case to another programme of the landlord (CiviCase's "change case type", Primero's "transfer"), in one
 * transaction: a new case is opened for the same household and person through openCase's rules (scope, steps,
 * sensitivity and team of the target programme), the situation and the confidential-address mark carried over;
 * the old case is closed with the outcome "transferred" (its reason as the outcome's text), the two linked both ways,
 * its active referrals to partners ended (a partner's consent was given for this case, not for the new one).
 * Documents, notes, eligibility answers and decisions stay on the old case, whose readers do not change.
 */
export async function transferCase(db: Db, actor: Actor, caseId: string, input: TransferInput, baseUrl = '', now = new Date()): Promise<Result<Transferred>> {
  const d = authorize(actor, 'support.cases.write');
  if (d !== 'allow') return denied(d);
  return inTransaction<Transferred>(db, actor, async (tx) => {
    await caseForWrite(tx, actor, caseId);
    const earlier = input.idempotencyKey ? await claimKey(tx, actor, input.idempotencyKey, `transfer_case:${caseId}`, { programmeId: input.programmeId, adviserId: input.adviserId ?? '', reason: input.reason }) : null;
    if (earlier) return { ok: true, ...(await madeEarlier(tx, earlier)), replayed: true };
    // Locked before it is read again: of two transfers at once, the second waits here, then finds the case closed.
    const row = await tx.selectFrom('support_cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'open') throw new Abort(fail(409, { form: 'support.transfer.closed' }));
    const errors: Record<string, string> = {};
    const reason = input.reason.trim();
    if (!reason) errors.reason = 'form.required';
    else if (reason.length > 1000) errors.reason = 'support.form.tooLong';
    const target = await programmeById(tx, input.programmeId);
    if (!target || target.organisation_id !== row.organisation_id) errors.programmeId = 'support.form.unknownProgramme';
    else if (target.id === row.programme_id) errors.programmeId = 'support.transfer.sameProgramme';
    else if ((target as { active?: boolean }).active === false) errors.programmeId = 'support.transfer.inactive';
    const household = await householdTenancy(tx, row.household_id as string);
    if (target && !errors.programmeId && household) {
      // The scope rule of opening: the household's current residence must be one the target programme covers.
      const covered = programmeCovers(target, household.residenceId ? { residenceId: household.residenceId, residenceKind: household.residenceKind } : null);
      if (covered !== 'covered') errors.programmeId = covered === 'outside' ? 'support.transfer.outsideScope' : 'support.transfer.noDwelling';
    }
    const assignee = input.adviserId ? input.adviserId : actor.userId;
    if (!(await isSupportStaff(tx, row.organisation_id as string, assignee))) errors.adviserId = 'support.form.notAdviser';
    if (Object.keys(errors).length) throw new Abort(fail(422, errors));
    if (!target || !household) throw new Abort(fail(422, { programmeId: 'support.form.unknownProgramme' }));
    // A token never opens a case where it could not write (a highly sensitive programme; a sensitive one without the scope).
    if (canWriteWithToken(actor, target.sensitivity, target.organisation_id) !== 'allow') throw new Abort(fail(403, { programmeId: 'support.transfer.notAllowed' }));
    // The person the case is about follows it while still a resident of the household; else the household as a whole.
    const person = row.person_user_id && (await householdResidents(tx, household.id)).some((r) => r.user_id === row.person_user_id) ? (row.person_user_id as string) : null;
    // The address stays confidential; those named to see it keep seeing it on the new case (while they follow it), and
    // a named reader who hands the case on names its new adviser too, as they could name them on the old case.
    const readers = row.confidential_address ? (await tx.selectFrom('support_address_readers').select('user_id').where('case_id', '=', caseId).execute()).map((r) => r.user_id as string) : [];
    if (readers.includes(actor.userId) && !readers.includes(assignee)) readers.push(assignee);
    const made = await insertCase(
      tx,
      actor,
      { programme: target, householdId: household.id, situation: row.situation as string, confidentialAddress: row.confidential_address as boolean, person, assignee, addressReaders: readers, transferredFrom: caseId },
      now,
    );
    const closed = await tx
      .updateTable('support_cases')
      .set({ status: 'closed', closed_as: 'transferred', outcome: reason, closed_at: now, last_contact_at: now, transferred_to_case_id: made.caseId })
      .where('id', '=', caseId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) throw new Abort(fail(409, { form: 'support.transfer.closed' }));
    await endActiveReferrals(tx, actor, caseId, row.organisation_id as string, 'transfer', baseUrl);
    if (input.idempotencyKey) await settleKey(tx, actor, input.idempotencyKey, made.caseId);
    // Ids only: neither the reason nor the programmes' names (a sensitive programme's name says too much) go in the trail.
    await audit(tx, { action: 'support.case.transfer', actor, targetType: 'support_case', targetId: caseId, details: { to: made.caseId, from_programme: row.programme_id, programme: target.id, adviser: assignee } });
    await audit(tx, { action: 'support.case.open', actor, targetType: 'support_case', targetId: made.caseId, details: { programme: target.id, transferred_from: caseId } });
    return { ok: true, ...made, readable: await readable(tx, made.caseId), replayed: false };
  });
}

async function isSupportStaff(tx: Tx, orgId: string, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const m = await tx.selectFrom('memberships').select('user_id').where('user_id', '=', userId).where('organisation_id', '=', orgId).where('role', 'in', ['social_adviser', 'programme_manager']).executeTakeFirst();
  return m !== undefined;
}

/** Whether the person of the transaction may read the case (the cases' row-level security: assigned, team, manager). */
async function readable(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('support_cases').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

async function madeEarlier(tx: Tx, newCaseId: string): Promise<Omit<Transferred, 'replayed'>> {
  // Read under the caller's row-level security: a new case followed by someone else answers with its id only.
  const r = await sql<{ reference: string }>`select reference from support_cases where id = ${newCaseId}`.execute(tx);
  return { caseId: newCaseId, reference: r.rows[0]?.reference ?? '', readable: r.rows.length > 0 };
}

/** What the transfer form offers the person: the landlord's other active programmes, and the colleagues who may follow the new case. */
export async function transferOptions(db: Db, actor: Actor, row: { organisation_id: string; programme_id: string }): Promise<{ programmes: { id: string; name: string }[]; staff: { user_id: string; display_name: string }[] }> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const all = await tx.selectFrom('support_programmes').select(['id', 'name', 'sensitivity']).where('organisation_id', '=', row.organisation_id).where('active', '=', true).where('id', '<>', row.programme_id).orderBy('name').execute();
    const programmes = all.filter((p) => canWriteWithToken(actor, p.sensitivity as string, row.organisation_id) === 'allow').map((p) => ({ id: p.id as string, name: p.name as string }));
    return { programmes, staff: await supportStaff(tx, row.organisation_id) };
  });
}
