import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Actor } from '../../platform/access/actor.js';
import { cancelBooking } from './commands/cancel-booking.js';
import { createBooking } from './commands/create-booking.js';
import { moveBooking } from './commands/move-booking.js';
import { cancelNeighbourBooking, createNeighbourBooking, myNeighbourBookings } from './commands/neighbour-booking.js';
import { answerNeighbourOffer, cancelNeighbourSeries, createNeighbourSeries, joinNeighbourWaitlist, leaveNeighbourWaitlist, moveNeighbourBooking, myNeighbourWaitlist } from './commands/neighbour-more.js';
import { setOpenToNeighbours } from './commands/open-to-neighbours.js';
import { addDays } from './domain/paris-time.js';
import { SpacesError } from './errors.js';
import { demoSpace, relaxRules, residentActor, staffActor, userId, workingDayAhead } from './testing.js';
import { rawBooking } from './testing-garden.js';
import { NEIGHBOUR_EMAIL, type Neighbourhood, neighbourhoodWithGuest } from './testing-neighbours.js';

// Moves, waiting lists and series for a neighbour (a Clésence household of the Réma'Vert neighbourhood)
// in Plurial Novilia's e-bikes: the space's own residents' rules, with the rows and notices checked
// as the database holds them (owner's rows naming the guest; notices of the guest's landlord).
let d: Awaited<ReturnType<typeof testDatabase>>;
let n: Neighbourhood;
let owners: string[] = []; // Plurial Novilia households living in the e-bikes' residence
let ownUser = '';
let far = ''; // another Clésence household, outside the neighbourhood
const D = workingDayAhead(25);
const q = async (text: string, values: unknown[] = []) => (await d.owner.query(text, values)).rows;
const manager = (): Actor => ({ ...residentActor(n.ownerOrg, ownUser, ''), roles: ['programme_manager'], householdId: null });
const guest = () => residentActor(n.guestOrg, n.userId, n.householdId);
const own = (i = 0) => residentActor(n.ownerOrg, ownUser, owners[i]);
const ask = (start: string, extra: Record<string, unknown> = {}, date = D) => ({ resourceId: n.resourceId, date, start, minutes: 60, purpose: 'leisure' as const, ...extra });
const row = async (id: string) => (await q('select status, guest_org_id, guest_name, household_id, series_id, offer_expires_at from space_bookings where id = $1', [id]))[0];
const guestNotices = async () => q('select organisation_id, subject from notifications where recipient = $1 or user_id = $2 order by created_at, id', [NEIGHBOUR_EMAIL, n.userId]);

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  d = await testDatabase();
  n = await neighbourhoodWithGuest(d);
  owners = (await demoSpace(d, 'Vélos électriques de Réma’Vert')).households;
  ownUser = await userId(d, 'resident@demo.palier.fr');
  far = (await demoSpace(d, 'Salle commune de la résidence Gregory')).households[0];
});

