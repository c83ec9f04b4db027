import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { householdsOfResidence } from '../../directory/index.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { outcomeInput, type SupportInput, type SupportOutcome } from '../support-schemas.js';

/**
 * Records a support session in a space. The person is a household of the space's residence or nobody
 * (anonymous); the day is within the last year and not ahead. Audited without its content.
 */
export async function recordSupport(db: Db, actor: Actor, spaceId: string, v: SupportInput, now = new Date()): Promise<string> {
  return withSpaceFor(db, actor, PERMISSIONS.support, spaceId, async (tx, space) => {
    const today = parisParts(now).date;
    if (v.heldOn > today) throw new SpacesError(422, 'spaces.support.error.future', 'heldOn');
    if (v.heldOn < addDays(today, -366)) throw new SpacesError(422, 'spaces.support.error.tooOld', 'heldOn');
    if (v.householdId && !(await householdsOfResidence(tx, space.residenceId)).some((h) => h.id === v.householdId)) throw new SpacesError(422, 'spaces.error.choose', 'householdId');
    const row = await tx
      .insertInto('space_support_sessions')
      .values({ organisation_id: space.organisationId, space_id: space.id, residence_id: space.residenceId, household_id: v.householdId, held_on: v.heldOn, minutes: v.minutes, topic: v.topic, outcome: v.outcome, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'spaces.support.record', actor, targetType: 'space_support_session', targetId: row.id, details: { spaceId: space.id } });
    return row.id as string;
  });
}

/**
 * Sets (or clears, with '') the outcome of a session once it is known. The session is found first:
 * another space's or an unknown one is a 404 whatever was sent; then an outcome off the list is a 422.
 */
export async function setSupportOutcome(db: Db, actor: Actor, spaceId: string, sessionId: string, raw: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) throw new SpacesError(404, 'error.404.title');
  await withSpaceFor(db, actor, PERMISSIONS.support, spaceId, async (tx, space) => {
    const found = await tx.selectFrom('space_support_sessions').select('id').where('id', '=', sessionId).where('space_id', '=', space.id).forUpdate().executeTakeFirst();
    if (!found) throw new SpacesError(404, 'error.404.title');
    const parsed = outcomeInput.safeParse({ outcome: raw });
    if (!parsed.success) throw new SpacesError(422, 'spaces.error.choose', 'outcome');
    const outcome: SupportOutcome | null = parsed.data.outcome;
    await tx.updateTable('space_support_sessions').set({ outcome }).where('id', '=', sessionId).execute();
    await audit(tx, { action: 'spaces.support.outcome', actor, targetType: 'space_support_session', targetId: sessionId, details: { spaceId: space.id, outcome } });
  });
}
