import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { householdInNeighbourhood } from '../../directory/index.js';
import { findSpace, HOLDING, resourceOverrides, type Space } from '../db/spaces-db.js';
import { parisInstant, parseTime } from '../domain/paris-time.js';
import { approvalOf, rulesOf } from '../domain/resource-rules.js';
import { SpacesError } from '../errors.js';
import { loadCalendar, nextFreeSlots } from '../queries/availability.js';
import type { BookingInput } from '../schemas.js';
import { assessSlot } from './booking-checks.js';
import { type CreatedBooking, keyReused, replayByKey } from './create-booking.js';
import { noticeForBookings } from './booking-notices.js';
import { houseRulesAcceptance } from './house-rules.js';
import { offerFreedSlots } from './waitlist.js';

/** The resident booking as a neighbour: their landlord (the guest) and household, and its name for the owner's board. */
export type Guest = { orgId: string; householdId: string; householdName: string; actor: Actor };

const notFound = () => new SpacesError(404, 'error.404.title');

export function guestOf(actor: Actor): { orgId: string; householdId: string } {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  const householdId = actor.actingFor?.householdId ?? actor.householdId;
  if (!householdId) throw new SpacesError(403, 'spaces.error.noHousehold');
  return { orgId: actor.orgId, householdId };
}

/**
 * Runs `fn` on a space of another landlord, in that landlord's context, for a resident of a
 * neighbouring landlord. Checked first in the resident's own landlord's context: the space is one
 * `spaces_open_to_neighbours()` shows it, and the household lives now in its neighbourhood —
 * otherwise 404, the space does not exist for them. Checked again in the owner's context (still
 * open, active), where the database trigger checks the row once more when a booking is written.
 */
export async function withNeighbourSpace<T>(db: Db, actor: Actor, spaceId: string, opts: { lock?: boolean }, fn: (tx: Tx, space: Space, guest: Guest) => Promise<T>): Promise<T> {
  const { orgId, householdId } = guestOf(actor);
  if (!/^[0-9a-f-]{36}$/i.test(spaceId)) throw notFound();
  const found = await withTenant(db, { orgId }, async (tx) => {
    const card = await sql<{ organisation_id: string; neighbourhood_id: string }>`select organisation_id, neighbourhood_id from spaces_open_to_neighbours() where id = ${spaceId}`.execute(tx);
    const row = card.rows[0];
    if (!row || !(await householdInNeighbourhood(tx, householdId, row.neighbourhood_id))) return null;
    const h = await tx.selectFrom('households').select('name').where('id', '=', householdId).executeTakeFirstOrThrow();
    return { ownerId: row.organisation_id, householdName: h.name as string };
  });
  if (!found) throw notFound();
  return withTenant(db, { orgId: found.ownerId }, async (tx) => {
    const space = await findSpace(tx, spaceId, { lock: opts.lock });
    const open = await tx.selectFrom('spaces').select('open_to_neighbours').where('id', '=', spaceId).executeTakeFirst();
    if (!space || !open?.open_to_neighbours || !space.active) throw notFound();
    return fn(tx, space, { orgId, householdId, householdName: found.householdName, actor });
  });
}

/**
 * A neighbour books a space opened to the neighbourhood: the same rules, quotas and locks as the
 * space's own residents (the row is the owner's, in the one table whose exclusion constraint forbids
 * double booking), with the guest's landlord and the household's name on the row.
 */
