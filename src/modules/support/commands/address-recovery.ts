import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { caseById, programmeById } from '../db/cases.js';
import { Abort, asActor, fail, inTransaction, isUuid, type Result } from './result.js';

const SUPPORT_ROLES = ['social_adviser', 'programme_manager'];

/** Whether someone named on the case is still an adviser or programme manager of the organisation. */
async function anyReaderLeft(tx: Tx, caseId: string, orgId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('support_address_readers as r')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'r.user_id').on('m.organisation_id', '=', orgId).on('m.role', 'in', SUPPORT_ROLES))
    .select('r.user_id')
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The case, when the actor is its programme's manager and its address is confidential; else the refusal. */
async function caseOfManager(tx: Tx, actor: Actor, caseId: string) {
  if (authorize(actor, 'support.programmes.manage') !== 'allow') throw new Abort(fail(403));
  if (!isUuid(caseId)) throw new Abort(fail(404));
  const row = await caseById(tx, caseId);
  if (!row) throw new Abort(fail(404));
  const programme = await programmeById(tx, row.programme_id);
  if (programme?.manager_user_id !== actor.userId) throw new Abort(fail(403));
  if (!row.confidential_address || row.status !== 'open') throw new Abort(fail(409, { form: 'support.address.recover.notNeeded' }));
  return row;
}

/** Whether the programme's manager may name a new reader: every person named has left the organisation's support staff. */
export async function addressRecoverable(db: Db, actor: Actor, caseId: string): Promise<boolean> {
  if (authorize(actor, 'support.programmes.manage') !== 'allow') return false;
  return asActor(db, actor, async (tx) => {
    try {
      const row = await caseOfManager(tx, actor, caseId);
      return !(await anyReaderLeft(tx, caseId, row.organisation_id));
    } catch (e) {
      if (e instanceof Abort) return false;
      throw e;
    }
  });
}

/**
 * When every person named to see a confidential address has left, nobody can name anyone any more: the
 * programme's manager names a new reader (themselves or an adviser, who sees it while they follow the
 * case), giving the reason. Refused while someone named is still there (409: ask them). Audited with
 * the reason (`support.address.recover`), as is any naming.
 */
export async function recoverAddressReader(db: Db, actor: Actor, caseId: string, input: { readerId: string; reason: string }): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseOfManager(tx, actor, caseId);
    if (await anyReaderLeft(tx, caseId, row.organisation_id)) throw new Abort(fail(409, { form: 'support.address.recover.readersLeft' }));
    const errors: Record<string, string> = {};
    const reason = input.reason.trim();
    if (reason.length < 10 || reason.length > 500) errors.reason = 'support.address.recover.reason';
    const staff = isUuid(input.readerId)
      ? await tx.selectFrom('memberships').select('user_id').where('user_id', '=', input.readerId).where('organisation_id', '=', row.organisation_id).where('role', 'in', SUPPORT_ROLES).executeTakeFirst()
      : undefined;
    if (!staff) errors.readerId = 'support.address.notFollower';
    if (Object.keys(errors).length) throw new Abort(fail(422, errors));
    await tx.insertInto('support_address_readers').values({ organisation_id: row.organisation_id, case_id: caseId, user_id: input.readerId, named_by: actor.userId }).onConflict((oc) => oc.doNothing()).execute();
    await audit(tx, { action: 'support.address.recover', actor, targetType: 'support_case', targetId: caseId, details: { user: input.readerId, reason } });
    return { ok: true };
  });
}
