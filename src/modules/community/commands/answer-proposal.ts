import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { answerProblems } from '../domain/proposal-status.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { answerInput } from '../schemas.js';
import { asTheirLandlord, noticeProposalNews, peopleOfProposal } from './proposal-notices.js';
import { findProposal } from './proposal-rows.js';

/**
 * The landlord's dated public answer: it moves the status (a refusal needs its reason) and tells
 * the author, everyone who supported and everyone who commented (in the app and by their own
 * channel). Returns how many were notified.
 */
export async function answerProposal(db: Db, actor: Actor, proposalId: string, raw: unknown): Promise<{ answerId: string; notified: number }> {
  ensure(authorize(actor, P.answer));
  const input = parseInput(answerInput, raw);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const p = (await findProposal(tx, proposalId, true)) ?? notFound();
    ensure(
      authorize(actor, P.answer, {
        organisationId: p.organisation_id,
        residenceId: p.residence_id,
      }),
    );
    const problems = answerProblems(p.status, input.status, input.body);
    if (Object.keys(problems).length) throw new Invalid(problems, problems.status ? 409 : 422);
    const answer = await tx
      .insertInto('community_answers')
      .values({
        organisation_id: p.organisation_id,
        proposal_id: p.id,
        status: input.status,
        body: input.body,
        answered_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('community_proposals').set({ status: input.status }).where('id', '=', p.id).execute();
    const people = await peopleOfProposal(tx, p.id);
    // In the app too: a neighbour's notification is a row of their own landlord naming the process's.
    for (const person of people)
      await asTheirLandlord(tx, p.organisation_id, person.guestOrgId, () =>
        tx
          .insertInto('community_notifications')
          .values({ organisation_id: person.guestOrgId ?? p.organisation_id, proposal_org_id: person.guestOrgId ? p.organisation_id : null, user_id: person.userId, proposal_id: p.id, answer_id: answer.id })
          .onConflict((oc) => oc.doNothing())
          .execute(),
      );
    await noticeProposalNews(tx, { organisationId: p.organisation_id, proposalId: p.id, people, kind: 'answer', status: input.status, body: input.body });
    await audit(tx, {
      action: 'community.proposal.answer',
      actor,
      targetType: 'community_proposal',
      targetId: p.id,
      details: { from: p.status, to: input.status },
    });
    return {
      answerId: answer.id as string,
      notified: people.length,
    };
  });
}
