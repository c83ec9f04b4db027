import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { caseForWrite } from './case-actions.js';
import { Abort, fail, inTransaction, isUuid, type Result } from './result.js';

export type CasePerson = { current: string | null; options: { user_id: string; display_name: string }[] };

/**
 * Who the case is about: one person of the household with an account, or the household as a whole
 * (null). It decides what reaches each member's data export ("My data"): a case about one person
 * reaches that person only; a household case reaches the members only in an ordinary programme.
 */
export async function casePerson(tx: Tx, caseId: string, householdId: string): Promise<CasePerson> {
  const row = await tx.selectFrom('support_cases').select('person_user_id').where('id', '=', caseId).executeTakeFirst();
  return { current: (row?.person_user_id as string | null) ?? null, options: await householdResidents(tx, householdId) };
}

/** The household's residents with an account: whom a case may be about. */
export async function householdResidents(tx: Tx, householdId: string): Promise<{ user_id: string; display_name: string }[]> {
  return (await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.display_name'])
    .where('m.household_id', '=', householdId)
    .where('m.role', '=', 'resident')
    .orderBy('u.display_name')
    .execute()) as { user_id: string; display_name: string }[];
}

/** The person a case may be about ('' or absent: the household as a whole); anyone but a resident of the household is a field error. */
export async function checkCasePerson(tx: Tx, orgId: string, householdId: string, personUserId: string | undefined): Promise<string | null> {
  if (!personUserId) return null;
  if (!isUuid(personUserId)) throw new Abort(fail(422, { personUserId: 'support.person.notMember' }));
  const member = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('user_id', '=', personUserId)
    .where('organisation_id', '=', orgId)
    .where('household_id', '=', householdId)
    .where('role', '=', 'resident')
    .executeTakeFirst();
  if (!member) throw new Abort(fail(422, { personUserId: 'support.person.notMember' }));
  return personUserId;
}

/** Names the person the case is about ('' for the household as a whole); a resident of the case's household only. */
export async function setCasePerson(db: Db, actor: Actor, caseId: string, personUserId: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const person = await checkCasePerson(tx, row.organisation_id, row.household_id, personUserId);
    await tx.updateTable('support_cases').set({ person_user_id: person }).where('id', '=', caseId).execute();
    await audit(tx, { action: 'support.case.person', actor, targetType: 'support_case', targetId: caseId, details: { person: person ? 'named' : 'household' } });
    return { ok: true };
  });
}
