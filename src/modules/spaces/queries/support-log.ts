import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { householdsOfResidence, type ResidenceHousehold } from '../../directory/index.js';
import type { Space } from '../db/spaces-db.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';

export type SupportEntry = { id: string; heldOn: string; householdName: string | null; anonymous: boolean; minutes: number; topic: string; outcome: string | null };

/**
 * A space's support log for the staff: the latest sessions (who, when, how long, topic, outcome) and
 * the residence's households for the form. Reading who was helped is audited.
 */
export async function supportLog(db: Db, actor: Actor, spaceId: string, limit = 100): Promise<{ space: Space; entries: SupportEntry[]; households: ResidenceHousehold[] }> {
  return withSpaceFor(db, actor, PERMISSIONS.support, spaceId, async (tx, space) => {
    const [rows, households] = await Promise.all([
      tx
        .selectFrom('space_support_sessions as s')
        .leftJoin('households as h', 'h.id', 's.household_id')
        .select(['s.id', sql<string>`to_char(s.held_on, 'YYYY-MM-DD')`.as('held_on'), 's.household_id', 'h.name', 's.minutes', 's.topic', 's.outcome'])
        .where('s.space_id', '=', space.id)
        .orderBy('s.held_on', 'desc')
        .orderBy('s.created_at', 'desc')
        .limit(limit)
        .execute(),
      householdsOfResidence(tx, space.residenceId),
    ]);
    await audit(tx, { action: 'spaces.support.list', actor, targetType: 'space', targetId: space.id, details: { rows: rows.length } });
    const entries = rows.map((r) => ({ id: r.id as string, heldOn: r.held_on, householdName: (r.name as string | null) ?? null, anonymous: r.household_id === null, minutes: r.minutes as number, topic: r.topic as string, outcome: r.outcome as string | null }));
    return { space, entries, households };
  });
}
