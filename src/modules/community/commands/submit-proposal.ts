import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { parisDate } from '../domain/paris-time.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { asResident, audienceDecision, householdOf, P, personOf } from '../policy.js';
import { proposalInput } from '../schemas.js';
import { findProcess } from './proposal-rows.js';

/**
 * A resident's proposal, or one staff enter from a paper form or a meeting: it is then credited
 * to the meeting or the person named, never to the staff member who typed it.
 */
export async function submitProposal(db: Db, actor: Actor, processId: string, raw: unknown): Promise<string> {
  ensure(authorize(actor, P.propose));
  const input = parseInput(proposalInput, raw);
  const byResident = asResident(actor);
  if (!byResident && !input.creditedTo) throw new Invalid({ creditedTo: 'community.proposal.creditRequired' });
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const process = (await findProcess(tx, processId)) ?? notFound();
    ensure(await audienceDecision(tx, actor, P.propose, process as never));
    if (process.ends_on && String(process.ends_on) < parisDate(new Date()) && byResident) throw new Invalid({ form: 'community.proposal.closed' }, 409);
    const row = await tx
      .insertInto('community_proposals')
      .values({
        organisation_id: actor.orgId,
        process_id: process.id,
        title: input.title,
        body: input.body,
        category: input.category,
        place: input.place || null,
        author_user_id: byResident ? personOf(actor) : null,
        author_household_id: byResident ? householdOf(actor) : null,
        credited_to: byResident ? null : input.creditedTo,
        entered_by: byResident && !actor.actingFor ? null : actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'community.proposal.submit',
      actor,
      targetType: 'community_proposal',
      targetId: row.id as string,
      details: { processId },
    });
    return row.id as string;
  });
}
