import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ensure, Invalid, notFound } from '../errors.js';
import { asResident, audienceDecision, householdOf, P, personOf } from '../policy.js';
import { neighbourProcessRefs } from '../queries/neighbour-events.js';
import { findProposal, type ProposalRef } from './proposal-rows.js';

/**
 * One support per household (and per person): the table's unique keys decide under concurrency,
 * so two members of a family clicking at once still count once.
 */
export async function supportProposal(db: Db, actor: Actor, proposalId: string): Promise<void> {
  ensure(authorize(actor, P.support));
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = await findProposal(tx, proposalId);
    if (!p) return false;
    if (p.hidden_at) notFound();
    ensure(await audienceDecision(tx, actor, P.support, p));
    await write(tx, actor, p, null);
    return true;
  });
  if (own) return;
  // Not one of the landlord's: perhaps a proposal of another landlord's process open to the resident's neighbourhood.
  const [ref] = asResident(actor) && householdOf(actor) ? await neighbourProcessRefs(db, actor, { proposalId }) : [];
  if (!ref) notFound();
  await withTenant(db, { orgId: ref.organisationId }, async (tx) => {
    const p = (await findProposal(tx, proposalId)) ?? notFound();
    if (p.hidden_at) notFound();
    await write(tx, actor, p, actor.orgId);
  });
}

async function write(tx: Tx, actor: Actor, p: ProposalRef, guestOrgId: string | null): Promise<void> {
  if (p.status === 'done' || p.status === 'refused') throw new Invalid({ form: 'community.support.closed' }, 409);
  const row = await tx
    .insertInto('community_supports')
    .values({
      organisation_id: p.organisation_id,
      proposal_id: p.id,
      guest_org_id: guestOrgId,
      user_id: personOf(actor),
      household_id: householdOf(actor),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('proposal_id')
    .executeTakeFirst();
  if (!row) throw new Invalid({ form: 'community.support.already' }, 409);
  await audit(tx, {
    action: 'community.proposal.support',
    organisationId: p.organisation_id,
    actor,
    targetType: 'community_proposal',
    targetId: p.id,
    details: guestOrgId ? { mode: 'neighbour', guestOrgId } : {},
  });
}
