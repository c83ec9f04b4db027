import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { communityReports } from '../../community/index.js';
import { programmeById } from '../db/cases.js';
import { parisToday } from '../domain/local-date.js';
import { caseForWrite } from './case-actions.js';
import { Abort, fail, inTransaction, type Result } from './result.js';

export type SolidarityAction = { id: string; title: string; held_on: string; residents: number; community_event_id: string | null; community_event_title: string | null };

const YEAR_MS = 366 * 24 * 3600 * 1000;

/**
 * Logs a solidarity action of a flat-share (homework help, a neighbours' party…), optionally linked to
 * a community event held by the landlord in the past year — found through the community module's
 * public reports, so only a held, reported activity can be linked; its title is copied.
 */
export async function logSolidarityAction(
  db: Db,
  actor: Actor,
  caseId: string,
  input: { title: string; heldOn: string; residents: number; communityEventId?: string },
  now = new Date(),
): Promise<Result<{ actionId: string }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const programme = await programmeById(tx, row.programme_id);
    if (programme?.kind !== 'flat_share') throw new Abort(fail(409, { form: 'support.solidarity.notFlatShare' }));
    // An action is logged once it took place: a real calendar day, not after today (Paris).
    if (Number.isNaN(Date.parse(`${input.heldOn}T12:00:00Z`)) || new Date(`${input.heldOn}T12:00:00Z`).toISOString().slice(0, 10) !== input.heldOn) throw new Abort(fail(422, { heldOn: 'support.solidarity.date' }));
    if (input.heldOn > parisToday(now)) throw new Abort(fail(422, { heldOn: 'support.solidarity.future' }));
    let eventTitle: string | null = null;
    if (input.communityEventId) {
      const held = await communityReports(tx, new Date(now.getTime() - YEAR_MS), now);
      const event = held.find((e) => e.eventId === input.communityEventId);
      if (!event) throw new Abort(fail(422, { communityEventId: 'support.solidarity.unknownEvent' }));
      eventTitle = event.title;
    }
    const made = await tx
      .insertInto('support_solidarity_actions')
      .values({ organisation_id: row.organisation_id, case_id: caseId, title: input.title, held_on: input.heldOn, residents: input.residents, community_event_id: input.communityEventId ?? null, community_event_title: eventTitle, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('support_cases').set({ last_contact_at: sql`now()` }).where('id', '=', caseId).execute();
    await audit(tx, { action: 'support.solidarity.log', actor, targetType: 'support_case', targetId: caseId, details: { action: made.id, event: input.communityEventId ?? null } });
    return { ok: true, actionId: made.id as string };
  });
}

/** The landlord's activities held in the past year with their report written: those an action may be linked to. */
export async function linkableEvents(tx: Tx, now = new Date()): Promise<{ id: string; title: string; startsAt: Date }[]> {
  return (await communityReports(tx, new Date(now.getTime() - YEAR_MS), now)).map((e) => ({ id: e.eventId, title: e.title, startsAt: new Date(e.startsAt) }));
}

/** A flat-share's actions, newest first (RLS: as the case). */
export async function solidarityActions(tx: Tx, caseId: string): Promise<SolidarityAction[]> {
  return (await tx
    .selectFrom('support_solidarity_actions')
    .select(['id', 'title', 'residents', 'community_event_id', 'community_event_title'])
    .select((s) => s.fn<string>('to_char', [s.ref('held_on'), s.val('YYYY-MM-DD')]).as('held_on'))
    .where('case_id', '=', caseId)
    .orderBy('held_on', 'desc')
    .execute()) as SolidarityAction[];
}
