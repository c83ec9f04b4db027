import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { occurrences } from '../domain/recurrence.js';
import { placeRegistration } from '../domain/registration.js';
import { ensure, Invalid, notFound, parseInput, pgCode } from '../errors.js';
import { P } from '../policy.js';
import { clubMeetingForMember } from '../queries/network-meetings.js';
import { meetingInput } from '../schemas.js';
import { lockEvent, occupancy, promoteWaiting } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';

/**
 * A network's staff create a club meeting or workshop: an event of the network's own organisation,
 * open to the staff of its member landlords (`network_audience`; a trigger refuses it for any
 * organisation that is not a network). One date, an address, open registration, one seat a person.
 */
export async function createNetworkMeeting(db: Db, actor: Actor, raw: unknown): Promise<{ id: string }> {
  ensure(authorize(actor, P.networkMeetings));
  const networkId = actor.orgId ?? notFound();
  const input = parseInput(meetingInput, raw);
  const [o] = occurrences(input.date, input.startTime, input.endTime, { everyWeeks: 1, count: 1, skipHolidays: false }).kept;
  if (!o || o.startsAt.getTime() <= Date.now()) throw new Invalid({ date: 'community.form.past' });
  return withTenant(db, { orgId: networkId }, async (tx) => {
    const network = await tx.selectFrom('organisations').select('kind').where('id', '=', networkId).executeTakeFirst();
    if (network?.kind !== 'network') notFound();
    const row = await tx
      .insertInto('community_events')
      .values({
        organisation_id: networkId,
        title: input.title,
        description: input.description,
        category: input.kind,
        address: input.address,
        starts_at: o.startsAt,
        ends_at: o.endsAt,
        registration: 'open',
        capacity: input.capacity,
        network_audience: true,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'community.network_meeting.create', actor, targetType: 'community_event', targetId: row.id as string, details: { kind: input.kind } });
    return { id: row.id as string };
  });
}

/**
 * Staff of a member landlord register themselves (one seat, no household). The meeting is found
 * first in their own landlord's context (row-level security shows it only to a current member's
 * staff: else 404), then the row is written in the network's context under the event lock; the
 * trigger `community_registrations_staff_check` checks it once more. A full meeting puts them on its
 * waiting list (community's rule: nobody overtakes the line). Told by e-mail, with the calendar file
 * once they have a seat (`noticeToRegistrants`, in their own landlord's context).
 */
export async function registerForClubMeeting(db: Db, actor: Actor, eventId: string): Promise<{ id: string; status: 'confirmed' | 'waiting' }> {
  const meeting = await clubMeetingForMember(db, actor, eventId);
  const orgId = actor.orgId as string;
  const me = await db.selectFrom('users').select('display_name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return withTenant(db, { orgId: meeting.networkId }, async (tx) => {
    const event = (await lockEvent(tx, eventId)) ?? notFound();
    const live = await tx.selectFrom('community_registrations').select('id').where('event_id', '=', eventId).where('user_id', '=', actor.userId).where('staff_org_id', '=', orgId).where('status', '<>', 'cancelled').executeTakeFirst();
    if (live) throw new Invalid({ form: 'community.meeting.already' }, 409);
    const { confirmedSeats, waitingCount } = await occupancy(tx, eventId);
    const placement = placeRegistration({ mode: event.registration, capacity: event.capacity, confirmedSeats, waitingCount, seats: 1, eventCancelled: event.cancelled_at !== null, eventStarted: event.starts_at.getTime() <= Date.now() });
    if (placement.outcome !== 'confirmed' && placement.outcome !== 'waiting') throw new Invalid({ form: placement.outcome === 'refused' && placement.reason !== 'too_large' ? `community.register.${placement.reason}` : 'community.meeting.full' }, 409);
    const status = placement.outcome;
    try {
      const row = await tx
        .insertInto('community_registrations')
        .values({ organisation_id: meeting.networkId, event_id: eventId, user_id: actor.userId, staff_org_id: orgId, staff_name: me.display_name, registered_by: actor.userId, adults: 1, children: 0, status })
        .returning('id')
        .executeTakeFirstOrThrow();
      await noticeToRegistrants(tx, { eventId, kind: status, registrationIds: [row.id as string] });
      await audit(tx, { action: 'community.registration.create', organisationId: meeting.networkId, actor, targetType: 'community_registration', targetId: row.id as string, details: { eventId, mode: 'club', staffOrgId: orgId, status } });
      return { id: row.id as string, status };
    } catch (e) {
      if (pgCode(e) === '23505') throw new Invalid({ form: 'community.meeting.already' }, 409);
      throw e;
    }
  });
}

/**
 * Member staff cancel their own registration (found through the same check as registering); 404 when
 * there is none. A freed seat goes to the first person waiting, who is told.
 */
export async function cancelClubRegistration(db: Db, actor: Actor, eventId: string): Promise<{ promoted: string[] }> {
  const meeting = await clubMeetingForMember(db, actor, eventId);
  if (!meeting.mine) notFound();
  return withTenant(db, { orgId: meeting.networkId }, async (tx) => {
    const event = (await lockEvent(tx, eventId)) ?? notFound();
    const done = await tx
      .updateTable('community_registrations')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', meeting.mine as string)
      .where('user_id', '=', actor.userId)
      .where('staff_org_id', '=', actor.orgId)
      .where('status', '<>', 'cancelled')
      .returning('id')
      .executeTakeFirst();
    if (!done) notFound();
    // Nobody moves up into a meeting that is cancelled or over.
    const promoted = event.cancelled_at || event.starts_at.getTime() <= Date.now() ? [] : await promoteWaiting(tx, event);
    await noticeToRegistrants(tx, { eventId, kind: 'promoted', registrationIds: promoted });
    await audit(tx, { action: 'community.registration.cancel', organisationId: meeting.networkId, actor, targetType: 'community_registration', targetId: meeting.mine as string, details: { eventId, mode: 'club', promoted: promoted.length } });
    return { promoted };
  });
}

/** A refused club-meeting command's field errors (message keys) and status, for the pages of another module; null for anything else. */
export function meetingRefusal(e: unknown): { errors: Record<string, string>; status: 409 | 422 } | null {
  return e instanceof Invalid ? { errors: e.errors as Record<string, string>, status: e.status } : null;
}
