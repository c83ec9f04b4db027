import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound, parseInput } from '../errors.js';
import { asResident, audienceDecision, householdOf, P, personOf } from '../policy.js';
import { type NeighbourProcessRef, neighbourProcessRefs } from '../queries/neighbour-events.js';
import { commentInput, hideInput } from '../schemas.js';
import { findProposal, type ProposalRef } from './proposal-rows.js';

/**
 * A comment on a proposal. A resident of another landlord of the neighbourhood comments on a proposal
 * of a process open to it: checked in their own landlord's context (the neighbour view,
 * queries/neighbour-events.ts), written as a row of the process's landlord naming theirs
 * (`guest_org_id`) and their household, which the trigger checks once more; its moderators hide it.
 */
export async function commentOnProposal(db: Db, actor: Actor, proposalId: string, raw: unknown): Promise<string> {
  ensure(authorize(actor, P.comment));
  const input = parseInput(commentInput, raw);
  const write = async (tx: Tx, p: ProposalRef, guestOrgId: string | null): Promise<string> => {
    const row = await tx
      .insertInto('community_comments')
      .values({
        organisation_id: p.organisation_id,
        proposal_id: p.id,
        author_user_id: personOf(actor),
        guest_org_id: guestOrgId,
        author_household_id: guestOrgId ? householdOf(actor) : null,
        body: input.body,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'community.comment.create',
      organisationId: p.organisation_id,
      actor,
      targetType: 'community_comment',
      targetId: row.id as string,
      details: guestOrgId ? { mode: 'neighbour', guestOrgId } : {},
    });
    return row.id as string;
  };
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = await findProposal(tx, proposalId);
    if (!p) return null;
    if (p.hidden_at) notFound();
    ensure(await audienceDecision(tx, actor, P.comment, p));
    return write(tx, p, null);
  });
  if (own !== null) return own;
  const ref = await neighbourOf(db, actor, proposalId);
  return withTenant(db, { orgId: ref.organisationId }, async (tx) => {
    const p = (await findProposal(tx, proposalId)) ?? notFound();
    if (p.hidden_at) notFound();
    return write(tx, p, actor.orgId);
  });
}

/** Another landlord's process open to the resident's neighbourhood, of this proposal; 404 otherwise. */
export async function neighbourOf(db: Db, actor: Actor, proposalId: string): Promise<NeighbourProcessRef> {
  const [ref] = asResident(actor) && householdOf(actor) ? await neighbourProcessRefs(db, actor, { proposalId }) : [];
  return ref ?? notFound();
}

/**
 * A resident flags a comment for moderators; each person counts once. A neighbour may flag a comment
 * of a proposal of another landlord's process open to them: the processes are found in their own
 * landlord's context, the comment among those processes' visible proposals in the organiser's, where
 * the report is written (naming their landlord) for the organiser's moderators.
 */
export async function reportComment(db: Db, actor: Actor, commentId: string): Promise<string> {
  ensure(authorize(actor, P.comment));
  if (!/^[0-9a-f-]{36}$/i.test(commentId)) notFound();
  const write = async (tx: Tx, c: { id: string; organisation_id: string; proposal_id: string }, guestOrgId: string | null): Promise<string> => {
    const added = await tx
      .insertInto('community_comment_reports')
      .values({
        organisation_id: c.organisation_id,
        comment_id: c.id,
        user_id: personOf(actor),
        guest_org_id: guestOrgId,
        household_id: guestOrgId ? householdOf(actor) : null,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('comment_id')
      .executeTakeFirst();
    if (added)
      await tx
        .updateTable('community_comments')
        .set((eb) => ({ reports: eb('reports', '+', 1) }))
        .where('id', '=', c.id)
        .execute();
    await audit(tx, {
      action: 'community.comment.report',
      organisationId: c.organisation_id,
      actor,
      targetType: 'community_comment',
      targetId: c.id,
      details: guestOrgId ? { mode: 'neighbour', guestOrgId } : {},
    });
    return c.proposal_id;
  };
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const c = await tx.selectFrom('community_comments').select(['id', 'organisation_id', 'proposal_id']).where('id', '=', commentId).executeTakeFirst();
    return c ? write(tx, c as { id: string; organisation_id: string; proposal_id: string }, null) : null;
  });
  if (own !== null) return own;
  const refs = asResident(actor) && householdOf(actor) ? await neighbourProcessRefs(db, actor) : [];
  const byOrg = new Map<string, string[]>();
  for (const r of refs) byOrg.set(r.organisationId, [...(byOrg.get(r.organisationId) ?? []), r.id]);
  for (const [orgId, processIds] of byOrg) {
    const done = await withTenant(db, { orgId }, async (tx) => {
      const c = await tx
        .selectFrom('community_comments as c')
        .innerJoin('community_proposals as p', 'p.id', 'c.proposal_id')
        .select(['c.id', 'c.organisation_id', 'c.proposal_id'])
        .where('c.id', '=', commentId)
        .where('p.process_id', 'in', processIds)
        .where('p.hidden_at', 'is', null)
        .executeTakeFirst();
      return c ? write(tx, c as { id: string; organisation_id: string; proposal_id: string }, actor.orgId) : null;
    });
    if (done !== null) return done;
  }
  notFound();
}

/** A moderator hides a comment or a proposal; the reason stays visible in its place. */
export async function hideContent(db: Db, actor: Actor, kind: 'comment' | 'proposal', id: string, raw: unknown): Promise<string> {
  ensure(authorize(actor, P.moderate));
  const table = kind === 'comment' ? 'community_comments' : 'community_proposals';
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    // Found first, then the form read: an unknown or another landlord's id answers 404 whatever was posted.
    if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
    const exists = await tx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) notFound();
    const input = parseInput(hideInput, raw);
    const row = await tx
      .updateTable(table)
      .set({
        hidden_at: new Date(),
        hidden_reason: input.reason,
        hidden_by: actor.userId,
      })
      .where('id', '=', id)
      .returning(kind === 'comment' ? ['id', 'proposal_id'] : ['id', 'id as proposal_id'])
      .executeTakeFirst();
    if (!row) notFound();
    await audit(tx, {
      action: `community.${kind}.hide`,
      actor,
      targetType: `community_${kind}`,
      targetId: id,
      details: { reason: input.reason },
    });
    return row.proposal_id as string;
  });
}
