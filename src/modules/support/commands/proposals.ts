import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { asOrganisation } from './as-organisation.js';
import { tellPartnerContact } from './partner-contact.js';
import { allocateIn } from './quotas.js';
import { Abort, asActor, denied, fail, inTransaction, isUuid, type Result } from './result.js';

export type Proposal = { id: string; quota_id: string; applicant_ref: string; household_size: number; need: string; status: 'proposed' | 'allocated' | 'declined' | 'withdrawn'; seat: number | null; proposed_at: Date; partner: string; quota_label: string; year: string };
/** `group`: for a commitment attached to a group one, the group's total (counts only, through support_group_total_for_partner). */
export type PartnerGroupTotal = { label: string; places: number; given: number; landlords: number };
/** A place given under a commitment made to the partner: the dwelling allocated (residence and reference), never the household. */
export type PartnerAllocation = { seat: number; applicantRef: string; allocatedOn: string; dwellingRef: string | null; residence: string | null };
export type PartnerCommitment = { id: string; landlord: string; label: string; year: string; places: number; group: PartnerGroupTotal | null; proposals: Proposal[]; allocations: PartnerAllocation[] };

async function proposals(tx: Tx, where: { partnerOrgId?: string; organisationId?: string }): Promise<Proposal[]> {
  let q = tx
    .selectFrom('support_quota_proposals as p')
    .innerJoin('support_quotas as q', 'q.id', 'p.quota_id')
    .innerJoin('organisations as o', 'o.id', 'p.partner_org_id')
    .select(['p.id', 'p.quota_id', 'p.applicant_ref', 'p.household_size', 'p.need', 'p.status', 'p.seat', 'p.proposed_at', 'o.name as partner', 'q.label as quota_label'])
    .select(sql<string>`to_char(q.period_start, 'YYYY')`.as('year'));
  if (where.partnerOrgId) q = q.where('p.partner_org_id', '=', where.partnerOrgId);
  if (where.organisationId) q = q.where('p.organisation_id', '=', where.organisationId);
  return (await q.orderBy('p.proposed_at', 'desc').execute()) as Proposal[];
}

/** For a partner's staff: the commitments landlords made to the partner, each with the applicants it proposed. */
export async function partnerCommitments(db: Db, actor: Actor): Promise<Result<{ commitments: PartnerCommitment[] }>> {
  const d = authorize(actor, 'support.quotas.propose');
  if (d !== 'allow') return denied(d);
  return asActor(db, actor, async (tx) => {
    const rows = await tx
      .selectFrom('support_quotas as q')
      .innerJoin('organisations as o', 'o.id', 'q.organisation_id')
      .select(['q.id', 'q.label', 'q.places', 'q.group_commitment_id', 'o.name as landlord'])
      .select(sql<string>`to_char(q.period_start, 'YYYY')`.as('year'))
      .where('q.partner_org_id', '=', actor.orgId as string)
      .orderBy('q.period_start', 'desc')
      .orderBy('o.name')
      .execute();
    const mine = await proposals(tx, { partnerOrgId: actor.orgId as string });
    const groups = new Map<string, PartnerGroupTotal>();
    for (const g of new Set(rows.map((r) => r.group_commitment_id as string | null).filter((g): g is string => g !== null))) {
      const total = (await sql<PartnerGroupTotal>`select label, places, given, landlords from support_group_total_for_partner(${g}::uuid)`.execute(tx)).rows[0];
      if (total) groups.set(g, { label: total.label, places: Number(total.places), given: Number(total.given), landlords: Number(total.landlords) });
    }
    // The places given and their dwellings: the allocations stay the landlord's (RLS), read through support_allocations_for_partner.
    const given = await sql<{ quota_id: string; seat: number; applicant_ref: string; allocated_on: string; dwelling_ref: string | null; residence: string | null }>`
      select quota_id, seat, applicant_ref, to_char(allocated_on, 'YYYY-MM-DD') as allocated_on, dwelling_ref, residence from support_allocations_for_partner()`.execute(tx);
    const allocationsOf = (quotaId: string): PartnerAllocation[] =>
      given.rows.filter((a) => a.quota_id === quotaId).map((a) => ({ seat: Number(a.seat), applicantRef: a.applicant_ref, allocatedOn: a.allocated_on, dwellingRef: a.dwelling_ref, residence: a.residence }));
    return {
      ok: true as const,
      commitments: rows.map((r) => ({
        id: r.id as string,
        landlord: r.landlord as string,
        label: r.label as string,
        year: r.year,
        places: Number(r.places),
        group: groups.get(r.group_commitment_id as string) ?? null,
        proposals: mine.filter((p) => p.quota_id === r.id),
        allocations: allocationsOf(r.id as string),
      })),
    };
  });
}

