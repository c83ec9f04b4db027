import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { parisToday } from '../domain/local-date.js';
import { nextSeat, type QuotaProgress, quotaProgress } from '../domain/quota.js';
import { type GroupProgress, groupProgress } from './group-quotas.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from './result.js';

/** A commitment to a partner for a calendar year (e.g. 2 dwellings a year to DDCH's applicants). */
export async function createQuota(db: Db, actor: Actor, q: { partnerId: string; label: string; year: number; places: number }): Promise<Result<{ quotaId: string }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const partner = await tx.selectFrom('partnerships').select('partner_id').where('organisation_id', '=', actor.orgId).where('partner_id', '=', q.partnerId).executeTakeFirst();
    if (!partner) throw new Abort(fail(422, { partnerId: 'support.form.unknownPartner' }));
    const row = await tx
      .insertInto('support_quotas')
      .values({ organisation_id: actor.orgId, partner_org_id: q.partnerId, label: q.label, period_start: `${q.year}-01-01`, period_end: `${q.year + 1}-01-01`, places: q.places })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new Abort(fail(409, { year: 'support.quota.exists' }));
    await audit(tx, { action: 'support.quota.create', actor, targetType: 'support_quota', targetId: row.id as string, details: { places: q.places } });
    return { ok: true, quotaId: row.id as string };
  });
}

/**
 * Gives one place of a partner's commitment to an applicant the partner proposed. The quota row is
 * locked while places are counted, and each place has its seat number under a unique constraint:
 * the last place cannot be given twice, even by two people clicking at the same instant.
 */
export async function allocatePlace(db: Db, actor: Actor, quotaId: string, a: { applicantRef: string; dwellingId?: string; dwellingRef?: string }, now = new Date()): Promise<Result<{ seat: number }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => ({ ok: true, seat: await allocateIn(tx, actor, quotaId, a, now) }));
}

/** Gives the next place of one of the landlord's own quotas, inside the caller's transaction (quota row locked). */
export async function allocateIn(tx: Tx, actor: Actor, quotaId: string, a: { applicantRef: string; dwellingId?: string; dwellingRef?: string }, now: Date): Promise<number> {
  if (!isUuid(quotaId)) throw new Abort(fail(404));
  // The dwelling may be named now (by its reference in the landlord's register) or later on the allocation.
  const dwellingId = a.dwellingRef?.trim() ? await dwellingByRef(tx, a.dwellingRef) : (a.dwellingId ?? null);
  const quota = await tx.selectFrom('support_quotas').select(['id', 'places', 'organisation_id']).where('id', '=', quotaId).where('organisation_id', '=', actor.orgId as string).forUpdate().executeTakeFirst();
  if (!quota) throw new Abort(fail(404));
  const given = await tx.selectFrom('support_quota_allocations').select(sql<number>`count(*)`.as('n')).where('quota_id', '=', quotaId).executeTakeFirstOrThrow();
  const seat = nextSeat(quota.places as number, Number(given.n));
  if (seat === null) throw new Abort(fail(409, { form: 'support.quota.full' }));
  await tx
    .insertInto('support_quota_allocations')
    .values({ organisation_id: quota.organisation_id, quota_id: quotaId, seat, applicant_ref: a.applicantRef, dwelling_id: dwellingId, allocated_on: parisToday(now), allocated_by: actor.userId })
    .execute();
  await audit(tx, { action: 'support.quota.allocate', actor, targetType: 'support_quota', targetId: quotaId, details: { seat, dwelling: dwellingId } });
  return seat;
}

export type QuotaOverview = { id: string; label: string; partner: string; period_start: string; period_end: string; progress: QuotaProgress;
  /** For a commitment shared by a group of landlords: the group's label and its summed progress (counts only). */
  group: (GroupProgress & { id: string; label: string }) | null;
};

