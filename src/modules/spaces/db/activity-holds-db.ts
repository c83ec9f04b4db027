import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** A community activity holding a resource: nobody may book the resource over `heldStart`–`heldEnd`. */
export type ActivityHold = { id: string; resourceId: string; eventId: string; title: string; start: Date; end: Date; heldStart: Date; heldEnd: Date };

/** The name of the (trigger-enforced) constraint between bookings and activity holds, as PostgreSQL reports it. */
export const ACTIVITY_HOLD_CONSTRAINT = 'space_activity_hold_overlap';

/** The activities holding a space's resources over a window (live holds only). */
export async function activityHolds(tx: Tx, spaceId: string, from: Date, to: Date): Promise<ActivityHold[]> {
  const rows = await tx
    .selectFrom('space_activity_holds')
    .select(['id', 'resource_id', 'event_id', 'title', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('space_id', '=', spaceId)
    .where('released_at', 'is', null)
    .where(sql<boolean>`held && tstzrange(${from}, ${to}, '[)')`)
    .orderBy(sql`lower(held)`)
    .execute();
  return rows.map((r) => ({ id: r.id, resourceId: r.resource_id, eventId: r.event_id, title: r.title, start: r.start, end: r.end, heldStart: r.held_start, heldEnd: r.held_end }));
}

/** Whether an activity holds a resource at some time of `start`–`heldEnd` (a booking's held range). */
export function activityOver(holds: ActivityHold[], resourceId: string, start: Date, heldEnd: Date): ActivityHold | undefined {
  return holds.find((h) => h.resourceId === resourceId && h.heldStart < heldEnd && start < h.heldEnd);
}
