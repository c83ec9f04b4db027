import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { parseInput } from '../errors.js';
import { attendanceInput } from '../schemas.js';
import { ensureRunsEvent } from './co-organisers.js';

/** The facilitator (or a resident co-organiser) marks each confirmed registration present or absent (no-shows are counted from this). */
export async function takeAttendance(db: Db, actor: Actor, eventId: string, raw: Record<string, unknown>): Promise<number> {
  // Form fields are named "a-<registration id>"; the API sends the same map without the prefix.
  const marks = parseInput(
    attendanceInput,
    Object.fromEntries(
      Object.entries(raw)
        .filter(([k]) => k.startsWith('a-') || /^[0-9a-f-]{36}$/.test(k))
        .map(([k, v]) => [k.replace(/^a-/, ''), v]),
    ),
  );
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    // Staff with the permission for the residence, or a resident named co-organiser of this activity.
    await ensureRunsEvent(tx, actor, eventId);
    let n = 0;
    for (const [id, mark] of Object.entries(marks)) {
      const r = await tx.updateTable('community_registrations').set({ attendance: mark }).where('id', '=', id).where('event_id', '=', eventId).where('status', '=', 'confirmed').executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    await audit(tx, {
      action: 'community.attendance.take',
      actor,
      targetType: 'community_event',
      targetId: eventId,
      details: { marked: n },
    });
    return n;
  });
}
