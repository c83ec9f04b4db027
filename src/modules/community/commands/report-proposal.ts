import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound } from '../errors.js';
import { audienceDecision, householdOf, P, personOf } from '../policy.js';
import { neighbourOf } from './comments.js';
import { findProposal, type ProposalRef } from './proposal-rows.js';

/**
 * A resident flags a proposal for moderators (offensive, personal data…); each person counts once. A
 * neighbour flags one of another landlord's process open to them (found through their neighbour
 * view): the report is a row of the process's landlord naming theirs, for its moderators.
 */
export async function reportProposal(db: Db, actor: Actor, proposalId: string): Promise<void> {
  ensure(authorize(actor, P.comment));
  const write = async (tx: Tx, p: ProposalRef, guestOrgId: string | null): Promise<void> => {
    const added = await tx
      .insertInto('community_proposal_reports')
      .values({ organisation_id: p.organisation_id, proposal_id: p.id, user_id: personOf(actor), guest_org_id: guestOrgId, household_id: guestOrgId ? householdOf(actor) : null })
      .onConflict((oc) => oc.doNothing())
      .returning('proposal_id')
      .executeTakeFirst();
    if (added)
      await tx
        .updateTable('community_proposals')
        .set((eb) => ({ reports: eb('reports', '+', 1) }))
        .where('id', '=', p.id)
        .execute();
    await audit(tx, {
      action: 'community.proposal.report',
      organisationId: p.organisation_id,
      actor,
      targetType: 'community_proposal',
      targetId: p.id,
      details: guestOrgId ? { mode: 'neighbour', guestOrgId } : {},
    });
  };
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = await findProposal(tx, proposalId);
    if (!p) return false;
    if (p.hidden_at) notFound();
    ensure(await audienceDecision(tx, actor, P.comment, p));
    await write(tx, p, null);
    return true;
  });
  if (own) return;
  const ref = await neighbourOf(db, actor, proposalId);
  await withTenant(db, { orgId: ref.organisationId }, async (tx) => {
    const p = (await findProposal(tx, proposalId)) ?? notFound();
    if (p.hidden_at) notFound();
    await write(tx, p, actor.orgId);
  });
}
