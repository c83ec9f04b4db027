import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound } from '../errors.js';
import { P } from '../policy.js';

export type ModerationItem = {
  kind: 'proposal' | 'comment';
  id: string;
  proposal_id: string;
  proposal_title: string;
  body: string;
  author: string | null;
  reports: number;
  hidden_at: Date | null;
  hidden_reason: string | null;
  history: { at: Date; action: string; actor: string | null }[];
};

/**
 * A proposal or a comment as a moderator sees it before hiding it: the text, the reports and its
 * moderation history, read from the audit trail (reports, hidings, with who and when).
 */
export async function moderationItem(db: Db, actor: Actor, kind: string, id: string): Promise<ModerationItem> {
  ensure(authorize(actor, P.moderate));
  if ((kind !== 'proposal' && kind !== 'comment') || !/^[0-9a-f-]{36}$/i.test(id)) notFound();
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const row =
      kind === 'proposal'
        ? await tx
            .selectFrom('community_proposals as p')
            .leftJoin('users as u', 'u.id', 'p.author_user_id')
            .select(['p.id', 'p.id as proposal_id', 'p.title as proposal_title', sql<string>`p.title || E'\\n' || p.body`.as('body'), sql<string | null>`coalesce(p.credited_to, u.display_name)`.as('author'), 'p.reports', 'p.hidden_at', 'p.hidden_reason'])
            .where('p.id', '=', id)
            .executeTakeFirst()
        : await tx
            .selectFrom('community_comments as c')
            .innerJoin('community_proposals as p', 'p.id', 'c.proposal_id')
            .leftJoin('users as u', 'u.id', 'c.author_user_id')
            .select(['c.id', 'p.id as proposal_id', 'p.title as proposal_title', 'c.body', 'u.display_name as author', 'c.reports', 'c.hidden_at', 'c.hidden_reason'])
            .where('c.id', '=', id)
            .executeTakeFirst();
    if (!row) notFound();
    const history = await tx
      .selectFrom('audit_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_user_id')
      .select(['e.at', 'e.action', 'u.display_name as actor'])
      .where('e.target_type', '=', `community_${kind}`)
      .where('e.target_id', '=', id)
      .where('e.action', 'in', [`community.${kind}.report`, `community.${kind}.hide`])
      .orderBy('e.id')
      .execute();
    return { kind, ...(row as Omit<ModerationItem, 'kind' | 'history'>), history: history as ModerationItem['history'] };
  });
}

/** Proposals residents reported and that are still visible, most reported first. */
export async function reportedProposals(db: Db, actor: Actor) {
  ensure(authorize(actor, P.moderate));
  return withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx.selectFrom('community_proposals').select(['id', 'title', 'reports']).where('reports', '>', 0).where('hidden_at', 'is', null).orderBy('reports', 'desc').limit(100).execute(),
  );
}
