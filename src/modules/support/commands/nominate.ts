import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { householdTenancy } from '../../directory/index.js';
import { programmeById } from '../db/cases.js';
import type { NominateInput } from '../schemas.js';
import { caseForWrite } from './case-actions.js';
import { type AnswerInput, saveAnswers } from './eligibility.js';
import { Abort, fail, inTransaction, type Result } from './result.js';

/**
 * The adviser puts a rent-aid case before the commission with only what the commission needs:
 * the hardship, the rent receipt, the resources, the household's size and a few facts, under a code.
 * Every eligibility question of the programme must have its answer (given with the nomination or before).
 */
export async function nominate(db: Db, actor: Actor, caseId: string, input: NominateInput, answers: AnswerInput[] = []): Promise<Result<{ dossierId: string; code: string }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const programme = await programmeById(tx, row.programme_id);
    if (programme?.kind !== 'rent_aid' || row.status !== 'open') throw new Abort(fail(409, { form: 'support.transition.refused' }));
    const pending = await tx.selectFrom('support_dossiers').select('id').where('case_id', '=', caseId).where('status', 'in', ['ready', 'on_agenda']).executeTakeFirst();
    if (pending) throw new Abort(fail(409, { form: 'support.nominate.pending' }));
    // The programme's eligibility questions are answered, here or before, before the commission sees the dossier.
    await saveAnswers(tx, actor, row, programme, answers, false);
    const answered = await tx.selectFrom('support_eligibility_answers').select('question_index').where('case_id', '=', caseId).execute();
    const missing = programme.eligibility.map((_, i) => i).filter((i) => !answered.some((a) => a.question_index === i));
    if (missing.length > 0) throw new Abort(fail(422, Object.fromEntries(missing.map((i) => [`q${i}`, 'support.eligibility.required']))));
    const tenancy = await householdTenancy(tx, row.household_id);
    if (!tenancy?.rentCents) throw new Abort(fail(422, { form: 'support.nominate.noRent' }));
    const dossierId = randomUUID();
    const code = `D-${new Date().getFullYear()}-${dossierId.slice(0, 6).toUpperCase()}`;
    await tx
      .insertInto('support_dossiers')
      .values({
        id: dossierId,
        organisation_id: row.organisation_id,
        case_id: caseId,
        programme_id: row.programme_id,
        code,
        hardship: input.hardship,
        rent_cents: tenancy.rentCents,
        resources_cents: input.resources,
        household_size: tenancy.members,
        facts: input.facts,
      })
      .execute();
    await audit(tx, { action: 'support.dossier.nominate', actor, targetType: 'support_case', targetId: caseId, details: { dossier: code } });
    return { ok: true, dossierId, code };
  });
}
