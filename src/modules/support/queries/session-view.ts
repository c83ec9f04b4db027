import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { programmeById } from '../db/cases.js';
import { type AgendaEntry, agenda, type SessionDecision, type SessionRow, sessionById, sessionDecisions, sessionMembers } from '../db/commission.js';
import { fundOf } from '../db/fund.js';
import { canDecide } from '../policy.js';
import { Abort, asActor, denied, fail, inTransaction, type Result } from '../commands/result.js';

export type SessionView = {
  session: SessionRow;
  programmeName: string;
  members: { user_id: string; display_name: string; present: boolean }[];
  agenda: AgendaEntry[];
  decisions: SessionDecision[];
  availableCents: number | null;
  canManage: boolean;
};

/**
 * A commission session as its members see it: the pseudonymised agenda, attendance, decisions and
 * the fund's available balance. Members read it only for sessions they sit on; the read is audited.
 */
export async function readSession(db: Db, actor: Actor, sessionId: string): Promise<Result<{ view: SessionView }>> {
  const d = authorize(actor, 'support.commission.sit');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const session = await sessionById(tx, sessionId);
    if (!session) throw new Abort(fail(404));
    const members = await sessionMembers(tx, sessionId);
    const programme = await programmeById(tx, session.programme_id);
    const may = canDecide(actor, { organisationId: session.organisation_id, memberIds: members.map((m) => m.user_id), managerUserId: programme?.manager_user_id ?? null });
    if (may !== 'allow') throw new Abort(fail(404));
    const view: SessionView = {
      session,
      programmeName: programme?.name ?? '',
      members,
      agenda: await agenda(tx, sessionId),
      decisions: await sessionDecisions(tx, sessionId),
      availableCents: (await fundOf(tx, session.programme_id))?.available ?? null,
      canManage: programme?.manager_user_id === actor.userId && authorize(actor, 'support.commission.manage') === 'allow',
    };
    await audit(tx, { action: 'support.session.read', actor, targetType: 'support_session', targetId: sessionId, details: { dossiers: view.agenda.length } });
    return { ok: true, view };
  });
}

export type SessionListItem = { id: string; held_on: string; cutoff_on: string; status: string; programme: string; items: number };

/** The sessions this person sits on (or manages), newest first. */
export async function listSessions(db: Db, actor: Actor): Promise<Result<{ sessions: SessionListItem[] }>> {
  const d = authorize(actor, 'support.commission.sit');
  if (d !== 'allow') return denied(d);
  const sessions = await asActor(db, actor, (tx) =>
    tx
      .selectFrom('support_sessions as s')
      .innerJoin('support_programmes as p', 'p.id', 's.programme_id')
      .select(['s.id', 's.status', 'p.name as programme'])
      .select((x) => [x.fn<string>('to_char', [x.ref('s.held_on'), x.val('YYYY-MM-DD')]).as('held_on'), x.fn<string>('to_char', [x.ref('s.cutoff_on'), x.val('YYYY-MM-DD')]).as('cutoff_on')])
      .select((x) => x.selectFrom('support_agenda_items as ai').whereRef('ai.session_id', '=', 's.id').select((y) => y.fn.countAll<number>().as('n')).as('items'))
      .where((w) =>
        w.or([
          w.exists(w.selectFrom('support_session_members as m').whereRef('m.session_id', '=', 's.id').where('m.user_id', '=', actor.userId).select('m.user_id')),
          w('p.manager_user_id', '=', actor.userId),
        ]),
      )
      .orderBy('s.held_on', 'desc')
      .limit(24)
      .execute(),
  );
  return { ok: true, sessions: sessions as SessionListItem[] };
}