/** A partner proposes an applicant (its own reference, no name) against a commitment made to it. */
export async function proposeApplicant(db: Db, actor: Actor, quotaId: string, input: { applicantRef: string; householdSize: number; need: string }, baseUrl = ''): Promise<Result<{ proposalId: string }>> {
  const d = authorize(actor, 'support.quotas.propose');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(quotaId)) throw new Abort(fail(422, { quotaId: 'form.required' }));
    // RLS shows the partner only the commitments made to it.
    const quota = await tx.selectFrom('support_quotas').select(['id', 'organisation_id']).where('id', '=', quotaId).where('partner_org_id', '=', actor.orgId as string).executeTakeFirst();
    if (!quota) throw new Abort(fail(422, { quotaId: 'support.proposal.unknownCommitment' }));
    const row = await tx
      .insertInto('support_quota_proposals')
      .values({ organisation_id: quota.organisation_id, quota_id: quotaId, partner_org_id: actor.orgId, applicant_ref: input.applicantRef, household_size: input.householdSize, need: input.need, proposed_by: actor.userId })
      .onConflict((oc) => oc.columns(['quota_id', 'applicant_ref']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new Abort(fail(409, { applicantRef: 'support.proposal.duplicate' }));
    await audit(tx, { action: 'support.proposal.create', actor, targetType: 'support_quota', targetId: quotaId, details: { proposal: row.id } });
    await tellLandlord(tx, actor, quotaId, 'proposed', baseUrl);
    return { ok: true, proposalId: row.id as string };
  });
}

/** The landlord's programme manager: the applicants partners proposed, newest first. */
export async function landlordProposals(db: Db, actor: Actor): Promise<Result<{ proposals: Proposal[] }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return asActor(db, actor, async (tx) => ({ ok: true as const, proposals: await proposals(tx, { organisationId: actor.orgId as string }) }));
}

/**
 * The landlord answers a proposal: a place of the commitment is given to the applicant (the quota row
 * locked, as for any allocation: the last place cannot go twice), or the proposal is declined. Once.
 * The dwelling given may be named at once by its reference (else later, on the allocation).
 */
export async function answerProposal(db: Db, actor: Actor, proposalId: string, answer: 'allocate' | 'decline', now = new Date(), baseUrl = '', dwellingRef = ''): Promise<Result<{ seat: number | null }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(proposalId)) throw new Abort(fail(404));
    const p = await tx.selectFrom('support_quota_proposals').select(['id', 'quota_id', 'applicant_ref', 'status', 'proposed_by']).where('id', '=', proposalId).where('organisation_id', '=', actor.orgId as string).forUpdate().executeTakeFirst();
    if (!p) throw new Abort(fail(404));
    if (p.status !== 'proposed') throw new Abort(fail(409, { form: 'support.proposal.answered' }));
    const seat = answer === 'allocate' ? await allocateIn(tx, actor, p.quota_id as string, { applicantRef: p.applicant_ref as string, dwellingRef }, now) : null;
    await tx.updateTable('support_quota_proposals').set({ status: answer === 'allocate' ? 'allocated' : 'declined', seat, answered_at: now }).where('id', '=', proposalId).execute();
    await audit(tx, { action: `support.proposal.${answer}`, actor, targetType: 'support_quota', targetId: p.quota_id as string, details: { proposal: proposalId, seat } });
    await tellPartner(tx, actor, p.quota_id as string, (p.proposed_by as string | null) ?? null, answer, baseUrl);
    return { ok: true, seat };
  });
}

/**
 * A partner withdraws an applicant it proposed while the landlord has not answered (RLS lets the partner
 * change only that). Once answered, 409. Audited; the landlord's programme managers are told.
 */
export async function withdrawProposal(db: Db, actor: Actor, proposalId: string, now = new Date(), baseUrl = ''): Promise<Result> {
  const d = authorize(actor, 'support.quotas.propose');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(proposalId)) throw new Abort(fail(404));
    // Read first (the SELECT policy shows the partner its proposals whatever their status), then lock for the change.
    const p = await tx.selectFrom('support_quota_proposals').select(['id', 'quota_id', 'status']).where('id', '=', proposalId).where('partner_org_id', '=', actor.orgId as string).executeTakeFirst();
    if (!p) throw new Abort(fail(404));
    const locked = await tx.selectFrom('support_quota_proposals').select('status').where('id', '=', proposalId).where('status', '=', 'proposed').forUpdate().executeTakeFirst();
    if (!locked) throw new Abort(fail(409, { form: 'support.proposal.answered' }));
    await tx.updateTable('support_quota_proposals').set({ status: 'withdrawn', withdrawn_at: now }).where('id', '=', proposalId).where('status', '=', 'proposed').execute();
    await audit(tx, { action: 'support.proposal.withdraw', actor, targetType: 'support_quota', targetId: p.quota_id as string, details: { proposal: proposalId } });
    await tellLandlord(tx, actor, p.quota_id as string, 'withdrawn', baseUrl);
    return { ok: true };
  });
}

