import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { queueNotification } from '../../../platform/notify/index.js';

/** Someone concerned by a proposal; `guestOrgId`: a neighbour, resident of that other landlord. */
export type ProposalPerson = { userId: string; guestOrgId: string | null };

/**
 * Runs `fn` as the neighbour's own landlord (inside the organiser's transaction) when `guestOrgId`
 * is given, then back: a row about them (notice, notification) is their landlord's, never the
 * organiser's. As the community notices of registrations and the spaces' notices do.
 */
export async function asTheirLandlord<T>(tx: Tx, organiserId: string, guestOrgId: string | null, fn: () => Promise<T>): Promise<T> {
  if (!guestOrgId) return fn();
  await sql`select set_config('app.org_id', ${guestOrgId}, true)`.execute(tx);
  try {
    return await fn();
  } finally {
    await sql`select set_config('app.org_id', ${organiserId}, true)`.execute(tx);
  }
}

/**
 * Tells people, each by their own channel (their account's e-mail, else phone), about news of a
 * proposal they made, supported or commented: a new answer or a milestone reached. Queued in the
 * caller's transaction; a neighbour's notice is a row of their own landlord. The text holds the
 * public answer only.
 */
export async function noticeProposalNews(
  tx: Tx,
  opts: { organisationId: string; proposalId: string; people: ProposalPerson[]; kind: 'answer' | 'milestone'; status?: string; body: string },
): Promise<void> {
  if (opts.people.length === 0) return;
  const p = await tx.selectFrom('community_proposals').select('title').where('id', '=', opts.proposalId).executeTakeFirstOrThrow();
  for (const person of opts.people)
    await asTheirLandlord(tx, opts.organisationId, person.guestOrgId, () =>
      queueNotification(tx, {
        organisationId: person.guestOrgId ?? opts.organisationId,
        userId: person.userId,
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
      }),
    );
}

/**
 * Everyone concerned by a proposal: its author, its supporters, the authors of its visible comments —
 * each once, with their landlord when they are a neighbour (another landlord's resident).
 */
export async function peopleOfProposal(tx: Tx, proposalId: string): Promise<ProposalPerson[]> {
  const rows = await tx
    .selectFrom('community_proposals')
    .select(['author_user_id as u', 'guest_org_id as g'])
    .where('id', '=', proposalId)
    .where('author_user_id', 'is not', null)
    .union(tx.selectFrom('community_supports').select(['user_id as u', 'guest_org_id as g']).where('proposal_id', '=', proposalId))
    .union(tx.selectFrom('community_comments').select(['author_user_id as u', 'guest_org_id as g']).where('proposal_id', '=', proposalId).where('hidden_at', 'is', null))
    .execute();
  const out = new Map<string, ProposalPerson>();
  for (const r of rows) if (!out.has(r.u as string)) out.set(r.u as string, { userId: r.u as string, guestOrgId: (r.g as string | null) ?? null });
  return [...out.values()];
}
