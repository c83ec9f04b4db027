import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

export const ANSWERS = ['yes', 'no', 'unknown'] as const;
export type Answer = (typeof ANSWERS)[number];
export type EligibilityAnswer = { question_index: number; question: string; answer: Answer; answered_at: Date; answered_by: string | null };

/** The answers of one case (RLS: only for those who may read the case), by question. */
export async function answersOfCase(tx: Tx, caseId: string): Promise<EligibilityAnswer[]> {
  return (await tx
    .selectFrom('support_eligibility_answers as e')
    .leftJoin('users as u', 'u.id', 'e.answered_by')
    .select(['e.question_index', 'e.question', 'e.answer', 'e.answered_at', 'u.display_name as answered_by'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.question_index')
    .execute()) as EligibilityAnswer[];
}

/** Writes (or rewrites) the answers given; returns the questions whose answer changed. */
export async function upsertAnswers(
  tx: Tx,
  c: { organisationId: string; caseId: string; programmeId: string; userId: string },
  answers: { index: number; question: string; answer: Answer }[],
): Promise<number[]> {
  const before = new Map((await answersOfCase(tx, c.caseId)).map((a) => [a.question_index, a.answer]));
  const changed = answers.filter((a) => before.get(a.index) !== a.answer);
  for (const a of changed) {
    await tx
      .insertInto('support_eligibility_answers')
      .values({ organisation_id: c.organisationId, case_id: c.caseId, programme_id: c.programmeId, question_index: a.index, question: a.question, answer: a.answer, answered_by: c.userId })
      .onConflict((oc) => oc.columns(['case_id', 'question_index']).doUpdateSet({ answer: a.answer, question: a.question, answered_by: c.userId, answered_at: sql`now()` }))
      .execute();
  }
  return changed.map((a) => a.index);
}

export type AnswerCounts = { programme_id: string; question_index: number; yes: number; no: number; unknown: number };

/** Per programme and question, how many cases answered yes / no / unknown — among the cases this person may see (RLS). */
export async function answerCounts(tx: Tx): Promise<AnswerCounts[]> {
  return (await tx
    .selectFrom('support_eligibility_answers as e')
    .innerJoin('support_cases as c', 'c.id', 'e.case_id')
    .select(['e.programme_id', 'e.question_index'])
    .select([
      sql<number>`count(*) filter (where e.answer = 'yes')::int`.as('yes'),
      sql<number>`count(*) filter (where e.answer = 'no')::int`.as('no'),
      sql<number>`count(*) filter (where e.answer = 'unknown')::int`.as('unknown'),
    ])
    .where('c.anonymised_at', 'is', null)
    .groupBy(['e.programme_id', 'e.question_index'])
    .orderBy('e.programme_id')
    .orderBy('e.question_index')
    .execute()) as AnswerCounts[];
}
