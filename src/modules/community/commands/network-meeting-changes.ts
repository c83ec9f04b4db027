import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { parisToInstant } from '../domain/paris-time.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { cancelEventInput, meetingInput } from '../schemas.js';
import { type EventRow, lockEvent, occupancy, promoteWaiting } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';

/**
 * The network's own club meeting, locked, for its staff: another organisation's event, or a landlord's
 * activity, is 404 (the network's context sees only its rows; `network_audience` keeps the landlord
 * pages' events out). A cancelled or past meeting cannot change (409).
 */
async function lockOwnMeeting(tx: Tx, eventId: string): Promise<EventRow & { address: string | null }> {
  const event = (await lockEvent(tx, eventId)) ?? notFound();
  const row = await tx.selectFrom('community_events').select(['address', 'network_audience']).where('id', '=', event.id).executeTakeFirstOrThrow();
  if (!row.network_audience) notFound();
  if (event.cancelled_at) throw new Invalid({ form: 'community.meeting.alreadyCancelled' }, 409);
  if (event.ends_at.getTime() <= Date.now()) throw new Invalid({ form: 'community.meeting.over' }, 409);
  return { ...event, address: (row.address as string | null) ?? null };
}

function organiserNetwork(actor: Actor): string {
  ensure(authorize(actor, P.networkMeetings));
  return actor.orgId ?? notFound();
}

/**
 * The network's staff change a club meeting (title, description, kind, place, date and hours,
 * places). Places never drop below the seats already taken (field error); more places move the
 * waiting list up, and those promoted are told. Everyone registered or waiting is told when the
 * date, the hours or the place move, with the calendar file (same UID: the entry is replaced).
 */
export async function updateNetworkMeeting(db: Db, actor: Actor, eventId: string, raw: unknown): Promise<{ promoted: string[]; notified: number }> {
  const networkId = organiserNetwork(actor);
  const input = parseInput(meetingInput, raw);
  const startsAt = parisToInstant(input.date, input.startTime);
  const endsAt = parisToInstant(input.date, input.endTime);
  return withTenant(db, { orgId: networkId }, async (tx) => {
    const event = await lockOwnMeeting(tx, eventId);
    if (startsAt.getTime() !== event.starts_at.getTime() && startsAt.getTime() <= Date.now()) throw new Invalid({ date: 'community.form.past' });
    const { confirmedSeats } = await occupancy(tx, event.id);
    if (input.capacity !== null && input.capacity < confirmedSeats) throw new Invalid({ capacity: 'community.meeting.capacityBelowTaken' });
    await tx
      .updateTable('community_events')
      .set({ title: input.title, description: input.description, category: input.kind, address: input.address, starts_at: startsAt, ends_at: endsAt, capacity: input.capacity, updated_at: new Date() })
      .where('id', '=', event.id)
      .execute();
    const moved = event.starts_at.getTime() !== startsAt.getTime() || event.ends_at.getTime() !== endsAt.getTime() || (event.address ?? '') !== input.address;
    // The line moves up only before the meeting starts (an edit during the meeting changes nothing for those waiting).
    const promoted = startsAt.getTime() > Date.now() ? await promoteWaiting(tx, { ...event, capacity: input.capacity }) : [];
    const notified = moved ? await noticeToRegistrants(tx, { eventId: event.id, kind: 'changed' }) : 0;
    await noticeToRegistrants(tx, { eventId: event.id, kind: 'promoted', registrationIds: promoted });
    await audit(tx, { action: 'community.network_meeting.update', actor, targetType: 'community_event', targetId: event.id, details: { moved, capacity: input.capacity, promoted: promoted.length, notified } });
    return { promoted, notified };
  });
}

/**
 * The network's staff cancel a club meeting with a reason, shown to members on its page and sent to
 * everyone registered or waiting (with the calendar file marked CANCELLED). Registrations are kept on
 * record; a second cancellation is 409.
 */
export async function cancelNetworkMeeting(db: Db, actor: Actor, eventId: string, raw: unknown): Promise<{ notified: number }> {
  const networkId = organiserNetwork(actor);
  const input = parseInput(cancelEventInput, raw);
  return withTenant(db, { orgId: networkId }, async (tx) => {
    const event = await lockOwnMeeting(tx, eventId);
    await tx.updateTable('community_events').set({ cancelled_at: new Date(), cancel_reason: input.reason, updated_at: new Date() }).where('id', '=', event.id).execute();
    const notified = await noticeToRegistrants(tx, { eventId: event.id, kind: 'cancelled', reason: input.reason });
    await audit(tx, { action: 'community.network_meeting.cancel', actor, targetType: 'community_event', targetId: event.id, details: { notified } });
    return { notified };
  });
}
