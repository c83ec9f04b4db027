import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { programmeById } from '../db/cases.js';
import { sessionById, sessionMembers } from '../db/commission.js';
import { addFundEntry, fundOf } from '../db/fund.js';
import { DOSSIER_MACHINE, type DossierStatus } from '../domain/case-status.js';
import { addMonths, firstOfMonth } from '../domain/local-date.js';
import { checkGrant } from '../domain/rent-aid-rules.js';
import { aidSchedule } from '../domain/schedule.js';
import { checkVote } from '../domain/session-status.js';
import { next } from '../domain/transitions.js';
import { canDecide } from '../policy.js';
import type { DecisionInput } from '../schemas.js';
import { claimKey, settleKey } from './idempotency.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from './result.js';

/**
 * Records the commission's decision on one dossier of an open session. A grant checks the rules
 * (100 € floor, 90 % of the rent, 12 months) and commits its total on the fund under the fund's
 * row lock, so concurrent grants never take the balance below zero; its monthly schedule of credits
 * on the rent receipt starts the month after the session.
 * With an Idempotency-Key (the API), the first call with the key decides; a concurrent or later call with the
 * same key and body gets that decision back (`replayed`), with another body 422.
 */
export async function decide(
  db: Db,
  actor: Actor,
  sessionId: string,
  dossierId: string,
  input: DecisionInput,
  idempotencyKey?: string,
): Promise<Result<{ decisionId: string; replayed?: boolean }>> {
  const d = authorize(actor, 'support.commission.sit');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx): Promise<Result<{ decisionId: string; replayed?: boolean }>> => {
    const session = await sessionById(tx, sessionId);
    if (!session) throw new Abort(fail(404));
    const members = await sessionMembers(tx, sessionId);
    const programme = await programmeById(tx, session.programme_id);
    const may = canDecide(actor, { organisationId: session.organisation_id, memberIds: members.map((m) => m.user_id), managerUserId: programme?.manager_user_id ?? null });
    if (may !== 'allow') throw new Abort(denied(may));
    if (!isUuid(dossierId)) throw new Abort(fail(404));
    // Before the state checks, so a replay finds the first call's decision rather than "already decided".
    const earlier = idempotencyKey ? await claimKey(tx, actor, idempotencyKey, `decision:${sessionId}:${dossierId}`, input) : null;
    if (earlier) return { ok: true, decisionId: earlier, replayed: true as boolean };
    if (session.status !== 'open') throw new Abort(fail(409, { form: 'support.rule.sessionNotOpen' }));
    const dossier = await tx
      .selectFrom('support_dossiers as d')
      .innerJoin('support_agenda_items as ai', (j) => j.onRef('ai.dossier_id', '=', 'd.id').on('ai.session_id', '=', sessionId))
      .select(['d.id', 'd.case_id', 'd.status', 'd.rent_cents', 'd.code'])
      .where('d.id', '=', dossierId)
      .forUpdate()
      .executeTakeFirst();
    if (!dossier) throw new Abort(fail(404));
    const step = next(DOSSIER_MACHINE, dossier.status as DossierStatus, input.outcome === 'adjourned' ? 'adjourn' : 'decide');
    if (!step.ok) throw new Abort(fail(409, { form: 'support.rule.alreadyDecided' }));
    const voteError = checkVote(members.filter((m) => m.present).length, session.quorum, input.votes, input.outcome);
    if (voteError) throw new Abort(fail(422, { votesFor: voteError }));
    const previous = await tx
      .selectFrom('support_decisions')
      .select('id')
      .where('dossier_id', '=', dossierId)
      .where('outcome', '<>', 'adjourned')
      .orderBy('decided_at', 'desc')
      .executeTakeFirst();
    const decisionId = randomUUID();
    const startsOn = addMonths(firstOfMonth(session.held_on), 1);
    let fundId: string | null = null;
    if (input.outcome === 'granted') {
      const fund = await fundOf(tx, session.programme_id, true);
      if (!fund) throw new Abort(fail(409, { form: 'support.rule.noFund' }));
      const errors = checkGrant({ monthlyCents: input.monthlyCents as number, months: input.months as number, rentCents: dossier.rent_cents, availableCents: fund.available });
      if (Object.keys(errors).length) throw new Abort(fail(422, errors as Record<string, string>));
      fundId = fund.id;
    }
    await tx
      .insertInto('support_decisions')
      .values({
        id: decisionId,
        organisation_id: session.organisation_id,
        session_id: sessionId,
        dossier_id: dossierId,
        case_id: dossier.case_id,
        programme_id: session.programme_id,
        outcome: input.outcome,
        monthly_cents: input.monthlyCents,
        months: input.months,
        starts_on: input.outcome === 'granted' ? startsOn : null,
        reason: input.reason,
        votes_for: input.votes.for,
        votes_against: input.votes.against,
        votes_abstain: input.votes.abstain,
        corrects_id: previous?.id ?? null,
        decided_by: actor.userId,
      })
      .execute();
    if (fundId) {
      const total = (input.monthlyCents as number) * (input.months as number);
      await addFundEntry(tx, { organisationId: session.organisation_id, fundId, kind: 'commitment', amountCents: total, decisionId, label: dossier.code });
      for (const i of aidSchedule(startsOn, input.monthlyCents as number, input.months as number)) {
        await tx
          .insertInto('support_instalments')
          .values({ organisation_id: session.organisation_id, decision_id: decisionId, case_id: dossier.case_id, due_month: i.dueMonth, amount_cents: i.amountCents })
          .execute();
      }
    }
    await tx.updateTable('support_dossiers').set({ status: step.to }).where('id', '=', dossierId).execute();
    await audit(tx, {
      action: 'support.decision.record',
      actor,
      targetType: 'support_decision',
      targetId: decisionId,
      details: { dossier: dossier.code, outcome: input.outcome, monthlyCents: input.monthlyCents, months: input.months, corrects: previous?.id ?? null },
    });
    if (idempotencyKey) await settleKey(tx, actor, idempotencyKey, decisionId);
    return { ok: true, decisionId };
  });
}
