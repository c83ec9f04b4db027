import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { allocateIn } from './quotas.js';
import { Abort, asActor, denied, fail, inTransaction, isUuid, type Result } from './result.js';

export type Proposal = { id: string; quota_id: string; applicant_ref: string; household_size: number; need: string; status: 'proposed' | 'allocated' | 'declined'; seat: number | null; proposed_at: Date; partner: string; quota_label: string; year: string };
export type PartnerCommitment = { id: string; landlord: string; label: string; year: string; places: number; proposals: Proposal[] };

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
      .select(['q.id', 'q.label', 'q.places', 'o.name as landlord'])
      .select(sql<string>`to_char(q.period_start, 'YYYY')`.as('year'))
      .where('q.partner_org_id', '=', actor.orgId as string)
      .orderBy('q.period_start', 'desc')
      .orderBy('o.name')
      .execute();
    const mine = await proposals(tx, { partnerOrgId: actor.orgId as string });
    return {
      ok: true as const,
      commitments: rows.map((r) => ({ id: r.id as string, landlord: r.landlord as string, label: r.label as string, year: r.year, places: Number(r.places), proposals: mine.filter((p) => p.quota_id === r.id) })),
    };
  });
}

/** A partner proposes an applicant (its own reference, no name) against a commitment made to it. */
export async function proposeApplicant(db: Db, actor: Actor, quotaId: string, input: { applicantRef: string; householdSize: number; need: string }): Promise<Result<{ proposalId: string }>> {
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
 */
export async function answerProposal(db: Db, actor: Actor, proposalId: string, answer: 'allocate' | 'decline', now = new Date()): Promise<Result<{ seat: number | null }>> {
  const d = authorize(actor, 'support.quotas.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    if (!isUuid(proposalId)) throw new Abort(fail(404));
    const p = await tx.selectFrom('support_quota_proposals').select(['id', 'quota_id', 'applicant_ref', 'status']).where('id', '=', proposalId).where('organisation_id', '=', actor.orgId as string).forUpdate().executeTakeFirst();
    if (!p) throw new Abort(fail(404));
    if (p.status !== 'proposed') throw new Abort(fail(409, { form: 'support.proposal.answered' }));
    const seat = answer === 'allocate' ? await allocateIn(tx, actor, p.quota_id as string, { applicantRef: p.applicant_ref as string }, now) : null;
    await tx.updateTable('support_quota_proposals').set({ status: answer === 'allocate' ? 'allocated' : 'declined', seat, answered_at: now }).where('id', '=', proposalId).execute();
    await audit(tx, { action: `support.proposal.${answer}`, actor, targetType: 'support_quota', targetId: p.quota_id as string, details: { proposal: proposalId, seat } });
    return { ok: true, seat };
  });
}
