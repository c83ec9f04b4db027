import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound } from '../errors.js';
import { audienceDecision, P, personOf } from '../policy.js';
import { findProposal } from './proposal-rows.js';

/** A resident flags a proposal for moderators (offensive, personal data…); each person counts once. */
export async function reportProposal(db: Db, actor: Actor, proposalId: string): Promise<void> {
  ensure(authorize(actor, P.comment));
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = (await findProposal(tx, proposalId)) ?? notFound();
    if (p.hidden_at) notFound();
    ensure(await audienceDecision(tx, actor, P.comment, p));
    const added = await tx
      .insertInto('community_proposal_reports')
      .values({ organisation_id: p.organisation_id, proposal_id: p.id, user_id: personOf(actor) })
      .onConflict((oc) => oc.doNothing())
      .returning('proposal_id')
      .executeTakeFirst();
    if (added)
      await tx
        .updateTable('community_proposals')
        .set((eb) => ({ reports: eb('reports', '+', 1) }))
        .where('id', '=', p.id)
        .execute();
    await audit(tx, { action: 'community.proposal.report', actor, targetType: 'community_proposal', targetId: p.id });
  });
}