/**
 * A partner puts back an applicant it withdrew (by mistake, or the family's situation changed again): the
 * proposal awaits the landlord's answer again, with its reference, size and need unchanged (RLS and a trigger
 * let the partner change only that). Only a withdrawn one, else 409; audited; the landlord's managers are told.
 */
export async function restoreProposal(db: Db, actor: Actor, proposalId: string, baseUrl = ''): Promise<Result> {
  const d = authorize(actor, 'support.quotas.propose');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(proposalId)) throw new Abort(fail(404));
    const p = await tx.selectFrom('support_quota_proposals').select(['id', 'quota_id', 'status']).where('id', '=', proposalId).where('partner_org_id', '=', actor.orgId as string).executeTakeFirst();
    if (!p) throw new Abort(fail(404));
    const locked = await tx.selectFrom('support_quota_proposals').select('status').where('id', '=', proposalId).where('status', '=', 'withdrawn').forUpdate().executeTakeFirst();
    if (!locked) throw new Abort(fail(409, { form: 'support.proposal.notWithdrawn' }));
    await tx.updateTable('support_quota_proposals').set({ status: 'proposed', withdrawn_at: null }).where('id', '=', proposalId).where('status', '=', 'withdrawn').execute();
    await audit(tx, { action: 'support.proposal.restore', actor, targetType: 'support_quota', targetId: p.quota_id as string, details: { proposal: proposalId } });
    await tellLandlord(tx, actor, p.quota_id as string, 'restored', baseUrl);
    return { ok: true };
  });
}

const base = (url: string) => url.replace(/\/$/, '');

/**
 * The landlord's programme managers hear that a partner proposed, withdrew or put back an applicant: the partner's
 * name, the commitment's year and a link — never the applicant's reference, size or need. Queued in the
 * partner's transaction, so it exists exactly when the change commits, as a row of the landlord (app.org_id
 * switched for the insert): it is in the managers' own notification list, not in the partner's tenant.
 */
async function tellLandlord(tx: Tx, actor: Actor, quotaId: string, what: 'proposed' | 'withdrawn' | 'restored', baseUrl: string): Promise<void> {
  const facts = await tx
    .selectFrom('support_quotas as q')
    .innerJoin('organisations as o', 'o.id', 'q.partner_org_id')
    .select(['o.name as partner', 'q.organisation_id', sql<string>`to_char(q.period_start, 'YYYY')`.as('year')])
    .where('q.id', '=', quotaId)
    .executeTakeFirst();
  if (!facts) return;
  // Read as the partner (the function answers only for a commitment made to the caller's association), written as the landlord.
  const managers = await sql<{ user_id: string }>`select support_quota_landlord_managers as user_id from support_quota_landlord_managers(${quotaId}::uuid)`.execute(tx);
  const link = `${base(baseUrl)}/support/programmes#proposals-title`;
  const landlordOrgId = facts.organisation_id as string;
  await asOrganisation(tx, actor.orgId as string, landlordOrgId, async () => {
    for (const m of managers.rows)
      await queueNotification(tx, {
        organisationId: landlordOrgId,
        userId: m.user_id,
        message: (t) => ({
          subject: t(`support.proposal.notice.${what}.subject`, { partner: facts.partner }),
          text: t(`support.proposal.notice.${what}.text`, { partner: facts.partner, year: facts.year, link }),
        }),
      });
  });
}

/** The partner's staff member who proposed the applicant, and the association's shared address, hear the landlord's answer: landlord, year, answer, link. */
async function tellPartner(tx: Tx, actor: Actor, quotaId: string, userId: string | null, answer: 'allocate' | 'decline', baseUrl: string): Promise<void> {
  const facts = await tx
    .selectFrom('support_quotas as q')
    .innerJoin('organisations as o', 'o.id', 'q.organisation_id')
    .select(['o.name as landlord', 'q.partner_org_id', sql<string>`to_char(q.period_start, 'YYYY')`.as('year')])
    .where('q.id', '=', quotaId)
    .executeTakeFirst();
  if (!facts) return;
  // The association's shared address too, when it set one (the proposer may have left).
  await tellPartnerContact(tx, actor.orgId as string, facts.partner_org_id as string, { what: 'answered', landlord: facts.landlord as string, year: facts.year, answer }, baseUrl);
  if (!userId) return;
  const link = `${base(baseUrl)}/support/commitments`;
  await queueNotification(tx, {
    organisationId: actor.orgId as string,
    userId,
    message: (t) => ({
      subject: t('support.proposal.notice.answered.subject', { landlord: facts.landlord }),
      text: t('support.proposal.notice.answered.text', { landlord: facts.landlord, year: facts.year, answer, link }),
    }),
  });
}
