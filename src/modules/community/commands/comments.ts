import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound, parseInput } from '../errors.js';
import { audienceDecision, P, personOf } from '../policy.js';
import { commentInput, hideInput } from '../schemas.js';
import { findProposal } from './proposal-rows.js';

export async function commentOnProposal(db: Db, actor: Actor, proposalId: string, raw: unknown): Promise<string> {
  ensure(authorize(actor, P.comment));
  const input = parseInput(commentInput, raw);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = (await findProposal(tx, proposalId)) ?? notFound();
    if (p.hidden_at) notFound();
    ensure(await audienceDecision(tx, actor, P.comment, p));
    const row = await tx
      .insertInto('community_comments')
      .values({
        organisation_id: p.organisation_id,
        proposal_id: p.id,
        author_user_id: personOf(actor),
        body: input.body,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'community.comment.create',
      actor,
      targetType: 'community_comment',
      targetId: row.id as string,
    });
    return row.id as string;
  });
}

/** A resident flags a comment for moderators; each person counts once. */
export async function reportComment(db: Db, actor: Actor, commentId: string): Promise<string> {
  ensure(authorize(actor, P.comment));
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const c = /^[0-9a-f-]{36}$/i.test(commentId)
      ? await tx.selectFrom('community_comments').select(['id', 'organisation_id', 'proposal_id']).where('id', '=', commentId).executeTakeFirst()
      : undefined;
    if (!c) notFound();
    const added = await tx
      .insertInto('community_comment_reports')
      .values({
        organisation_id: c.organisation_id,
        comment_id: c.id,
        user_id: personOf(actor),
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
      actor,
      targetType: 'community_comment',
      targetId: c.id as string,
    });
    return c.proposal_id as string;
  });
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
