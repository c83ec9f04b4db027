import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure, Invalid, notFound } from '../errors.js';
import { audienceDecision, householdOf, P, personOf } from '../policy.js';
import { findProposal } from './proposal-rows.js';

/**
 * One support per household (and per person): the table's unique keys decide under concurrency,
 * so two members of a family clicking at once still count once.
 */
export async function supportProposal(db: Db, actor: Actor, proposalId: string): Promise<void> {
  ensure(authorize(actor, P.support));
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = (await findProposal(tx, proposalId)) ?? notFound();
    if (p.hidden_at) notFound();
    ensure(await audienceDecision(tx, actor, P.support, p));
    if (p.status === 'done' || p.status === 'refused') throw new Invalid({ form: 'community.support.closed' }, 409);
    const row = await tx
      .insertInto('community_supports')
      .values({
        organisation_id: actor.orgId,
        proposal_id: p.id,
        user_id: personOf(actor),
        household_id: householdOf(actor),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('proposal_id')
      .executeTakeFirst();
    if (!row) throw new Invalid({ form: 'community.support.already' }, 409);
    await audit(tx, {
      action: 'community.proposal.support',
      actor,
      targetType: 'community_proposal',
      targetId: p.id,
    });
  });
}
