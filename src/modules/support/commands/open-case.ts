import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { addressMarkedConfidential } from '../../../platform/privacy/confidential-addresses.js';
import { householdTenancy, recordSublease } from '../../directory/index.js';
import { type ProgrammeRow, programmeById } from '../db/cases.js';
import { parisToday } from '../domain/local-date.js';
import { programmeCovers } from '../domain/scope.js';
import { canWriteWithToken } from '../policy.js';
import { initialStage, leaseMilestones, stepTimeline } from '../domain/stages.js';
import type { OpenCaseInput } from '../schemas.js';
import { checkCasePerson } from './case-person.js';
import { type AnswerInput, saveAnswers } from './eligibility.js';
import { claimKey, settleKey } from './idempotency.js';
import { defaultLease } from './lease-slide.js';
import { Abort, denied, fail, inTransaction, type Result } from './result.js';

/**
 * Opens a case for a household in a programme; the adviser who opens it is assigned to it, so the
 * case is theirs to see from the start. The programme's steps become the case's timeline. Eligibility
 * answers given at opening (form or API) are checked like later ones: a bad one is a field error and
 * nothing is written.
 */
export async function openCase(
  db: Db,
  actor: Actor,
  input: OpenCaseInput & { eligibility?: AnswerInput[]; eligibilityFor?: string; idempotencyKey?: string },
  now = new Date(),
): Promise<Result<{ caseId: string; reference: string; replayed?: boolean }>> {
  const d = authorize(actor, 'support.cases.write');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const earlier = input.idempotencyKey ? await claimKey(tx, actor, input.idempotencyKey, 'open_case') : null;
    if (earlier) {
      const made = await tx.selectFrom('support_cases').select('reference').where('id', '=', earlier).executeTakeFirst();
      if (!made) throw new Abort(fail(409, { idempotencyKey: 'support.api.keyReused' }));
      return { ok: true, caseId: earlier, reference: made.reference as string, replayed: true as boolean };
    }
    const programme = await programmeById(tx, input.programmeId);
    if (!programme) throw new Abort(fail(422, { programmeId: 'support.form.unknownProgramme' }));
    if (canWriteWithToken(actor, programme.sensitivity, programme.organisation_id) !== 'allow') throw new Abort(fail(403, { form: 'support.api.stepUpRequired' }));
    const household = await householdTenancy(tx, input.householdId);
    if (!household) throw new Abort(fail(422, { householdId: 'support.form.unknownHousehold' }));
    // The programme's residences and residence types are its scope: here, so the pages and the API both apply it.
    const place = household.residenceId ? { residenceId: household.residenceId, residenceKind: household.residenceKind } : null;
    const covered = programmeCovers(programme, place);
    if (covered !== 'covered') throw new Abort(fail(422, { householdId: covered === 'outside' ? 'support.form.outsideScope' : 'support.form.noDwellingInScope' }));
    // The form says which programme's questions it showed: answers to another programme's questions are not this one's.
    if (input.eligibility?.length && input.eligibilityFor !== undefined && input.eligibilityFor !== programme.id) throw new Abort(fail(422, { eligibility: 'support.eligibility.otherProgramme' }));
    const person = await checkCasePerson(tx, actor.orgId as string, household.id, input.personUserId);
    const { caseId, reference } = await insertCase(tx, actor, { programme, householdId: household.id, situation: input.situation, confidentialAddress: input.confidentialAddress, person, assignee: actor.userId }, now);
    if (input.eligibility?.length) await saveAnswers(tx, actor, { id: caseId, organisation_id: actor.orgId as string, programme_id: programme.id }, programme, input.eligibility, false);
    if (input.idempotencyKey) await settleKey(tx, actor, input.idempotencyKey, caseId);
    await audit(tx, { action: 'support.case.open', actor, targetType: 'support_case', targetId: caseId, details: person ? { programme: programme.id, person: 'named' } : { programme: programme.id } });
    return { ok: true, caseId, reference, replayed: false as boolean };
  });
}

/** What a new case is made of, once its programme and household were checked (openCase, transferCase). */
export type NewCase = {
  programme: ProgrammeRow;
  householdId: string;
  situation: string;
  confidentialAddress: boolean;
  person: string | null;
  /** The adviser assigned to the case (the one who opens it, or the one a transfer names). */
  assignee: string;
  /** Who is named to see a confidential address; by default the one who opens the case. */
  addressReaders?: string[];
  /** The case this one was transferred from. */
  transferredFrom?: string;
};

/**
 * Writes a new case in the transaction: its row, reference, first stage, the programme's steps (a sliding lease's
 * milestones), its adviser and, for a confidential address, its readers. The caller has checked the programme, the
 * scope and the person; the row is invisible until its assignment exists, so the id is made here (no RETURNING).
 */
export async function insertCase(tx: Tx, actor: Actor, c: NewCase, now: Date): Promise<{ caseId: string; reference: string }> {
  const { programme } = c;
  const caseId = randomUUID();
  const today = parisToday(now);
  const reference = `${programme.kind === 'rent_aid' ? 'ASQ' : 'ACC'}-${today.slice(0, 4)}-${caseId.slice(0, 6).toUpperCase()}`;
  const stage = initialStage(programme.kind);
  // A sliding lease names, by default, the household's current dwelling and the programme's association.
  const lease = programme.kind === 'sliding_lease' ? await defaultLease(tx, actor.orgId as string, c.householdId, programme) : null;
  await tx
    .insertInto('support_cases')
    .values({
      id: caseId,
      organisation_id: actor.orgId,
      programme_id: programme.id,
      household_id: c.householdId,
      reference,
      situation: c.situation,
      confidential_address: c.confidentialAddress,
      person_user_id: c.person,
      stage,
      stage_since: stage ? now : null,
      opened_at: now,
      opened_by: actor.userId,
      last_contact_at: now,
      lease_dwelling_id: lease?.dwellingId ?? null,
      lease_partner_org_id: lease?.partnerOrgId ?? null,
      transferred_from_case_id: c.transferredFrom ?? null,
    })
    .execute();
  // A household that subscribed to a desk before: the desk's copy forgets its dwelling (platform/privacy).
  if (c.confidentialAddress) await addressMarkedConfidential(tx, { landlordId: actor.orgId as string, householdId: c.householdId });
  // The register learns that the association holds the lease the household lives under. A register that says
  // otherwise (the household already took this lease over) is left as it is: the case page shows it.
  if (lease?.dwellingId && lease.partnerOrgId) await recordSublease(tx, actor, { householdId: c.householdId, dwellingId: lease.dwellingId, partnerOrgId: lease.partnerOrgId, startsOn: today });
  await tx.insertInto('support_case_assignments').values({ organisation_id: actor.orgId, case_id: caseId, programme_id: programme.id, user_id: c.assignee }).execute();
  // Whoever marks the address confidential is the first person named to see it.
  if (c.confidentialAddress) {
    for (const reader of c.addressReaders ?? [actor.userId]) await tx.insertInto('support_address_readers').values({ organisation_id: actor.orgId, case_id: caseId, user_id: reader, named_by: actor.userId }).execute();
  }
  const steps = programme.kind === 'sliding_lease' ? leaseMilestones(today).map((m) => ({ key: m.stage, dueOn: m.dueOn })) : stepTimeline(today, programme.steps);
  for (const s of steps) await tx.insertInto('support_case_steps').values({ organisation_id: actor.orgId, case_id: caseId, key: s.key, due_on: s.dueOn }).execute();
  if (stage) await tx.insertInto('support_stage_history').values({ organisation_id: actor.orgId, case_id: caseId, stage, at: now }).execute();
  return { caseId, reference };
}
