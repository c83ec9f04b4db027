import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { neighbourhoodOfResidence } from '../../directory/index.js';
import { holdRoomForActivity } from '../../spaces/index.js';
import { occurrences } from '../domain/recurrence.js';
import { ensure, Invalid, parseInput, pgCode } from '../errors.js';
import { P } from '../policy.js';
import { type EventInput, eventInput } from '../schemas.js';
import { findProcess } from './proposal-rows.js';

/** The message of an exclusion violation: another activity (community's constraint) or a spaces booking (its trigger, in a race). */
export function roomCode(e: unknown, series: boolean): string {
  if ((e as { constraint?: string }).constraint !== 'space_activity_hold_overlap') return 'community.event.placeTaken';
  return series ? 'community.event.roomBookedSeries' : 'community.event.roomBooked';
}

/**
 * Serialises the activities of one room for the transaction. Two activities inserted at once for the
 * same hours would otherwise wait on each other in the exclusion constraint and one die of a
 * deadlock (a 500); in turn, the second sees the first and is refused (409).
 */
export async function lockPlace(tx: Tx, placeId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`community.place:${placeId}`}, 0))`.execute(tx);
}

/**
 * The neighbourhood an activity is opened to (audience `neighbourhood`): the one of its residence,
 * or else of its room's residence, copied on the row for the row-level security of other
 * landlords. Null for any other audience; refused at the field when there is none.
 */
export async function audienceNeighbourhood(tx: Tx, input: Pick<EventInput, 'audience' | 'residenceId' | 'placeId'>): Promise<string | null> {
  if (input.audience !== 'neighbourhood') return null;
  const place = !input.residenceId && input.placeId ? await tx.selectFrom('common_places').select('residence_id').where('id', '=', input.placeId).executeTakeFirst() : undefined;
  const residenceId = input.residenceId ?? (place?.residence_id as string | null | undefined) ?? null;
  if (!residenceId) throw new Invalid({ audience: 'community.event.neighbourhoodResidence' });
  const n = await neighbourhoodOfResidence(tx, residenceId);
  if (!n) throw new Invalid({ audience: 'community.event.noNeighbourhood' });
  return n.id;
}

/**
 * Creates an event, or a series when it repeats (public holidays skipped). A room is reserved for
 * the same hours: the table's exclusion constraint refuses a room another activity takes, and the
 * spaces module holds the room's resources for each date, refusing one a resident booked (409).
 */
export async function createEvent(db: Db, actor: Actor, raw: unknown, opts: { processId?: string } = {}): Promise<{ ids: string[]; skipped: string[] }> {
  ensure(authorize(actor, P.manage));
  const input = parseInput(eventInput, raw);
  const repeat =
    input.repeatWeeks > 0
      ? {
          everyWeeks: input.repeatWeeks,
          count: input.repeatCount,
          skipHolidays: true,
        }
      : { everyWeeks: 1, count: 1, skipHolidays: false };
  const { kept, skipped } = occurrences(input.date, input.startTime, input.endTime, repeat);
  if (kept.length === 0) throw new Invalid({ date: 'community.form.onlyHolidays' });
  if (kept[0].startsAt.getTime() <= Date.now()) throw new Invalid({ date: 'community.form.past' });
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    if (input.residenceId) {
      const r = await tx.selectFrom('residences').select('id').where('id', '=', input.residenceId).executeTakeFirst();
      if (!r) throw new Invalid({ residenceId: 'form.invalid' });
    }
    ensure(
      authorize(actor, P.manage, {
        organisationId: actor.orgId as string,
        residenceId: input.residenceId,
      }),
    );
    if (input.placeId) {
      // Foreign keys ignore row-level security: the place is looked up through it to be this landlord's.
      const p = await tx.selectFrom('common_places').select('id').where('id', '=', input.placeId).executeTakeFirst();
      if (!p) throw new Invalid({ placeId: 'form.invalid' });
      await lockPlace(tx, input.placeId);
    }
    const neighbourhoodId = await audienceNeighbourhood(tx, input);
    const processId = input.processId ?? opts.processId ?? null;
    if (processId && !(await findProcess(tx, processId))) throw new Invalid({ processId: 'form.invalid' });
    const seriesId = kept.length > 1 ? randomUUID() : null;
    const ids: string[] = [];
    try {
      for (const o of kept) {
        const row = await tx
          .insertInto('community_events')
          .values({
            organisation_id: actor.orgId,
            process_id: processId,
            series_id: seriesId,
            title: input.title,
            description: input.description,
            category: input.category,
            residence_id: input.residenceId,
            neighbourhood_id: neighbourhoodId,
            place_id: input.placeId,
            address: input.address || null,
            starts_at: o.startsAt,
            ends_at: o.endsAt,
            registration: input.registration,
            capacity: input.capacity,
            step_free: input.stepFree,
            hearing_loop: input.hearingLoop,
            languages: input.languages,
            co_organisers: input.coOrganisers,
            created_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id as string);
        // The room is booked in the spaces module too, date by date: a resident's booking there refuses the activity.
        if (input.placeId) {
          const held = await holdRoomForActivity(tx, { eventId: row.id as string, placeId: input.placeId, title: input.title, start: o.startsAt, end: o.endsAt });
          if ('conflict' in held) throw new Invalid({ placeId: kept.length > 1 ? 'community.event.roomBookedSeries' : 'community.event.roomBooked' }, 409);
        }
      }
    } catch (e) {
      if (pgCode(e) === '23P01') throw new Invalid({ placeId: roomCode(e, kept.length > 1) }, 409);
      throw e;
    }
    await audit(tx, {
      action: 'community.event.create',
      actor,
      targetType: 'community_event',
      targetId: ids[0],
      details: { occurrences: ids.length, skipped },
    });
    return { ids, skipped };
  });
}
