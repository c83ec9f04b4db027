import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { Abort, asActor, denied, fail, inTransaction, isUuid, type Result } from './result.js';

export type GroupCommitment = { id: string; partner: string; label: string; year: string; places: number; memberOrgIds: string[]; given: number };

/** A group commitment as its lead landlord edits it (404 when not visible, 403 for a member that did not declare it). */
export async function groupCommitmentForEdit(db: Db, actor: Actor, groupId: string): Promise<Result<{ group: GroupCommitment; landlords: { id: string; name: string }[] }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  if (!isUuid(groupId)) return fail(404);
  return asActor(db, actor, async (tx) => {
    const g = await tx
      .selectFrom('support_group_commitments as g')
      .innerJoin('organisations as o', 'o.id', 'g.partner_org_id')
      .select(['g.id', 'g.organisation_id', 'g.label', 'g.places', 'g.member_org_ids', 'o.name as partner'])
      .select(sql<string>`to_char(g.period_start, 'YYYY')`.as('year'))
      .where('g.id', '=', groupId)
      .executeTakeFirst();
    if (!g) return fail(404);
    if (g.organisation_id !== actor.orgId) return fail(403);
    const given = await sql<{ given: number }>`select given from support_group_progress(${groupId}::uuid)`.execute(tx);
    const landlords = await tx.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'landlord').where('id', '<>', actor.orgId as string).orderBy('name').execute();
    return {
      ok: true as const,
      group: { id: g.id as string, partner: g.partner as string, label: g.label as string, year: g.year, places: Number(g.places), memberOrgIds: g.member_org_ids as string[], given: Number(given.rows[0]?.given ?? 0) },
      landlords: landlords.map((l) => ({ id: l.id as string, name: l.name as string })),
    };
  });
}

/**
 * Changes a group commitment after it was declared — its name, the places the group promises, the
 * landlords it names — by the lead landlord only. The places cannot fall below those the group has
 * already given. A landlord taken out of the group keeps its own commitment, no longer counted in the
 * group's total (support_group_progress counts only the landlords named). Audited with old and new values.
 */
export async function updateGroupCommitment(db: Db, actor: Actor, groupId: string, g: { label: string; places: number; memberOrgIds: string[] }): Promise<Result> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(groupId)) throw new Abort(fail(404));
    // Locked, so two managers editing at once apply one after the other.
    const current = await tx.selectFrom('support_group_commitments').select(['organisation_id', 'label', 'places', 'member_org_ids']).where('id', '=', groupId).forUpdate().executeTakeFirst();
    if (!current) throw new Abort(fail(404));
    if (current.organisation_id !== actor.orgId) throw new Abort(fail(403));
    const members = [...new Set(g.memberOrgIds.filter((m) => m !== actor.orgId))];
    if (members.some((m) => !isUuid(m))) throw new Abort(fail(422, { memberOrgIds: 'form.invalid' }));
    if (members.length === 0) throw new Abort(fail(422, { memberOrgIds: 'support.group.noMember' }));
    const known = await tx.selectFrom('organisations').select('id').where('id', 'in', members).where('kind', '=', 'landlord').execute();
    if (known.length !== members.length) throw new Abort(fail(422, { memberOrgIds: 'form.invalid' }));
    const progress = await sql<{ given: number }>`select given from support_group_progress(${groupId}::uuid)`.execute(tx);
    const given = Number(progress.rows[0]?.given ?? 0);
    if (g.places < given) throw new Abort(fail(422, { places: 'support.group.placesBelowGiven' }));
    await tx.updateTable('support_group_commitments').set({ label: g.label, places: g.places, member_org_ids: sql`${members}::uuid[]` }).where('id', '=', groupId).execute();
    const before = current.member_org_ids as string[];
    await audit(tx, {
      action: 'support.group_commitment.update',
      actor,
      targetType: 'support_group_commitment',
      targetId: groupId,
      details: {
        places: { from: Number(current.places), to: g.places },
        label: current.label === g.label ? undefined : { from: current.label, to: g.label },
        added: members.filter((m) => !before.includes(m)),
        removed: before.filter((m) => !members.includes(m)),
      },
    });
    return { ok: true };
  });
}
