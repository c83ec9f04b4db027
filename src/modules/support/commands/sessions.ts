import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { programmeById } from '../db/cases.js';
import { agenda, sessionById, sessionDecisions } from '../db/commission.js';
import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { commissionDates, isWorkingDay } from '../domain/commission-dates.js';
import { type LocalDate, parisToday } from '../domain/local-date.js';
import { canSign, SESSION_MACHINE } from '../domain/session-status.js';
import { next } from '../domain/transitions.js';
import { Abort, denied, fail, inTransaction, type Result } from './result.js';

const isLocalDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T12:00:00Z`)) && new Date(`${v}T12:00:00Z`).toISOString().slice(0, 10) === v;

/**
 * Creates the commission sessions of a programme for the next `count` months (first Thursdays, holidays
 * moved) that have none yet: a month whose session was moved to another day keeps it, and is not given a
 * second one. The organisation's commission members are invited. Returns how many were created.
 */
export async function planSessions(tx: Tx, orgId: string, programmeId: string, today: LocalDate, count: number): Promise<number> {
  const members = await tx.selectFrom('memberships').select('user_id').where('organisation_id', '=', orgId).where('role', '=', 'commission_member').execute();
  let created = 0;
  for (const s of commissionDates(today, count)) {
    const month = s.heldOn.slice(0, 7);
    const existing = await tx
      .selectFrom('support_sessions')
      .select('id')
      .where('programme_id', '=', programmeId)
      .where(sql<string>`to_char(held_on, 'YYYY-MM')`, '=', month)
      .executeTakeFirst();
    if (existing) continue;
    const row = await tx
      .insertInto('support_sessions')
      .values({ organisation_id: orgId, programme_id: programmeId, held_on: s.heldOn, cutoff_on: s.cutoffOn })
      .onConflict((oc) => oc.columns(['programme_id', 'held_on']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    created++;
    for (const m of members) await tx.insertInto('support_session_members').values({ organisation_id: orgId, session_id: row.id, user_id: m.user_id }).execute();
  }
  return created;
}

/** Plans the next commission sessions of a programme (first Thursdays, holidays moved); existing ones stay as edited. */
export async function generateSessions(db: Db, actor: Actor, programmeId: string, count: number, now = new Date()): Promise<Result<{ created: number }>> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = await programmeById(tx, programmeId);
    if (programme?.kind !== 'rent_aid') throw new Abort(fail(404));
    const created = await planSessions(tx, actor.orgId as string, programmeId, parisToday(now), count);
    await audit(tx, { action: 'support.sessions.generate', actor, targetType: 'support_programme', targetId: programmeId, details: { created } });
    return { ok: true, created };
  });
}

/**
 * Moves a planned session to another day (a holiday not in the calendar, a room not free…): a working
 * day, not past, with its cut-off before it; the programme's manager only. Audited with both dates.
 */
export async function moveSession(db: Db, actor: Actor, sessionId: string, input: { heldOn: string; cutoffOn: string }, now = new Date(), baseUrl = ''): Promise<Result> {
  const d = authorize(actor, 'support.commission.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const session = await sessionById(tx, sessionId, true);
    if (!session) throw new Abort(fail(404));
    const programme = await programmeById(tx, session.programme_id);
    if (programme?.manager_user_id !== actor.userId) throw new Abort(fail(403));
    if (session.status !== 'planned') throw new Abort(fail(409, { heldOn: 'support.session.moveNotPlanned' }));
    const errors: Record<string, string> = {};
    if (!isLocalDate(input.heldOn)) errors.heldOn = 'support.session.dateInvalid';
    else if (input.heldOn < parisToday(now)) errors.heldOn = 'support.session.datePast';
    else if (!isWorkingDay(input.heldOn)) errors.heldOn = 'support.session.notWorkingDay';
    if (!isLocalDate(input.cutoffOn)) errors.cutoffOn = 'support.session.dateInvalid';
    else if (!errors.heldOn && input.cutoffOn > input.heldOn) errors.cutoffOn = 'support.session.cutoffAfter';
    if (Object.keys(errors).length) throw new Abort(fail(422, errors));
    const clash = await tx.selectFrom('support_sessions').select('id').where('programme_id', '=', session.programme_id).where('held_on', '=', input.heldOn).where('id', '<>', sessionId).executeTakeFirst();
    if (clash) throw new Abort(fail(409, { heldOn: 'support.session.dateTaken' }));
    await tx.updateTable('support_sessions').set({ held_on: input.heldOn, cutoff_on: input.cutoffOn }).where('id', '=', sessionId).where('status', '=', 'planned').execute();
    await audit(tx, { action: 'support.session.move', actor, targetType: 'support_session', targetId: sessionId, details: { from: String(session.held_on), to: input.heldOn, cutoff: input.cutoffOn } });
    await noticeOfMove(tx, actor.orgId as string, sessionId, String(session.held_on), input.heldOn, baseUrl);
    return { ok: true };
  });
}

/**
 * Tells each member of a moved session, by their own channel (e-mail, else SMS), in the same transaction as
 * the move: the old and new days and a link, nothing of the programme or of the dossiers on its agenda.
 */
async function noticeOfMove(tx: Tx, orgId: string, sessionId: string, from: string, to: string, baseUrl: string): Promise<void> {
  const members = await tx.selectFrom('support_session_members').select('user_id').where('session_id', '=', sessionId).execute();
  // Days go in as timestamps at noon UTC: the catalogue formats them in each member's language.
  const at = (day: string) => Date.parse(`${day.slice(0, 10)}T12:00:00Z`);
  const link = `${baseUrl.replace(/\/$/, '')}/support/sessions/${sessionId}`;
  for (const m of members)
    await queueNotification(tx, {
      organisationId: orgId,
      userId: m.user_id as string,
      message: (t) => ({
        subject: t('support.session.movedSubject', { date: at(to) }),
        text: t('support.session.movedText', { from: at(from), date: at(to), link }),
        sms: t('support.session.movedSms', { from: at(from), date: at(to) }),
      }),
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
