import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { programmeById } from '../db/cases.js';
import type { ProgrammeScope } from '../domain/scope.js';
import { openCasesOutOfScope } from '../queries/out-of-scope.js';
import type { ProgrammeInput } from '../schemas-programme.js';
import { applySensitivityChange } from './lower-sensitivity.js';
import { Abort, denied, fail, inTransaction, type Result } from './result.js';
import { noticeOfScopeEdit } from './scope-edit-notices.js';

/** Partners and residences must be the organisation's own: a forged id in the form is a field error, not a link to elsewhere. */
async function checkReferences(tx: Tx, orgId: string, input: ProgrammeInput): Promise<void> {
  const errors: Record<string, string> = {};
  if (input.partnerIds.length) {
    const found = await tx.selectFrom('partnerships').select('partner_id').where('organisation_id', '=', orgId).where('partner_id', 'in', input.partnerIds).execute();
    if (found.length !== input.partnerIds.length) errors.partnerIds = 'support.form.unknownPartner';
  }
  if (input.residenceIds.length) {
    const found = await tx.selectFrom('residences').select('id').where('id', 'in', input.residenceIds).execute();
    if (found.length !== input.residenceIds.length) errors.residenceIds = 'support.programme.unknownResidence';
  }
  if (Object.keys(errors).length) throw new Abort(fail(422, errors));
}

function columns(input: ProgrammeInput, keep: Set<string>) {
  // A step keeps its key while edited, so the cases already following it stay attached; new rows get a fresh key.
  const steps = input.steps.map((s) => ({
    key: s.key && keep.has(s.key) ? s.key : `step_${randomUUID().slice(0, 8)}`,
    label: s.label,
    dueDays: s.dueDays,
  }));
  return {
    name: input.name,
    sensitivity: input.sensitivity,
    partner_org_id: input.partnerIds[0] ?? null,
    partner_org_ids: sql`${input.partnerIds}::uuid[]`,
    residence_kinds: input.residenceKinds,
    residence_ids: sql`${input.residenceIds}::uuid[]`,
    eligibility: JSON.stringify(input.eligibility),
    steps: JSON.stringify(steps),
    retention_months: input.retentionMonths,
    retention_from: input.retentionFrom,
    retention_action: input.retentionAction,
    legal_basis: input.legalBasis,
    notice: input.notice,
    updated_at: sql`now()`,
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
function scopeChanged(current: ProgrammeScope, next: ProgrammeScope): boolean {
  return !sameSet(current.residence_ids, next.residence_ids) || !sameSet(current.residence_kinds, next.residence_kinds);
}

async function nameTaken(tx: Tx, name: string, exceptId: string | null): Promise<boolean> {
  let q = tx.selectFrom('support_programmes').select('id').where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * Creates a programme from its configuration: a programme manager sets up a new programme of an
 * existing kind with no code. The creator becomes its manager, and so sees its cases.
 */
export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput): Promise<Result<{ programmeId: string }>> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (await nameTaken(tx, input.name, null)) throw new Abort(fail(422, { name: 'support.programme.nameTaken' }));
    await checkReferences(tx, actor.orgId as string, input);
    const row = await tx
      .insertInto('support_programmes')
      .values({
        organisation_id: actor.orgId,
        kind: input.kind,
        manager_user_id: actor.userId,
        ...columns(input, new Set()),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'support.programme.create',
      actor,
      targetType: 'support_programme',
      targetId: row.id as string,
      details: { kind: input.kind },
    });
    return { ok: true, programmeId: row.id as string };
  });
}

/**
 * Changes a programme's configuration; only its manager may. The kind stays (cases follow its
 * stages); changed steps apply to cases opened from now on. A scope change that would leave open
 * cases outside the programme's residences is refused (422 at `confirmOutOfScope`) unless confirmed.
 * Lowering a sensitive programme with a named team to *normal* needs `confirmLowering` (`applySensitivityChange`).
 */
export async function updateProgramme(
  db: Db,
  actor: Actor,
  programmeId: string,
  input: ProgrammeInput,
  opts: { confirmOutOfScope?: boolean; confirmLowering?: boolean; baseUrl?: string } = {},
): Promise<Result> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const current = await programmeById(tx, programmeId);
    if (!current) throw new Abort(fail(404));
    if (current.manager_user_id !== actor.userId) throw new Abort(fail(403));
    if (await nameTaken(tx, input.name, programmeId)) throw new Abort(fail(422, { name: 'support.programme.nameTaken' }));
    await checkReferences(tx, current.organisation_id, input);
    // A narrower scope may leave open cases outside it: they stay open, but the manager says so knowingly.
    const scope = { residence_ids: input.residenceIds, residence_kinds: input.residenceKinds };
    const leftOut = scopeChanged(current, scope) ? await openCasesOutOfScope(tx, programmeId, scope) : [];
    const left = leftOut.length;
    if (left > 0 && !opts.confirmOutOfScope) throw new Abort(fail(422, { confirmOutOfScope: 'support.scope.confirmNeeded' }));
    await applySensitivityChange(tx, actor, programmeId, current.sensitivity, input.sensitivity, opts.confirmLowering === true);
    await tx
      .updateTable('support_programmes')
      .set(columns(input, new Set(current.steps.map((s) => s.key))))
      .where('id', '=', programmeId)
      .execute();
    await audit(tx, {
      action: 'support.programme.update',
      actor,
      targetType: 'support_programme',
      targetId: programmeId,
      // How many open cases the manager knowingly left outside the new scope (a count, never which).
      details: left > 0 ? { openCasesOutOfScope: left } : undefined,
    });
    if (left > 0) {
      // Only the cases this edit leaves out: those already outside the former scope were told by the board.
      const before = new Set((await openCasesOutOfScope(tx, programmeId, current)).map((c) => c.id));
      await noticeOfScopeEdit(tx, {
        organisationId: current.organisation_id,
        managerId: actor.userId as string,
        programmeName: input.name,
        sensitive: current.sensitivity !== 'normal' || input.sensitivity !== 'normal',
        caseIds: leftOut.filter((c) => !before.has(c.id)).map((c) => c.id),
        baseUrl: opts.baseUrl ?? '',
      });
    }
    return { ok: true };
  });
}
