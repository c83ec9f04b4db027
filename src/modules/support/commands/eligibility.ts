import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import type { CaseRow, ProgrammeRow } from '../db/cases.js';
import { programmeById } from '../db/cases.js';
import { ANSWERS, type Answer, upsertAnswers } from '../db/eligibility.js';
import { caseForWrite } from './case-actions.js';
import { Abort, fail, inTransaction, type Result } from './result.js';

/** An answer as it arrives from a form (q0=yes…) or the API ({ question: 0, answer: 'yes' }). */
export type AnswerInput = { question: number; answer: string };

/** Form fields `q0`, `q1`… into answers; other fields are ignored. */
export function answersFromForm(values: Record<string, string>): AnswerInput[] {
  return Object.entries(values)
    .filter(([k]) => /^q\d{1,2}$/.test(k))
    .map(([k, v]) => ({ question: Number(k.slice(1)), answer: v }));
}

/**
 * Checks answers against the programme's questions and writes them, audited (which questions, never
 * the answers). A question that does not exist is refused (422), as is anything but yes / no / unknown;
 * with `all`, every question must be answered (the forms show them all).
 */
export async function saveAnswers(tx: Tx, actor: Actor, row: Pick<CaseRow, 'id' | 'organisation_id' | 'programme_id'>, programme: ProgrammeRow, answers: AnswerInput[], all: boolean): Promise<void> {
  const questions = programme.eligibility;
  const errors: Record<string, string> = {};
  for (const a of answers) {
    if (!Number.isInteger(a.question) || a.question < 0 || a.question >= questions.length) errors.eligibility = 'support.eligibility.unknownQuestion';
    else if (!ANSWERS.includes(a.answer as Answer)) errors[`q${a.question}`] = 'support.eligibility.required';
  }
  if (all) questions.forEach((_, i) => !answers.some((a) => a.question === i) && (errors[`q${i}`] = 'support.eligibility.required'));
  if (Object.keys(errors).length > 0) throw new Abort(fail(422, errors));
  const changed = await upsertAnswers(
    tx,
    { organisationId: row.organisation_id, caseId: row.id, programmeId: row.programme_id, userId: actor.userId },
    answers.map((a) => ({ index: a.question, question: questions[a.question], answer: a.answer as Answer })),
  );
  if (changed.length > 0) await audit(tx, { action: 'support.case.eligibility', actor, targetType: 'support_case', targetId: row.id, details: { questions: changed } });
}

/** The adviser answers (or corrects) the eligibility questions of an open case they follow. */
export async function answerEligibility(db: Db, actor: Actor, caseId: string, answers: AnswerInput[], all = true): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (row.status !== 'open') throw new Abort(fail(409, { form: 'support.transition.refused' }));
    const programme = (await programmeById(tx, row.programme_id)) as ProgrammeRow;
    await saveAnswers(tx, actor, row, programme, answers, all);
    return { ok: true };
  });
}
