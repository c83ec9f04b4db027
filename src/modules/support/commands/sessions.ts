import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { programmeById } from '../db/cases.js';
import { agenda, sessionById, sessionDecisions } from '../db/commission.js';
import { commissionDates } from '../domain/commission-dates.js';
import { parisToday } from '../domain/local-date.js';
import { canSign, SESSION_MACHINE } from '../domain/session-status.js';
import { next } from '../domain/transitions.js';
import { Abort, denied, fail, inTransaction, type Result } from './result.js';

/** Plans the next commission sessions of a programme (first Thursdays, holidays moved); existing ones stay as edited. */
export async function generateSessions(db: Db, actor: Actor, programmeId: string, count: number, now = new Date()): Promise<Result<{ created: number }>> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = await programmeById(tx, programmeId);
    if (programme?.kind !== 'rent_aid') throw new Abort(fail(404));
    const members = await tx.selectFrom('memberships').select('user_id').where('organisation_id', '=', actor.orgId).where('role', '=', 'commission_member').execute();
    let created = 0;
    for (const s of commissionDates(parisToday(now), count)) {
      const row = await tx
        .insertInto('support_sessions')
        .values({ organisation_id: actor.orgId, programme_id: programmeId, held_on: s.heldOn, cutoff_on: s.cutoffOn })
        .onConflict((oc) => oc.columns(['programme_id', 'held_on']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      created++;
      for (const m of members) await tx.insertInto('support_session_members').values({ organisation_id: actor.orgId, session_id: row.id, user_id: m.user_id }).execute();
    }
    await audit(tx, { action: 'support.sessions.generate', actor, targetType: 'support_programme', targetId: programmeId, details: { created } });
    return { ok: true, created };
  });
}

/** Puts on the agenda every dossier of the programme that was ready by the session's cut-off. */
export async function buildAgenda(db: Db, actor: Actor, sessionId: string): Promise<Result<{ added: number }>> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const session = await sessionById(tx, sessionId, true);
    if (!session) throw new Abort(fail(404));
    if (session.status === 'signed') throw new Abort(fail(409, { form: 'support.rule.signed' }));
    const ready = await tx
      .selectFrom('support_dossiers')
      .select('id')
      .where('programme_id', '=', session.programme_id)
      .where('status', '=', 'ready')
      .where((w) => w(w.fn('date', [w.ref('ready_at')]), '<=', session.cutoff_on))
      .orderBy('ready_at')
      .forUpdate()
      .execute();
    const last = await tx.selectFrom('support_agenda_items').select((s) => s.fn.max('position').as('p')).where('session_id', '=', sessionId).executeTakeFirst();
    let position = Number(last?.p ?? 0);
    for (const r of ready) {
      await tx.insertInto('support_agenda_items').values({ organisation_id: session.organisation_id, session_id: sessionId, dossier_id: r.id, position: ++position }).execute();
      await tx.updateTable('support_dossiers').set({ status: 'on_agenda' }).where('id', '=', r.id).execute();
    }
    await audit(tx, { action: 'support.session.agenda', actor, targetType: 'support_session', targetId: sessionId, details: { added: ready.length } });
    return { ok: true, added: ready.length };
  });
}

/** Opens the session on the day with the members present (the quorum is counted on them). */
export async function openSession(db: Db, actor: Actor, sessionId: string, presentIds: string[]): Promise<Result> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const session = await sessionById(tx, sessionId, true);
    if (!session) throw new Abort(fail(404));
    const step = next(SESSION_MACHINE, session.status, 'open');
    if (!step.ok) throw new Abort(fail(409, { form: step.error }));
    await tx.updateTable('support_sessions').set({ status: step.to }).where('id', '=', sessionId).execute();
    if (presentIds.length) await tx.updateTable('support_session_members').set({ present: true }).where('session_id', '=', sessionId).where('user_id', 'in', presentIds).execute();
    await audit(tx, { action: 'support.session.open', actor, targetType: 'support_session', targetId: sessionId, details: { present: presentIds.length } });
    return { ok: true };
  });
}

/** Signs the minutes: from then on the session's decisions cannot change (a trigger refuses it too). */
export async function signSession(db: Db, actor: Actor, sessionId: string): Promise<Result> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const session = await sessionById(tx, sessionId, true);
    if (!session) throw new Abort(fail(404));
    const items = await agenda(tx, sessionId);
    const decided = new Set((await sessionDecisions(tx, sessionId)).map((x) => x.dossier_id));
    const why = canSign(session.status, items.length, items.filter((i) => decided.has(i.dossier_id)).length);
    if (why) throw new Abort(fail(409, { form: why }));
    await tx.updateTable('support_sessions').set({ status: 'signed', signed_at: new Date(), signed_by: actor.userId }).where('id', '=', sessionId).execute();
    await audit(tx, { action: 'support.session.sign', actor, targetType: 'support_session', targetId: sessionId, details: { decisions: decided.size } });
    return { ok: true };
  });
}