describe('a neighbour moves their booking', () => {
  it('to a free slot: one transaction, the new row still the neighbour’s, the old one cancelled, told by their own landlord', async () => {
    const made = await createNeighbourBooking(d.db, guest(), n.spaceId, ask('09:00'));
    const before = (await guestNotices()).length;
    const moved = await moveNeighbourBooking(d.db, guest(), made.bookingId, { date: D, start: '11:00' });
    expect(moved.status).toBe('confirmed');
    expect((await row(made.bookingId)).status).toBe('cancelled');
    expect(await row(moved.bookingId)).toMatchObject({ status: 'confirmed', guest_org_id: n.guestOrg, guest_name: 'Foyer Voisin', household_id: n.householdId });
    const told = (await guestNotices()).slice(before);
    expect(told.map((x) => [x.organisation_id, x.subject.split(' :')[0]])).toEqual([[n.guestOrg, 'Réservation confirmée']]);
    expect(await q('select id from notifications where organisation_id = $1 and user_id = $2', [n.ownerOrg, n.userId])).toEqual([]);
  });

  it('to a taken slot: 409 “full”, and the booking is kept as it was', async () => {
    await rawBooking(d, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: D, from: 14 * 60, to: 15 * 60, status: 'confirmed' });
    const made = await createNeighbourBooking(d.db, guest(), n.spaceId, ask('12:00'));
    const e = await refusal(moveNeighbourBooking(d.db, guest(), made.bookingId, { date: D, start: '14:00' }));
    expect([e.status, e.code]).toEqual([409, 'spaces.error.full']);
    expect((await row(made.bookingId)).status).toBe('confirmed');
    // A rule broken (outside opening hours): 422, kept too.
    const night = await refusal(moveNeighbourBooking(d.db, guest(), made.bookingId, { date: D, start: '03:00' }));
    expect(night.status).toBe(422);
    expect((await row(made.bookingId)).status).toBe('confirmed');
    await cancelNeighbourBooking(d.db, guest(), made.bookingId);
  });

  it('staff of the space move it at the desk: the new row stays the neighbour’s, and they are told by their own landlord', async () => {
    const made = await createNeighbourBooking(d.db, guest(), n.spaceId, ask('18:00'));
    const before = (await guestNotices()).length;
    const moved = await moveBooking(d.db, staffActor(n.ownerOrg, ownUser), made.bookingId, { date: D, start: '17:00' }, new Date(), { mode: 'counter', spaceId: n.spaceId });
    expect(await row(moved.bookingId)).toMatchObject({ status: 'confirmed', guest_org_id: n.guestOrg, guest_name: 'Foyer Voisin', household_id: n.householdId });
    expect((await guestNotices()).slice(before).map((x) => x.organisation_id)).toEqual([n.guestOrg]);
    await cancelNeighbourBooking(d.db, guest(), moved.bookingId);
  });

  it('nobody else moves it: another household of the same landlord, the space’s own residents, a closed opening → 404', async () => {
    const made = await createNeighbourBooking(d.db, guest(), n.spaceId, ask('16:00'));
    expect((await refusal(moveNeighbourBooking(d.db, residentActor(n.guestOrg, n.userId, far), made.bookingId, { date: D, start: '17:00' }))).status).toBe(404);
    expect((await refusal(moveBooking(d.db, own(), made.bookingId, { date: D, start: '17:00' }))).status).toBe(404);
    // Their own-landlord path does not reach another landlord's booking either.
    expect((await refusal(moveBooking(d.db, guest(), made.bookingId, { date: D, start: '17:00' }))).status).toBe(404);
    await setOpenToNeighbours(d.db, manager(), n.spaceId, false);
    expect((await refusal(moveNeighbourBooking(d.db, guest(), made.bookingId, { date: D, start: '17:00' }))).status).toBe(404);
    await setOpenToNeighbours(d.db, manager(), n.spaceId, true);
    expect((await row(made.bookingId)).status).toBe('confirmed');
    await cancelNeighbourBooking(d.db, guest(), made.bookingId);
  });
});

