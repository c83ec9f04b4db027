import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { addressMarkedConfidential } from '../../../platform/privacy/confidential-addresses.js';
import { caseForWrite } from './case-actions.js';
import { Abort, fail, inTransaction, isUuid, type Result } from './result.js';

/** The people named to see a case's confidential address (RLS: only those who see the case). */
export async function addressReaders(tx: Tx, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('support_address_readers').select('user_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.user_id as string);
}

/** Whether this person may see the case's address: always when it is not confidential, else only if named. */
export async function maySeeAddress(tx: Tx, actor: Actor, row: { id: string; confidential_address: boolean }): Promise<boolean> {
  if (!row.confidential_address) return true;
  return (await addressReaders(tx, row.id)).includes(actor.userId);
}

/**
 * Marks the address confidential (the person who does it is named at once) or lifts it. Lifting it,
 * or naming and un-naming people, is for those already named: someone who may not see the address
 * cannot give themselves access.
 */
export async function setConfidentialAddress(db: Db, actor: Actor, caseId: string, confidential: boolean): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (row.confidential_address && !(await maySeeAddress(tx, actor, row))) throw new Abort(fail(403));
    await tx.updateTable('support_cases').set({ confidential_address: confidential }).where('id', '=', caseId).execute();
    if (confidential) {
      // Copies kept by other modules (the concierge desk's subscription) forget the dwelling, in this transaction.
      await addressMarkedConfidential(tx, { landlordId: row.organisation_id as string, householdId: row.household_id as string });
      await tx
        .insertInto('support_address_readers')
        .values({ organisation_id: row.organisation_id, case_id: caseId, user_id: actor.userId, named_by: actor.userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await audit(tx, { action: confidential ? 'support.address.confidential' : 'support.address.public', actor, targetType: 'support_case', targetId: caseId });
    return { ok: true };
  });
}

/** Names (or un-names) a colleague to see its confidential address; done by someone already named. */
export async function nameAddressReader(db: Db, actor: Actor, caseId: string, userId: string, named: boolean): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (!row.confidential_address || !(await maySeeAddress(tx, actor, row))) throw new Abort(fail(403));
    if (!isUuid(userId)) throw new Abort(fail(422, { readerId: 'support.address.notFollower' }));
    if (named) {
      // An adviser or a programme manager of the organisation; naming gives nothing by itself — they
      // see the address only while they also follow the case (assigned, team, manager).
      const staff = await tx.selectFrom('memberships').select('role').where('user_id', '=', userId).where('organisation_id', '=', row.organisation_id).where('role', 'in', ['social_adviser', 'programme_manager']).executeTakeFirst();
      if (!staff) throw new Abort(fail(422, { readerId: 'support.address.notFollower' }));
      await tx.insertInto('support_address_readers').values({ organisation_id: row.organisation_id, case_id: caseId, user_id: userId, named_by: actor.userId }).onConflict((oc) => oc.doNothing()).execute();
    } else {
      if (userId === actor.userId) throw new Abort(fail(422, { readerId: 'support.address.notSelf' }));
      await tx.deleteFrom('support_address_readers').where('case_id', '=', caseId).where('user_id', '=', userId).execute();
    }
    await audit(tx, { action: named ? 'support.address.name' : 'support.address.unname', actor, targetType: 'support_case', targetId: caseId, details: { user: userId } });
    return { ok: true };
  });
}

/** The organisation's social advisers and programme managers: who may be named. */
export async function supportStaff(tx: Tx, organisationId: string): Promise<{ user_id: string; display_name: string }[]> {
  return (await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.display_name'])
    .where('m.organisation_id', '=', organisationId)
    .where('m.role', 'in', ['social_adviser', 'programme_manager'])
    .distinct()
    .orderBy('u.display_name')
    .execute()) as { user_id: string; display_name: string }[];
}