export async function createNeighbourBooking(db: Db, actor: Actor, spaceId: string, input: BookingInput, now = new Date()): Promise<CreatedBooking> {
  try {
    return await withNeighbourSpace(db, actor, spaceId, { lock: true }, async (tx, space, guest) => {
      if (input.idempotencyKey) {
        const replay = await replayByKey(tx, input.idempotencyKey, input, guest.householdId, space.id);
        if (replay) return replay;
      }
      const acceptance = houseRulesAcceptance(space, input.acceptRules, 'self', now);
      const cal = await loadCalendar(tx, space, input.date, 1);
      const resource = cal.resources.find((r) => r.id === input.resourceId);
      if (!resource) throw new SpacesError(422, 'spaces.error.choose', 'resourceId');
      const plan = await assessSlot(tx, space, cal, resource, guest.householdId, { date: input.date, startMinutes: parseTime(input.start) as number, minutes: input.minutes }, now, 'self');
      if (plan instanceof SpacesError) throw plan;
      const status = approvalOf(space, resource) ? 'pending' : 'confirmed';
      const row = await tx
        .insertInto('space_bookings')
        .values({
          organisation_id: space.organisationId,
          space_id: space.id,
          resource_id: resource.id,
          unit: plan.unit,
          household_id: guest.householdId,
          booked_by: actor.userId,
          during: sql`tstzrange(${plan.start}, ${plan.end}, '[)')`,
          held: sql`tstzrange(${plan.start}, ${plan.heldEnd}, '[)')`,
          status,
          purpose: input.purpose,
          assisted: actor.actingFor !== null,
          idempotency_key: input.idempotencyKey ?? null,
          house_rules_accepted_at: 'houseRulesAcceptedAt' in acceptance ? acceptance.houseRulesAcceptedAt : null,
          house_rules_version: 'houseRulesVersion' in acceptance ? acceptance.houseRulesVersion : null,
          guest_org_id: guest.orgId,
          guest_name: guest.householdName,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Told like a resident, queued in the neighbour's own landlord's context (see booking-notices.ts).
      await noticeForBookings(tx, status === 'pending' ? 'requested' : 'confirmed', [row.id as string]);
      await audit(tx, { action: 'spaces.booking.create', organisationId: space.organisationId, actor, targetType: 'space_booking', targetId: row.id as string, details: { spaceId: space.id, resourceId: resource.id, unit: plan.unit, status, mode: 'neighbour', guestOrgId: guest.orgId } });
      return { bookingId: row.id as string, status, replayed: false };
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if ((e instanceof SpacesError && e.code === 'spaces.error.full') || code === '23P01') {
      const suggestions = await withNeighbourSpace(db, actor, spaceId, {}, async (tx, space) => {
        const cal = await loadCalendar(tx, space, input.date, 14);
        return nextFreeSlots(space, cal, input.date, input.minutes, now, false, 3, { notBefore: parisInstant(input.date, parseTime(input.start) as number) });
      });
      throw new SpacesError(409, "spaces.error.full", "start", {}, suggestions);
    }
    if (code === '23505' && input.idempotencyKey) throw keyReused();
    throw e;
  }
}

/**
 * A neighbour cancels their household's booking: found in their own landlord's context (the only
 * bookings of another landlord it can read are its households'), cancelled in the owner's, under the
 * space's lock and its cancellation notice; the freed unit goes to the waiting list as usual.
 */
export async function cancelNeighbourBooking(db: Db, actor: Actor, bookingId: string, now = new Date()): Promise<void> {
  const { orgId, householdId } = guestOf(actor);
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw notFound();
  const mine = await withTenant(db, { orgId }, (tx) =>
    tx.selectFrom('space_bookings').select(['organisation_id', 'space_id']).where('id', '=', bookingId).where('guest_org_id', '=', orgId).where('household_id', '=', householdId).executeTakeFirst(),
  );
  if (!mine) throw notFound();
  await withTenant(db, { orgId: mine.organisation_id as string }, async (tx) => {
    const space = await findSpace(tx, mine.space_id as string, { lock: true });
    if (!space) throw notFound();
    const b = await tx
      .selectFrom('space_bookings')
      .select(['id', 'resource_id', 'status', sql<Date>`lower(during)`.as('start'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
      .where('id', '=', bookingId)
      .where('guest_org_id', '=', orgId)
      .where('household_id', '=', householdId)
      .forUpdate()
      .executeTakeFirst();
    if (!b) throw notFound();
    const { cancelNoticeMinutes } = rulesOf(space, { overrides: await resourceOverrides(tx, b.resource_id) });
    if (b.start.getTime() - cancelNoticeMinutes * 60_000 < now.getTime()) throw new SpacesError(409, 'spaces.error.tooLateToCancel', null, { minutes: cancelNoticeMinutes });
    if (b.status !== 'pending' && b.status !== 'confirmed') throw new SpacesError(409, 'spaces.error.notActive');
    await tx.updateTable('space_bookings').set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId }).where('id', '=', b.id).execute();
    await noticeForBookings(tx, 'cancelled', [b.id]);
    await audit(tx, { action: 'spaces.booking.cancel', organisationId: space.organisationId, actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: space.id, mode: 'neighbour' } });
    await offerFreedSlots(tx, space, b.resource_id, b.held_start, b.held_end, now);
  });
}

/** The household's bookings as a neighbour, read in its own landlord's context (the guest policy). */
export type NeighbourBooking = { id: string; spaceId: string; spaceName: string | null; landlordName: string; start: Date; end: Date; status: string; inSeries: boolean; seriesId: string | null; offerExpiresAt: Date | null };

export async function myNeighbourBookings(db: Db, actor: Actor, now = new Date()): Promise<NeighbourBooking[]> {
  const { orgId, householdId } = guestOf(actor);
  return withTenant(db, { orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('space_bookings as b')
      .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
      .select(['b.id', 'b.space_id', 'b.status', 'b.series_id', 'b.offer_expires_at', 'o.name as landlord_name', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
      .where('b.guest_org_id', '=', orgId)
      .where('b.household_id', '=', householdId)
      .where('b.status', 'in', [...HOLDING, 'cancelled', 'refused'])
      .where(sql<boolean>`upper(b.during) > ${now}`)
      .orderBy(sql`lower(b.during)`)
      .limit(100)
      .execute();
    const open = await sql<{ id: string; name: string }>`select id, name from spaces_open_to_neighbours()`.execute(tx);
    const names = new Map(open.rows.map((s) => [s.id, s.name]));
    return rows.map((r) => ({ id: r.id, spaceId: r.space_id, spaceName: names.get(r.space_id) ?? null, landlordName: r.landlord_name, start: r.start, end: r.end, status: r.status, inSeries: r.series_id !== null, seriesId: r.series_id as string | null, offerExpiresAt: r.status === 'offered' ? (r.offer_expires_at as Date) : null }));
  });
}

/** The spaces of the neighbourhood the resident may book: other landlords' spaces opened to it, where the household lives in that neighbourhood. */
export type NeighbourSpaceCard = { id: string; name: string; kind: string; description: string; landlordName: string; residenceName: string; city: string };

export async function neighbourSpacesFor(db: Db, actor: Actor): Promise<NeighbourSpaceCard[]> {
  const { orgId, householdId } = guestOf(actor);
  return withTenant(db, { orgId }, async (tx) => {
    const cards = await sql<{ id: string; neighbourhood_id: string; residence_id: string; kind: string; name: string; description: string; landlord_name: string; residence_name: string; city: string }>`
      select s.id, s.neighbourhood_id, s.residence_id, s.kind, s.name, s.description, o.name as landlord_name, nr.name as residence_name, nr.city
      from spaces_open_to_neighbours() s
      join organisations o on o.id = s.organisation_id
      join neighbourhood_residences nr on nr.residence_id = s.residence_id`.execute(tx);
    const out: NeighbourSpaceCard[] = [];
    const inN = new Map<string, boolean>();
    for (const c of cards.rows) {
      if (!inN.has(c.neighbourhood_id)) inN.set(c.neighbourhood_id, await householdInNeighbourhood(tx, householdId, c.neighbourhood_id));
      if (inN.get(c.neighbourhood_id)) out.push({ id: c.id, name: c.name, kind: c.kind, description: c.description, landlordName: c.landlord_name, residenceName: c.residence_name, city: c.city });
    }
    return out;
  });
}