describe('a neighbour on the waiting list', () => {
  const W = addDays(D, 1);

  it('queues only for a full slot, once; the place is listed with its rank', async () => {
    expect((await refusal(joinNeighbourWaitlist(d.db, guest(), n.spaceId, ask('10:00', {}, W)))).code).toBe('spaces.error.notFull');
    const taken = await createBooking(d.db, own(0), n.spaceId, ask('10:00', {}, W), 'self');
    const id = await joinNeighbourWaitlist(d.db, guest(), n.spaceId, ask('10:00', {}, W));
    expect((await q('select organisation_id, guest_org_id, guest_name, status from space_waitlist where id = $1', [id]))[0]).toEqual({ organisation_id: n.ownerOrg, guest_org_id: n.guestOrg, guest_name: 'Foyer Voisin', status: 'waiting' });
    expect((await refusal(joinNeighbourWaitlist(d.db, guest(), n.spaceId, ask('10:00', {}, W)))).code).toBe('spaces.error.alreadyWaiting');
    const line = await myNeighbourWaitlist(d.db, guest());
    expect(line).toEqual([expect.objectContaining({ id, spaceName: 'Vélos électriques de Réma’Vert', landlordName: 'Plurial Novilia', position: 1 })]);
    expect(taken.status).toBe('confirmed');
  });

  it('offered the slot on a cancellation, with the time limit, told by their own landlord; accepting confirms it', async () => {
    const [taken] = await q("select id from space_bookings where space_id = $1 and household_id = $2 and status = 'confirmed' and lower(during) = $3::timestamptz", [n.spaceId, owners[0], `${W} 10:00 Europe/Paris`]);
    const before = (await guestNotices()).length;
    const now = new Date();
    await cancelBooking(d.db, own(0), taken.id, 'self', now);
    const [offer] = await q("select id from space_bookings where household_id = $1 and status = 'offered'", [n.householdId]);
    const o = await row(offer.id);
    expect([o.guest_org_id, o.guest_name]).toEqual([n.guestOrg, 'Foyer Voisin']);
    const [space] = await q('select offer_minutes from spaces where id = $1', [n.spaceId]);
    expect(new Date(o.offer_expires_at).getTime()).toBe(now.getTime() + space.offer_minutes * 60_000);
    const told = (await guestNotices()).slice(before);
    expect(told.map((x) => [x.organisation_id, x.subject.split(' :')[0]])).toEqual([[n.guestOrg, 'Une place s’est libérée']]);
    expect((await myNeighbourBookings(d.db, guest())).find((b) => b.id === offer.id)?.status).toBe('offered');
    // Nobody else answers it.
    expect((await refusal(answerNeighbourOffer(d.db, residentActor(n.guestOrg, n.userId, far), offer.id, 'accept'))).status).toBe(404);
    await answerNeighbourOffer(d.db, guest(), offer.id, 'accept');
    expect((await row(offer.id)).status).toBe('confirmed');
    expect(await myNeighbourWaitlist(d.db, guest())).toEqual([]);
    expect((await refusal(answerNeighbourOffer(d.db, guest(), offer.id, 'accept'))).code).toBe('spaces.error.offerGone');
    await cancelNeighbourBooking(d.db, guest(), offer.id);
  });

  it('declining passes the slot to the next in line; leaving the list ends the place', async () => {
    const first = await createBooking(d.db, own(0), n.spaceId, ask('15:00', {}, W), 'self');
    await joinNeighbourWaitlist(d.db, guest(), n.spaceId, ask('15:00', {}, W));
    await rawBooking(d, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[1], date: W, from: 13 * 60, to: 14 * 60, status: 'confirmed' });
    await q("insert into space_waitlist (organisation_id, space_id, resource_id, household_id, during, status) values ($1, $2, $3, $4, tstzrange(($5 || ' 15:00 Europe/Paris')::timestamptz, ($5 || ' 16:00 Europe/Paris')::timestamptz, '[)'), 'waiting')", [n.ownerOrg, n.spaceId, n.resourceId, owners[2], W]);
    await cancelBooking(d.db, own(0), first.bookingId, 'self');
    const [offer] = await q("select id from space_bookings where household_id = $1 and status = 'offered'", [n.householdId]);
    await answerNeighbourOffer(d.db, guest(), offer.id, 'decline');
    expect((await row(offer.id)).status).toBe('cancelled');
    expect(await q("select household_id from space_bookings where space_id = $1 and status = 'offered'", [n.spaceId])).toEqual([{ household_id: owners[2] }]);
    // Leaving: another full slot, queued, then left.
    await createBooking(d.db, own(0), n.spaceId, ask('17:00', {}, W), 'self');
    const id = await joinNeighbourWaitlist(d.db, guest(), n.spaceId, ask('17:00', {}, W));
    expect((await refusal(leaveNeighbourWaitlist(d.db, residentActor(n.guestOrg, n.userId, far), id))).status).toBe(404);
    await leaveNeighbourWaitlist(d.db, guest(), id);
    expect((await q('select status from space_waitlist where id = $1', [id]))[0].status).toBe('left');
  });

  it('a space closed to the neighbourhood since: the neighbour’s place ends and the next in line is offered the slot; the cancellation stands', async () => {
    const V = addDays(D, 2);
    const first = await createBooking(d.db, own(0), n.spaceId, ask('10:00', {}, V), 'self');
    const entry = await joinNeighbourWaitlist(d.db, guest(), n.spaceId, ask('10:00', {}, V));
    await q("insert into space_waitlist (organisation_id, space_id, resource_id, household_id, during, status) values ($1, $2, $3, $4, tstzrange(($5 || ' 10:00 Europe/Paris')::timestamptz, ($5 || ' 11:00 Europe/Paris')::timestamptz, '[)'), 'waiting')", [n.ownerOrg, n.spaceId, n.resourceId, owners[1], V]);
    await setOpenToNeighbours(d.db, manager(), n.spaceId, false);
    await cancelBooking(d.db, own(0), first.bookingId, 'self');
    expect((await row(first.bookingId)).status).toBe('cancelled');
    expect((await q('select status from space_waitlist where id = $1', [entry]))[0].status).toBe('expired');
    expect(await q("select household_id from space_bookings where space_id = $1 and status = 'offered' and lower(during) = $2::timestamptz", [n.spaceId, `${V} 10:00 Europe/Paris`])).toEqual([{ household_id: owners[1] }]);
    await setOpenToNeighbours(d.db, manager(), n.spaceId, true);
  });
});

