import type { Tx } from '../../../platform/db/tenant.js';
import { queueNotification } from '../../../platform/notify/index.js';

/**
 * Tells people, each by their own channel (their account's e-mail, else phone), about news of a
 * proposal they made, supported or commented: a new answer or a milestone reached. Queued in the
 * caller's transaction. The text holds the public answer only.
 */
export async function noticeProposalNews(
  tx: Tx,
  opts: { organisationId: string; proposalId: string; userIds: string[]; kind: 'answer' | 'milestone'; status?: string; body: string },
): Promise<void> {
  if (opts.userIds.length === 0) return;
  const p = await tx.selectFrom('community_proposals').select('title').where('id', '=', opts.proposalId).executeTakeFirstOrThrow();
  for (const userId of opts.userIds)
    await queueNotification(tx, {
      organisationId: opts.organisationId,
      userId,
      message: (t) => {
        const values = {
          title: p.title as string,
          status: opts.status ? t(`community.proposalStatus.${opts.status}`) : '',
          body: opts.body,
          path: `/community/proposals/${opts.proposalId}`,
        };
        return {
          subject: t(`community.proposalNotice.${opts.kind}.subject`, values),
          text: t(`community.proposalNotice.${opts.kind}.text`, values),
          sms: t(`community.proposalNotice.${opts.kind}.subject`, values),
        };
      },
    });
}

/** Everyone concerned by a proposal: its author, its supporters, the authors of its visible comments. */
export async function peopleOfProposal(tx: Tx, proposalId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('community_proposals')
    .select('author_user_id as u')
    .where('id', '=', proposalId)
    .where('author_user_id', 'is not', null)
    .union(tx.selectFrom('community_supports').select('user_id as u').where('proposal_id', '=', proposalId))
    .union(tx.selectFrom('community_comments').select('author_user_id as u').where('proposal_id', '=', proposalId).where('hidden_at', 'is', null))
    .execute();
  return rows.map((r) => r.u as string);
}
