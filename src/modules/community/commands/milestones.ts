import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { hasMilestones } from '../domain/proposal-status.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { milestoneDoneInput, milestoneInput } from '../schemas.js';
import { noticeProposalNews, peopleOfProposal } from './proposal-notices.js';
import { findProposal } from './proposal-rows.js';

/** Adds a progress milestone to an accepted proposal (accepted or in progress; 409 otherwise). */
export async function addMilestone(db: Db, actor: Actor, proposalId: string, raw: unknown): Promise<{ id: string }> {
  ensure(authorize(actor, P.answer));
  const input = parseInput(milestoneInput, raw);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = (await findProposal(tx, proposalId, true)) ?? notFound();
    ensure(authorize(actor, P.answer, { organisationId: p.organisation_id, residenceId: p.residence_id }));
    if (!hasMilestones(p.status)) throw new Invalid({ label: 'community.milestone.notAccepted' }, 409);
    const row = await tx
      .insertInto('community_milestones')
      .values({ organisation_id: p.organisation_id, proposal_id: p.id, label: input.label, planned_on: input.plannedOn, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'community.proposal.milestone.add', actor, targetType: 'community_proposal', targetId: p.id, details: { milestone: row.id } });
    return { id: row.id as string };
  });
}

/** Marks a milestone reached on a given day (once: 409 after); everyone concerned by the proposal is told. */
export async function completeMilestone(db: Db, actor: Actor, milestoneId: string, raw: unknown): Promise<{ proposalId: string }> {
  ensure(authorize(actor, P.answer));
  const input = parseInput(milestoneDoneInput, raw);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    if (!/^[0-9a-f-]{36}$/i.test(milestoneId)) notFound();
    const m = (await tx.selectFrom('community_milestones').select(['id', 'proposal_id', 'label', 'done_on']).where('id', '=', milestoneId).executeTakeFirst()) ?? notFound();
    const p = (await findProposal(tx, m.proposal_id as string, true)) ?? notFound();
    ensure(authorize(actor, P.answer, { organisationId: p.organisation_id, residenceId: p.residence_id }));
    const done = await tx.updateTable('community_milestones').set({ done_on: input.doneOn }).where('id', '=', m.id).where('done_on', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new Invalid({ doneOn: 'community.milestone.alreadyDone' }, 409);
    await noticeProposalNews(tx, { organisationId: p.organisation_id, proposalId: p.id, people: await peopleOfProposal(tx, p.id), kind: 'milestone', body: m.label as string });
    await audit(tx, { action: 'community.proposal.milestone.done', actor, targetType: 'community_proposal', targetId: p.id, details: { milestone: m.id } });
    return { proposalId: p.id };
  });
}

/** The proposal a milestone belongs to (404 when unknown or another landlord's), to show it again after an error. */
export async function proposalOfMilestone(db: Db, actor: Actor, milestoneId: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(milestoneId)) notFound();
  const m = await withTenant(db, { orgId: actor.orgId }, (tx) => tx.selectFrom('community_milestones').select('proposal_id').where('id', '=', milestoneId).executeTakeFirst());
  return (m?.proposal_id as string | undefined) ?? notFound();
}
