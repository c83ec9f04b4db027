import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { SpacesError } from '../errors.js';
import type { BookingInput } from '../schemas.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, staffActor, userId, workingDayAhead } from '../testing.js';
import { cancelBooking } from './cancel-booking.js';
import { createBooking } from './create-booking.js';
import { answerOffer, expireOffers, joinWaitlist, leaveWaitlist } from './waitlist.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let room: DemoSpace;
let residentUser: string;
let staffUser: string;
const D = workingDayAhead(25);

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  room = await demoSpace(database, 'Salle commune de la résidence Gregory');
  residentUser = await userId(database, 'resident-sotteville@demo.palier.fr');
  staffUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
  await relaxRules(database, room.spaceId, { offer_minutes: 60 });
});

const resident = (i: number) => residentActor(room.orgId, residentUser, room.households[i]);
const slot = (start = '10:00'): BookingInput => ({ resourceId: room.resourceId, date: D, start, minutes: 60, purpose: 'leisure' });
const statusOf = async (household: string) =>
  (await database.owner.query("select status, offer_expires_at from space_bookings where household_id = $1 and space_id = $2 and lower(during) = (select lower(during) from space_bookings where id = (select id from space_bookings where space_id = $2 and household_id = $1 order by created_at desc limit 1)) order by created_at desc limit 1", [household, room.spaceId])).rows[0];
const offers = async () => (await database.owner.query("select count(*)::int as n from notifications where subject like 'Une place s’est libérée%'")).rows[0].n;

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the waiting list of a full slot', () => {
  let first: string;
  it('queues only for a full slot, once per household', async () => {
    const made = await createBooking(database.db, staffActor(room.orgId, staffUser), room.spaceId, { ...slot(), householdId: room.households[0] }, 'counter');
    first = made.bookingId;
    expect((await refusal(createBooking(database.db, resident(1), room.spaceId, slot(), 'self'))).code).toBe('spaces.error.full');
    await joinWaitlist(database.db, resident(1), room.spaceId, slot());
    expect((await refusal(joinWaitlist(database.db, resident(1), room.spaceId, slot()))).code).toBe('spaces.error.alreadyWaiting');
    await joinWaitlist(database.db, resident(2), room.spaceId, slot());
    expect((await refusal(joinWaitlist(database.db, resident(3), room.spaceId, slot('14:00')))).code).toBe('spaces.error.notFull');
    expect((await refusal(joinWaitlist(database.db, resident(3), room.spaceId, { ...slot(), date: '2020-03-03' }))).code).toBe('spaces.error.past');
  });

  it('a cancellation offers the slot to the first in line, held for them, with a notice', async () => {
    const before = await offers();
    const now = new Date();
    await cancelBooking(database.db, staffActor(room.orgId, staffUser), first, 'counter', now);
    const offered = await statusOf(room.households[1]);
    expect(offered.status).toBe('offered');
    expect(offered.offer_expires_at.getTime()).toBe(now.getTime() + 60 * 60_000);
    expect(await offers()).toBe(before + 1);
    // The offer holds the room: nobody else can take it meanwhile.
    expect((await refusal(createBooking(database.db, resident(4), room.spaceId, slot(), 'self'))).code).toBe('spaces.error.full');
  });

  it('an offer left to run out goes to the next in line (the job, twice, changes nothing more); the next accepts it', async () => {
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await withTenant(database.db, { orgId: room.orgId }, (tx) => expireOffers(tx, later))).toEqual({ expired: 1, offered: 1 });
    expect(await withTenant(database.db, { orgId: room.orgId }, (tx) => expireOffers(tx, later))).toEqual({ expired: 0, offered: 0 });
    expect((await statusOf(room.households[1])).status).toBe('expired');
    const next = (await database.owner.query("select id from space_bookings where household_id = $1 and space_id = $2 and status = 'offered'", [room.households[2], room.spaceId])).rows[0].id;
    expect((await refusal(answerOffer(database.db, resident(1), next, 'accept'))).status).toBe(404);
    await answerOffer(database.db, resident(2), next, 'accept');
    expect((await statusOf(room.households[2])).status).toBe('confirmed');
    expect((await refusal(answerOffer(database.db, resident(2), next, 'accept'))).code).toBe('spaces.error.offerGone');
    const waitlist = await database.owner.query('select status from space_waitlist where space_id = $1 order by created_at', [room.spaceId]);
    expect(waitlist.rows.map((r) => r.status)).toEqual(['expired', 'booked']);
  });

  it('a declined offer passes on; leaving the list removes the household from it', async () => {
    const made = await createBooking(database.db, staffActor(room.orgId, staffUser), room.spaceId, { ...slot('15:00'), householdId: room.households[5] }, 'counter');
    await joinWaitlist(database.db, resident(6), room.spaceId, slot('15:00'));
    const entry = await joinWaitlist(database.db, resident(7), room.spaceId, slot('15:00'));
    await leaveWaitlist(database.db, resident(7), entry);
    await cancelBooking(database.db, staffActor(room.orgId, staffUser), made.bookingId, 'counter');
    const offer = (await database.owner.query("select id from space_bookings where household_id = $1 and space_id = $2 and status = 'offered'", [room.households[6], room.spaceId])).rows[0].id;
    await answerOffer(database.db, resident(6), offer, 'decline');
    const left = await database.owner.query("select count(*)::int as n from space_bookings where space_id = $1 and status = 'offered'", [room.spaceId]);
    expect(left.rows[0].n).toBe(0);
    expect((await createBooking(database.db, resident(8), room.spaceId, slot('15:00'), 'self')).status).toBe('confirmed');
  });
});
