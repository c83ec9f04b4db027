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
    if (members.length === 0) throw new Abort(fail(422, { memberOrgIds: 'support.group.noMember' }));
    // Only landlords can be members of a group commitment.
    const known = members.length ? await tx.selectFrom('organisations').select('id').where('id', 'in', members).where('kind', '=', 'landlord').execute() : [];
    if (known.length !== members.length) throw new Abort(fail(422, { memberOrgIds: 'form.invalid' }));
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

export type GroupFormOptions = {
  partners: { id: string; name: string }[];
  landlords: { id: string; name: string }[];
  groups: { id: string; label: string; partner: string; year: string; lead: boolean }[];
  /** The landlord's own quotas not yet attached to a group. */
  freeQuotas: { id: string; label: string; partner: string; year: string }[];
};

/** What the programmes page's commitment forms offer: the landlord's partners, the other landlords, the groups it leads or is named in. */
export async function groupFormOptions(db: Db, actor: Actor): Promise<Result<{ options: GroupFormOptions }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const partners = await tx.selectFrom('partnerships as p').innerJoin('organisations as o', 'o.id', 'p.partner_id').select(['o.id', 'o.name']).where('p.organisation_id', '=', actor.orgId).orderBy('o.name').execute();
    const landlords = await tx.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'landlord').where('id', '<>', actor.orgId as string).orderBy('name').execute();
    // RLS: the groups this landlord leads or is named in.
    const groups = await tx
      .selectFrom('support_group_commitments as g')
      .innerJoin('organisations as o', 'o.id', 'g.partner_org_id')
      .select(['g.id', 'g.label', 'o.name as partner', 'g.organisation_id'])
      .select((s) => s.fn<string>('to_char', [s.ref('g.period_start'), s.val('YYYY')]).as('year'))
      .orderBy('g.period_start', 'desc')
      .orderBy('g.label')
      .execute();
    const freeQuotas = await tx
      .selectFrom('support_quotas as q')
      .innerJoin('organisations as o', 'o.id', 'q.partner_org_id')
      .select(['q.id', 'q.label', 'o.name as partner'])
      .select((s) => s.fn<string>('to_char', [s.ref('q.period_start'), s.val('YYYY')]).as('year'))
      .where('q.organisation_id', '=', actor.orgId as string)
      .where('q.group_commitment_id', 'is', null)
      .orderBy('q.period_start', 'desc')
      .execute();
    return {
      ok: true as const,
      options: {
        partners: partners.map((p) => ({ id: p.id as string, name: p.name as string })),
        landlords: landlords.map((l) => ({ id: l.id as string, name: l.name as string })),
        groups: groups.map((g) => ({ id: g.id as string, label: g.label as string, partner: g.partner as string, year: g.year, lead: g.organisation_id === actor.orgId })),
        freeQuotas: freeQuotas.map((q) => ({ id: q.id as string, label: q.label as string, partner: q.partner as string, year: q.year })),
      },
    };
  });
}
