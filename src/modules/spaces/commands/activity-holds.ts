import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { findSpace, HOLDING, listResources } from '../db/spaces-db.js';
import { rulesOf } from '../domain/resource-rules.js';

/** One occurrence of a community activity in a directory place (a common room). */
export type ActivitySlot = { eventId: string; placeId: string; title: string; start: Date; end: Date };

/** Held: how many resources the activity now holds (0 when no space is configured at the place). Conflict: what is booked. */
export type HoldResult = { held: number } | { conflict: { space: string; resource: string } };

/**
 * Books the room for a community activity, inside the caller's transaction: every whole-room and
 * seats resource of every space at the place is held for the activity's hours (plus the resource's
 * buffer after), as a booking would hold it. Lent items (bikes, tools, garden plots) are not held.
 * The spaces at the place are locked first, in id order — the lock every booking command takes — so
 * a booking and an activity racing for the same hours are serialised and the second is refused;
 * the table's trigger refuses it too if some path forgot the lock. A place with no space: nothing held.
 */
export async function holdRoomForActivity(tx: Tx, slot: ActivitySlot): Promise<HoldResult> {
  const spaceIds = await tx.selectFrom('spaces').select('id').where('common_place_id', '=', slot.placeId).orderBy('id').execute();
  let held = 0;
  for (const { id } of spaceIds) {
    const space = await findSpace(tx, id as string, { lock: true });
    if (!space) continue;
    const resources = (await listResources(tx, space.id)).filter((r) => r.kind === 'room' || r.kind === 'seats');
    for (const resource of resources) {
      const heldEnd = new Date(slot.end.getTime() + rulesOf(space, resource).bufferMinutes * 60_000);
      const booked = await tx
        .selectFrom('space_bookings')
        .select('id')
        .where('resource_id', '=', resource.id)
        .where('status', 'in', [...HOLDING])
        .where(sql<boolean>`held && tstzrange(${slot.start}, ${heldEnd}, '[)')`)
        .limit(1)
        .executeTakeFirst();
      if (booked) return { conflict: { space: space.name, resource: resource.name } };
      // Another activity already holding these hours: refused here as a conflict, not left to the exclusion constraint's error.
      const otherActivity = await tx
        .selectFrom('space_activity_holds')
        .select('id')
        .where('resource_id', '=', resource.id)
        .where('released_at', 'is', null)
        .where(sql<boolean>`held && tstzrange(${slot.start}, ${heldEnd}, '[)')`)
        .limit(1)
        .executeTakeFirst();
      if (otherActivity) return { conflict: { space: space.name, resource: resource.name } };
      await tx
        .insertInto('space_activity_holds')
        .values({
          organisation_id: space.organisationId,
          space_id: space.id,
          resource_id: resource.id,
          event_id: slot.eventId,
          title: slot.title,
          during: sql`tstzrange(${slot.start}, ${slot.end}, '[)')`,
          held: sql`tstzrange(${slot.start}, ${heldEnd}, '[)')`,
        })
        .execute();
      held++;
    }
  }
  return { held };
}

/** Frees whatever an activity holds (it is cancelled, or moves): the room can be booked again at once. */
export async function releaseActivityHold(tx: Tx, eventId: string): Promise<number> {
  const r = await tx.updateTable('space_activity_holds').set({ released_at: new Date() }).where('event_id', '=', eventId).where('released_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The activity moves (another time or place): its holds are released, then taken again where it goes, or refused. */
export async function moveActivityHold(tx: Tx, slot: ActivitySlot): Promise<HoldResult> {
  await releaseActivityHold(tx, slot.eventId);
  return holdRoomForActivity(tx, slot);
}

/** The activity keeps its hours but changes its title: what staff see on the grid follows. */
export async function renameActivityHold(tx: Tx, eventId: string, title: string): Promise<void> {
  await tx.updateTable('space_activity_holds').set({ title }).where('event_id', '=', eventId).where('released_at', 'is', null).execute();
}
