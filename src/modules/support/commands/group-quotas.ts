import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { type QuotaProgress, quotaProgress } from '../domain/quota.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from './result.js';

/**
 * A partner commitment of a group of landlords for a calendar year, declared by the lead landlord,
 * naming the member landlords (organisation ids). Each member then attaches its own quota to it.
 */
export async function createGroupCommitment(
  db: Db,
  actor: Actor,
  g: { partnerId: string; label: string; year: number; places: number; memberOrgIds: string[] },
): Promise<Result<{ groupId: string }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const partner = await tx.selectFrom('partnerships').select('partner_id').where('organisation_id', '=', actor.orgId).where('partner_id', '=', g.partnerId).executeTakeFirst();
    if (!partner) throw new Abort(fail(422, { partnerId: 'support.form.unknownPartner' }));
    const members = [...new Set(g.memberOrgIds.filter((m) => m !== actor.orgId))];
    if (members.some((m) => !isUuid(m))) throw new Abort(fail(422, { memberOrgIds: 'form.invalid' }));
    const row = await tx
      .insertInto('support_group_commitments')
      .values({ organisation_id: actor.orgId, partner_org_id: g.partnerId, label: g.label, period_start: `${g.year}-01-01`, period_end: `${g.year + 1}-01-01`, places: g.places, member_org_ids: sql`${members}::uuid[]` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'support.group_commitment.create', actor, targetType: 'support_group_commitment', targetId: row.id as string, details: { places: g.places, members: members.length } });
    return { ok: true, groupId: row.id as string };
  });
}

/** Attaches one of the landlord's own quotas to a group commitment it is named in (same partner, same period). */
export async function joinGroupCommitment(db: Db, actor: Actor, quotaId: string, groupId: string): Promise<Result> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(quotaId) || !isUuid(groupId)) throw new Abort(fail(404));
    const quota = await tx.selectFrom('support_quotas').select(['id', 'partner_org_id', 'period_start']).where('id', '=', quotaId).where('organisation_id', '=', actor.orgId).executeTakeFirst();
    // RLS shows the commitment only to its lead and its named members.
    const group = await tx.selectFrom('support_group_commitments').select(['id', 'partner_org_id', 'period_start']).where('id', '=', groupId).executeTakeFirst();
    if (!quota || !group) throw new Abort(fail(404));
    if (quota.partner_org_id !== group.partner_org_id || String(quota.period_start) !== String(group.period_start)) throw new Abort(fail(422, { groupId: 'support.quota.groupMismatch' }));
    await tx.updateTable('support_quotas').set({ group_commitment_id: groupId }).where('id', '=', quotaId).execute();
    await audit(tx, { action: 'support.quota.join_group', actor, targetType: 'support_quota', targetId: quotaId, details: { group: groupId } });
    return { ok: true };
  });
}

export type GroupProgress = QuotaProgress & { landlords: number };

/** The group's summed progress (counts only, every member's places), or null when the caller is not in the group. */
export async function groupProgress(tx: Tx, groupId: string, q: { periodStart: string; periodEnd: string }, today: string): Promise<GroupProgress | null> {
  const r = await sql<{ places: number; given: number; landlords: number }>`select places, given, landlords from support_group_progress(${groupId}::uuid)`.execute(tx);
  const row = r.rows[0];
  if (!row) return null;
  return { ...quotaProgress({ places: Number(row.places), periodStart: q.periodStart, periodEnd: q.periodEnd }, Number(row.given), today), landlords: Number(row.landlords) };
}
