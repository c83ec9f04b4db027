import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { type ProgrammeRow, programmeById } from '../db/cases.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from './result.js';

export type TeamView = {
  programme: Pick<ProgrammeRow, 'id' | 'name' | 'sensitivity'>;
  members: { user_id: string; display_name: string; added_at: Date }[];
  /** Staff who may join: the organisation's social advisers and programme managers not in the team yet. */
  candidates: { user_id: string; display_name: string }[];
};

/** A named team is offered only for sensitive and highly sensitive programmes (mental health, domestic violence, hardship…). */
export function offersTeam(sensitivity: string): boolean {
  return sensitivity === 'sensitive' || sensitivity === 'highly_sensitive';
}

/** The programme, if the actor manages it; anyone else gets 404 (a programme's team is its manager's business). */
async function managed(tx: Tx, actor: Actor, programmeId: string): Promise<ProgrammeRow> {
  const programme = isUuid(programmeId) ? await programmeById(tx, programmeId) : undefined;
  if (!programme || programme.manager_user_id !== actor.userId) throw new Abort(fail(404));
  return programme;
}

async function eligible(tx: Tx, organisationId: string, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const m = await tx
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', ['social_adviser', 'programme_manager'])
    .executeTakeFirst();
  return Boolean(m);
}

/** The named team of a programme, for its manager. */
export async function readTeam(db: Db, actor: Actor, programmeId: string): Promise<Result<{ team: TeamView }>> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = await managed(tx, actor, programmeId);
    const members = await tx
      .selectFrom('support_programme_team as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.user_id', 'u.display_name', 't.added_at'])
      .where('t.programme_id', '=', programme.id)
      .orderBy('u.display_name')
      .execute();
    const inTeam = new Set(members.map((m) => m.user_id as string));
    const staff = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.display_name'])
      .where('m.organisation_id', '=', programme.organisation_id)
      .where('m.role', 'in', ['social_adviser', 'programme_manager'])
      .distinct()
      .orderBy('u.display_name')
      .execute();
    const candidates = staff.filter((s) => !inTeam.has(s.user_id as string) && s.user_id !== programme.manager_user_id);
    return { ok: true, team: { programme: { id: programme.id, name: programme.name, sensitivity: programme.sensitivity }, members, candidates } as TeamView };
  });
}

/** Names a colleague in the programme's team: from then on they see every case of the programme. */
export async function addTeamMember(db: Db, actor: Actor, programmeId: string, userId: string): Promise<Result> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = await managed(tx, actor, programmeId);
    // Need-to-know beyond the assigned advisers is for sensitive programmes; an ordinary one has no named team.
    if (!offersTeam(programme.sensitivity)) throw new Abort(fail(409, { userId: 'support.team.notSensitive' }));
    if (!(await eligible(tx, programme.organisation_id, userId))) throw new Abort(fail(422, { userId: 'support.team.notEligible' }));
    await tx
      .insertInto('support_programme_team')
      .values({ organisation_id: programme.organisation_id, programme_id: programme.id, user_id: userId, added_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit(tx, { action: 'support.team.add', actor, targetType: 'support_programme', targetId: programme.id, details: { user: userId } });
    return { ok: true };
  });
}

/** Takes a colleague out of the team: they lose the programme's cases at once, except those they are assigned to. */
export async function removeTeamMember(db: Db, actor: Actor, programmeId: string, userId: string): Promise<Result> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = await managed(tx, actor, programmeId);
    if (!isUuid(userId)) throw new Abort(fail(422, { userId: 'support.team.notMember' }));
    const r = await tx.deleteFrom('support_programme_team').where('programme_id', '=', programme.id).where('user_id', '=', userId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new Abort(fail(422, { userId: 'support.team.notMember' }));
    await audit(tx, { action: 'support.team.remove', actor, targetType: 'support_programme', targetId: programme.id, details: { user: userId } });
    return { ok: true };
  });
}