describe('a neighbour’s weekly series', () => {
  const S = addDays(D, 7);

  it('lists the conflicting dates and books nothing; skipping them books the others as the neighbour’s, one notice; replayed by its key', async () => {
    await rawBooking(d, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: addDays(S, 14), from: 9 * 60, to: 10 * 60, status: 'confirmed' });
    const input = { ...ask('09:00', {}, S), weeks: 4, onConflict: 'ask' as const, idempotencyKey: 'neighbour-series-0001' };
    const asked = await createNeighbourSeries(d.db, guest(), n.spaceId, input);
    expect(asked).toMatchObject({ kind: 'conflicts', conflicts: [{ date: addDays(S, 14), code: 'spaces.error.full' }] });
    expect(await q('select id from space_bookings where household_id = $1 and series_id is not null', [n.householdId])).toEqual([]);
    const before = (await guestNotices()).length;
    const made = await createNeighbourSeries(d.db, guest(), n.spaceId, { ...input, onConflict: 'skip' });
    if (made.kind !== 'booked') throw new Error('expected a series');
    expect(made.bookings.map((b) => b.date)).toEqual([S, addDays(S, 7), addDays(S, 21)]);
    expect(made.skipped.map((s) => s.date)).toEqual([addDays(S, 14)]);
    const rows = await q('select guest_org_id, guest_name, series_id, status from space_bookings where id = any($1)', [made.bookings.map((b) => b.id)]);
    expect(rows.every((r) => r.guest_org_id === n.guestOrg && r.guest_name === 'Foyer Voisin' && r.series_id === made.seriesId && r.status === 'confirmed')).toBe(true);
    const told = (await guestNotices()).slice(before);
    expect(told.map((x) => x.organisation_id)).toEqual([n.guestOrg]);
    const again = await createNeighbourSeries(d.db, guest(), n.spaceId, { ...input, onConflict: 'skip' });
    expect(again).toMatchObject({ kind: 'booked', seriesId: made.seriesId, replayed: true });
  });

  it('the same quotas count each date with the household’s other bookings of the space; households outside get 404', async () => {
    await relaxRules(d, n.spaceId, { weekly_quota_bookings: 1, approval_required: false });
    const r = await createNeighbourSeries(d.db, guest(), n.spaceId, { ...ask('12:00', {}, S), weeks: 2, onConflict: 'ask' });
    expect(r.kind).toBe('conflicts');
    if (r.kind === 'conflicts') expect(r.conflicts.map((c) => c.code)).toEqual(['spaces.error.quotaWeekBookings', 'spaces.error.quotaWeekBookings']);
    await relaxRules(d, n.spaceId, { approval_required: false });
    expect((await refusal(createNeighbourSeries(d.db, residentActor(n.guestOrg, n.userId, far), n.spaceId, { ...ask('12:00', {}, S), weeks: 2, onConflict: 'ask' }))).status).toBe(404);
  });

  it('cancels the whole series at once: the dates ahead, one notice from their own landlord; only their own series', async () => {
    const [one] = await q('select id, series_id from space_bookings where household_id = $1 and series_id is not null and status = $2 order by lower(during) limit 1', [n.householdId, 'confirmed']);
    expect((await refusal(cancelNeighbourSeries(d.db, residentActor(n.guestOrg, n.userId, far), one.id))).status).toBe(404);
    const before = (await guestNotices()).length;
    expect(await cancelNeighbourSeries(d.db, guest(), one.id)).toEqual({ cancelled: 3, kept: 0 });
    expect(await q("select id from space_bookings where series_id = $1 and status <> 'cancelled'", [one.series_id])).toEqual([]);
    expect((await guestNotices()).slice(before).map((x) => [x.organisation_id, x.subject.split(' :')[0]])).toEqual([[n.guestOrg, '3 réservations annulées']]);
    const single = await createNeighbourBooking(d.db, guest(), n.spaceId, ask('10:00', {}, S));
    expect((await refusal(cancelNeighbourSeries(d.db, guest(), single.bookingId))).code).toBe('spaces.series.error.notSeries');
  });
});
