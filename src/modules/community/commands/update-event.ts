import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { moveActivityHold, releaseActivityHold, renameActivityHold } from '../../spaces/index.js';
import { parisToInstant } from '../domain/paris-time.js';
import { ensure, Invalid, notFound, parseInput, pgCode } from '../errors.js';
import { P } from '../policy.js';
import { eventInput } from '../schemas.js';
import { audienceNeighbourhood, lockPlace, roomCode } from './create-event.js';
import { lockEvent, occupancy, promoteWaiting } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';

/**
 * Edits one occurrence of an activity. Places may grow (the waiting list moves up) but never drop
 * below the seats already confirmed; a new room or time keeps the no-double-booking guarantee
 * (409). Everyone registered, waiting or asking is told when the date, the time or the place moves.
 */
export async function updateEvent(db: Db, actor: Actor, eventId: string, raw: unknown): Promise<{ promoted: string[]; notified: number }> {
  ensure(authorize(actor, P.manage));
  const input = parseInput(eventInput, raw);
  const startsAt = parisToInstant(input.date, input.startTime);
  const endsAt = parisToInstant(input.date, input.endTime);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const event = (await lockEvent(tx, eventId)) ?? notFound();
    const before = await tx.selectFrom('community_events').select(['place_id', 'address', 'starts_at', 'ends_at']).where('id', '=', event.id).executeTakeFirstOrThrow();
    for (const residenceId of [event.residence_id, input.residenceId]) ensure(authorize(actor, P.manage, { organisationId: event.organisation_id, residenceId }));
    if (event.cancelled_at) throw new Invalid({ form: 'community.event.alreadyCancelled' }, 409);
    if (event.ends_at.getTime() <= Date.now()) throw new Invalid({ form: 'community.event.over' }, 409);
    if (startsAt.getTime() !== event.starts_at.getTime() && startsAt.getTime() <= Date.now()) throw new Invalid({ date: 'community.form.past' });
    if (input.residenceId && !(await tx.selectFrom('residences').select('id').where('id', '=', input.residenceId).executeTakeFirst())) throw new Invalid({ residenceId: 'form.invalid' });
    // Foreign keys ignore row-level security: the place is looked up through it to be this landlord's.
    if (input.placeId && !(await tx.selectFrom('common_places').select('id').where('id', '=', input.placeId).executeTakeFirst())) throw new Invalid({ placeId: 'form.invalid' });
    if (input.placeId) await lockPlace(tx, input.placeId);
    const neighbourhoodId = await audienceNeighbourhood(tx, input);
    const { confirmedSeats } = await occupancy(tx, event.id);
    if (input.capacity !== null && input.capacity < confirmedSeats) throw new Invalid({ capacity: 'community.event.capacityBelowTaken' });
    try {
      await tx
        .updateTable('community_events')
        .set({
          title: input.title,
          description: input.description,
          category: input.category,
          residence_id: input.residenceId,
          neighbourhood_id: neighbourhoodId,
          place_id: input.placeId,
          address: input.address || null,
          starts_at: startsAt,
          ends_at: endsAt,
          registration: input.registration,
          capacity: input.capacity,
          step_free: input.stepFree,
          hearing_loop: input.hearingLoop,
          languages: input.languages,
          co_organisers: input.coOrganisers,
          updated_at: new Date(),
        })
        .where('id', '=', event.id)
        .execute();
      // The room's booking in the spaces module follows the activity: moved (or refused if booked there), released, or renamed.
      const slotMoved = before.place_id !== input.placeId || before.starts_at.getTime() !== startsAt.getTime() || before.ends_at.getTime() !== endsAt.getTime();
      if (slotMoved && input.placeId) {
        const held = await moveActivityHold(tx, { eventId: event.id, placeId: input.placeId, title: input.title, start: startsAt, end: endsAt });
        if ('conflict' in held) throw new Invalid({ placeId: 'community.event.roomBooked' }, 409);
      } else if (slotMoved) await releaseActivityHold(tx, event.id);
      else await renameActivityHold(tx, event.id, input.title);
    } catch (e) {
      if (pgCode(e) === '23P01') throw new Invalid({ placeId: roomCode(e, false) }, 409);
      throw e;
    }
    const promoted = await promoteWaiting(tx, { ...event, capacity: input.capacity });
    const moved = before.starts_at.getTime() !== startsAt.getTime() || before.ends_at.getTime() !== endsAt.getTime() || before.place_id !== input.placeId || (before.address ?? '') !== input.address;
    const notified = moved ? await noticeToRegistrants(tx, { eventId: event.id, kind: 'changed' }) : 0;
    if (promoted.length) await noticeToRegistrants(tx, { eventId: event.id, kind: 'promoted', registrationIds: promoted });
    await audit(tx, {
      action: 'community.event.update',
      actor,
      targetType: 'community_event',
      targetId: event.id,
      details: { moved, promoted: promoted.length, notified },
    });
    return { promoted, notified };
  });
}