/** Every commitment with its progress and a flag when it is behind schedule. */
export async function quotaOverview(db: Db, actor: Actor, now = new Date()): Promise<Result<{ quotas: QuotaOverview[] }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  const today = parisToday(now);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
  const rows = await tx
      .selectFrom('support_quotas as q')
      .innerJoin('organisations as o', 'o.id', 'q.partner_org_id')
      .leftJoin('support_group_commitments as g', 'g.id', 'q.group_commitment_id')
      .where('q.organisation_id', '=', actor.orgId as string)
      .select(['q.id', 'q.label', 'q.places', 'o.name as partner', 'q.group_commitment_id', 'g.label as group_label'])
      .select((s) => [s.fn<string>('to_char', [s.ref('q.period_start'), s.val('YYYY-MM-DD')]).as('period_start'), s.fn<string>('to_char', [s.ref('q.period_end'), s.val('YYYY-MM-DD')]).as('period_end')])
      .select((s) => s.selectFrom('support_quota_allocations as a').whereRef('a.quota_id', '=', 'q.id').select(sql<number>`count(*)`.as('n')).as('given'))
      .orderBy('q.period_start', 'desc')
      .orderBy('o.name')
      .execute();
  const quotas: QuotaOverview[] = [];
  for (const r of rows) {
    const g = r.group_commitment_id ? await groupProgress(tx, r.group_commitment_id as string, { periodStart: r.period_start, periodEnd: r.period_end }, today) : null;
    quotas.push({
      id: r.id as string,
      label: r.label as string,
      partner: r.partner as string,
      period_start: r.period_start,
      period_end: r.period_end,
      progress: quotaProgress({ places: r.places as number, periodStart: r.period_start, periodEnd: r.period_end }, Number(r.given), today),
      group: g ? { ...g, id: r.group_commitment_id as string, label: r.group_label as string } : null,
    });
  }
  return { ok: true as const, quotas };
  });
}

/**
 * The landlord's dwelling with this reference (its own register: row-level security keeps it to the
 * caller's organisation), or a field error on `dwellingRef`. Read only; the register stays directory's.
 */
export async function dwellingByRef(tx: Tx, reference: string): Promise<string> {
  const row = await tx.selectFrom('dwellings').select('id').where('reference', '=', reference.trim()).executeTakeFirst();
  if (!row) throw new Abort(fail(422, { dwellingRef: 'support.allocation.unknownDwelling' }));
  return row.id as string;
}

export type Allocation = { id: string; quota_id: string; partner: string; quota_label: string; year: string; seat: number; applicant_ref: string; allocated_on: string; dwelling_ref: string | null; residence: string | null };

/** Every place given under the landlord's commitments, newest year first, with the dwelling when it is named. */
export async function quotaAllocations(db: Db, actor: Actor): Promise<Result<{ allocations: Allocation[] }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('support_quota_allocations as a')
      .innerJoin('support_quotas as q', 'q.id', 'a.quota_id')
      .innerJoin('organisations as o', 'o.id', 'q.partner_org_id')
      .leftJoin('dwellings as dw', 'dw.id', 'a.dwelling_id')
      .leftJoin('residences as r', 'r.id', 'dw.residence_id')
      .where('a.organisation_id', '=', actor.orgId as string)
      .select(['a.id', 'a.quota_id', 'o.name as partner', 'q.label as quota_label', 'a.seat', 'a.applicant_ref', 'dw.reference as dwelling_ref', 'r.name as residence'])
      .select(sql<string>`to_char(q.period_start, 'YYYY')`.as('year'))
      .select(sql<string>`to_char(a.allocated_on, 'YYYY-MM-DD')`.as('allocated_on'))
      .orderBy('q.period_start', 'desc')
      .orderBy('o.name')
      .orderBy('a.seat')
      .execute();
    return { ok: true as const, allocations: rows.map((r) => ({ ...r, seat: Number(r.seat) })) as Allocation[] };
  });
}

/**
 * Names (or corrects) the dwelling given for a place already allocated — the allocation is often made
 * before the dwelling is known. The landlord's own dwellings only; audited with the seat, not the applicant.
 */
export async function setAllocationDwelling(db: Db, actor: Actor, allocationId: string, dwellingRef: string): Promise<Result<{ dwellingId: string }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(allocationId)) throw new Abort(fail(404));
    const a = await tx.selectFrom('support_quota_allocations').select(['id', 'quota_id', 'seat', 'dwelling_id']).where('id', '=', allocationId).where('organisation_id', '=', actor.orgId as string).forUpdate().executeTakeFirst();
    if (!a) throw new Abort(fail(404));
    if (!dwellingRef.trim()) throw new Abort(fail(422, { dwellingRef: 'form.required' }));
    const dwellingId = await dwellingByRef(tx, dwellingRef);
    await tx.updateTable('support_quota_allocations').set({ dwelling_id: dwellingId }).where('id', '=', allocationId).execute();
    await audit(tx, { action: 'support.quota.dwelling', actor, targetType: 'support_quota', targetId: a.quota_id as string, details: { seat: a.seat, from: a.dwelling_id, to: dwellingId } });
    return { ok: true, dwellingId };
  });
}
