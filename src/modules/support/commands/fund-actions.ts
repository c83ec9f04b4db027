import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { programmeById } from '../db/cases.js';
import { sessionById } from '../db/commission.js';
import { addFundEntry, fundOf } from '../db/fund.js';
import { firstOfMonth, parisToday } from '../domain/local-date.js';
import { next } from '../domain/transitions.js';
import { DOSSIER_MACHINE, type DossierStatus } from '../domain/case-status.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { creditSchema } from '../schemas.js';
import { caseForWrite } from './case-actions.js';
import { Abort, denied, fail, inTransaction, isUuid, ofCase, type Result } from './result.js';

/**
 * A contribution to the fund (a partner's, the landlord's), by the programme's manager. The programme
 * is looked up before the form is read: an unknown or another organisation's programme is 404 whatever
 * was typed, and only then does a bad amount or label give field errors (422).
 */
export async function addCredit(db: Db, actor: Actor, programmeId: string, input: unknown): Promise<Result> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = isUuid(programmeId) ? await programmeById(tx, programmeId) : undefined;
    if (!programme || programme.manager_user_id !== actor.userId) throw new Abort(fail(404));
    const fund = await fundOf(tx, programmeId, true);
    if (!fund) throw new Abort(fail(404));
    const parsed = creditSchema.safeParse(input);
    if (!parsed.success) throw new Abort(fail(422, fieldErrors(parsed.error.issues)));
    const { amount: amountCents, label, contributor } = parsed.data;
    await addFundEntry(tx, { organisationId: programme.organisation_id, fundId: fund.id, kind: 'credit', amountCents, label, contributor });
    await audit(tx, { action: 'support.fund.credit', actor, targetType: 'support_fund', targetId: fund.id, details: { amountCents } });
    return { ok: true };
  });
}

/** Releases every unpaid instalment of a decision from `fromMonth` on, and gives the sum back to the fund. */
async function release(tx: Tx, decision: { id: string; programme_id: string; organisation_id: string }, fromMonth: string): Promise<number> {
  const rows = await tx
    .updateTable('support_instalments')
    .set({ released_at: sql`now()` })
    .where('decision_id', '=', decision.id)
    .where('paid_at', 'is', null)
    .where('released_at', 'is', null)
    .where('due_month', '>=', fromMonth)
    .returning('amount_cents')
    .execute();
  const total = rows.reduce((s, r) => s + Number(r.amount_cents), 0);
  const fund = await fundOf(tx, decision.programme_id, true);
  if (total > 0 && fund) await addFundEntry(tx, { organisationId: decision.organisation_id, fundId: fund.id, kind: 'release', amountCents: total, decisionId: decision.id });
  return total;
}

/** A month's credit on the rent receipt was made: the payment is recorded against the commitment. */
export async function recordPayment(db: Db, actor: Actor, caseId: string, instalmentId: string): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (!isUuid(instalmentId)) throw new Abort(fail(404));
    const inst = await tx
      .updateTable('support_instalments')
      .set({ paid_at: sql`now()` })
      .where('id', '=', instalmentId)
      .where('case_id', '=', caseId)
      .where('paid_at', 'is', null)
      .where('released_at', 'is', null)
      .returning(['amount_cents', 'decision_id'])
      .executeTakeFirst();
    // Not an instalment of this case: 404 (security finding 13); one already paid or released: 409.
    if (!inst) throw new Abort(fail((await ofCase(tx, 'support_instalments', instalmentId, caseId)) ? 409 : 404));
    const fund = await fundOf(tx, row.programme_id, true);
    if (fund) await addFundEntry(tx, { organisationId: row.organisation_id, fundId: fund.id, kind: 'payment', amountCents: Number(inst.amount_cents), decisionId: inst.decision_id as string });
    await audit(tx, { action: 'support.aid.payment', actor, targetType: 'support_case', targetId: caseId, details: { instalment: instalmentId } });
    return { ok: true };
  });
}

/** The household's situation improved: the aid ends early and what remains committed returns to the fund. */
export async function endAidEarly(db: Db, actor: Actor, caseId: string, decisionId: string, now = new Date()): Promise<Result<{ releasedCents: number }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (!isUuid(decisionId)) throw new Abort(fail(404));
    const decision = await tx.selectFrom('support_decisions').select(['id', 'programme_id', 'organisation_id']).where('id', '=', decisionId).where('case_id', '=', caseId).where('outcome', '=', 'granted').executeTakeFirst();
    if (!decision) throw new Abort(fail(404));
    const releasedCents = await release(tx, decision as { id: string; programme_id: string; organisation_id: string }, firstOfMonth(parisToday(now)));
    await audit(tx, { action: 'support.aid.end', actor, targetType: 'support_case', targetId: row.id, details: { decision: decisionId, releasedCents } });
    return { ok: true, releasedCents };
  });
}

/**
 * A signed decision is corrected by a new one: the programme's manager puts the dossier on the
 * agenda of another session, and a granted aid's unpaid months go back to the fund meanwhile.
 * The old decision stays as it was; the new one will reference it.
 */
export async function reopenForCorrection(db: Db, actor: Actor, decisionId: string, sessionId: string): Promise<Result> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(decisionId)) throw new Abort(fail(404));
    const decision = await tx.selectFrom('support_decisions').select(['id', 'dossier_id', 'session_id', 'programme_id', 'organisation_id', 'outcome']).where('id', '=', decisionId).executeTakeFirst();
    const session = await sessionById(tx, sessionId, true);
    if (!decision || !session) throw new Abort(fail(404));
    const programme = await programmeById(tx, decision.programme_id as string);
    if (programme?.manager_user_id !== actor.userId) throw new Abort(fail(404));
    if (session.status === 'signed' || session.id === decision.session_id || session.programme_id !== decision.programme_id) throw new Abort(fail(409, { form: 'support.rule.correctionSession' }));
    const dossier = await tx.selectFrom('support_dossiers').select(['status']).where('id', '=', decision.dossier_id).forUpdate().executeTakeFirstOrThrow();
    const step = next(DOSSIER_MACHINE, dossier.status as DossierStatus, 'correct');
    if (!step.ok) throw new Abort(fail(409, { form: step.error }));
    if (decision.outcome === 'granted') await release(tx, decision as { id: string; programme_id: string; organisation_id: string }, '0001-01-01');
    const last = await tx.selectFrom('support_agenda_items').select((s) => s.fn.max('position').as('p')).where('session_id', '=', sessionId).executeTakeFirst();
    await tx.insertInto('support_agenda_items').values({ organisation_id: session.organisation_id, session_id: sessionId, dossier_id: decision.dossier_id, position: Number(last?.p ?? 0) + 1 }).execute();
    await tx.updateTable('support_dossiers').set({ status: step.to }).where('id', '=', decision.dossier_id).execute();
    await audit(tx, { action: 'support.decision.reopen', actor, targetType: 'support_decision', targetId: decisionId, details: { session: sessionId } });
    return { ok: true };
  });
}
