import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { Invalid } from '../errors.js';
import { actorOf, householdsOf, inDays } from '../test-helpers.js';
import { cancelRegistration } from './cancel-registration.js';
import { createEvent } from './create-event.js';
import { cancelGuestRegistration, landlordBySlug, registerGuest } from './guest-registration.js';
import { registerForEvent } from './register.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Actor;
let resident: Actor;
let households: string[];
beforeAll(async () => {
  t = await testApp();
  staff = await actorOf(t.database, demo('facilitator'));
  resident = await actorOf(t.database, demo('resident'));
  households = await householdsOf(t.database, 'PN-REMAVERT-ARC');
});

const event = (capacity: number, extra: Record<string, string> = {}) =>
  createEvent(t.database.db, staff, {
    title: 'Atelier cuisine',
    category: 'workshop',
    address: 'Rue de l’Arc-en-Ciel',
    date: inDays(30 + Math.floor(Math.random() * 200)),
    startTime: '14:00',
    endTime: '16:00',
    capacity: String(capacity),
    ...extra,
  }).then((r) => r.ids[0]);

async function statuses(eventId: string): Promise<Record<string, number>> {
  const { rows } = await t.database.owner.query(`select status, sum(adults + children)::int seats from community_registrations where event_id = $1 group by status`, [eventId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.seats]));
}

describe('capacity under concurrent registrations', () => {
  it('never confirms more seats than the capacity when many households register at the same instant', async () => {
    const id = await event(5);
    const results = await Promise.allSettled(households.slice(0, 12).map((h) => registerForEvent(t.database.db, staff, id, { adults: '1' }, { forHouseholdId: h })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await statuses(id)).toEqual({ confirmed: 5, waiting: 7 });
  });

  it('shares the last two places of the seeded tasting among six parallel requests', async () => {
    const { rows } = await t.database.owner.query(`select id from community_events where title like 'Dégustation%'`);
    const tasting = rows[0].id as string;
    expect((await statuses(tasting)).confirmed).toBe(8);
    const free = households.slice(6, 12);
    const placed = await Promise.all(free.map((h) => registerForEvent(t.database.db, staff, tasting, { adults: '1' }, { forHouseholdId: h })));
    expect(placed.filter((p) => p.status === 'confirmed')).toHaveLength(2);
    expect(await statuses(tasting)).toEqual({ confirmed: 10, waiting: 4 });
  });
});

describe('the waiting list', () => {
  it('promotes in order of arrival and never lets a smaller party overtake a larger one', async () => {
    const id = await event(4);
    const [a, b, c, d] = households;
    const ra = await registerForEvent(t.database.db, staff, id, { adults: '2' }, { forHouseholdId: a });
    const rb = await registerForEvent(t.database.db, staff, id, { adults: '1', children: '1' }, { forHouseholdId: b });
    const rc = await registerForEvent(t.database.db, staff, id, { adults: '1', children: '2' }, { forHouseholdId: c });
    const rd = await registerForEvent(t.database.db, staff, id, { adults: '1' }, { forHouseholdId: d });
    expect([ra.status, rb.status, rc.status, rd.status]).toEqual(['confirmed', 'confirmed', 'waiting', 'waiting']);
    // Two places free up: the family of three at the head does not fit, and the single person behind it waits too.
    expect((await cancelRegistration(t.database.db, staff, ra.id)).promoted).toEqual([]);
    // Four places: both move up, in order.
    expect((await cancelRegistration(t.database.db, staff, rb.id)).promoted).toEqual([rc.id, rd.id]);
    expect(await statuses(id)).toEqual({ confirmed: 4, cancelled: 4 });
  });

  it('lets a resident cancel their own registration but not another household’s, which is 404 as a missing one', async () => {
    const id = await event(3);
    const mine = await registerForEvent(t.database.db, resident, id, {
      adults: '1',
      children: '1',
    });
    const other = await registerForEvent(t.database.db, staff, id, { adults: '1' }, { forHouseholdId: households[5] });
    // Another household's registration answers as one that does not exist (security finding 11), and stays.
    await expect(cancelRegistration(t.database.db, resident, other.id)).rejects.toMatchObject({ status: 404 });
    await expect(cancelRegistration(t.database.db, resident, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    const { rows: still } = await t.database.owner.query('select status from community_registrations where id = $1', [other.id]);
    expect(still[0].status).toBe('confirmed');
    await expect(registerForEvent(t.database.db, resident, id, { adults: '1' })).rejects.toMatchObject({
      status: 409,
      errors: { form: 'community.register.already' },
    });
    await cancelRegistration(t.database.db, resident, mine.id);
    expect(await statuses(id)).toEqual({ confirmed: 1, cancelled: 2 });
  });

  it('hides another landlord’s events (404) and refuses a party larger than the room', async () => {
    const { rows } = await t.database.owner.query(`select id from community_events where title like 'Jeux de société%' limit 1`);
    await expect(registerForEvent(t.database.db, resident, rows[0].id, { adults: '1' })).rejects.toMatchObject({ status: 404 });
    const id = await event(2);
    const err = await registerForEvent(t.database.db, resident, id, {
      adults: '2',
      children: '1',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(Invalid);
    expect(err.errors).toEqual({ adults: 'community.register.too_large' });
  });
});

describe('registration without an account', () => {
  it('registers with a name and a phone, and the secret link cancels once and promotes the next in line', async () => {
    const org = await landlordBySlug(t.database.db, 'plurial-novilia');
    const id = await event(2);
    const guest = await registerGuest(t.database.db, org?.id as string, id, {
      name: 'Mme Lopez',
      contact: '06 12 34 56 78',
      adults: '2',
    });
    expect(guest.status).toBe('confirmed');
    const next = await registerForEvent(t.database.db, resident, id, {
      adults: '1',
    });
    expect(next.status).toBe('waiting');
    expect(await cancelGuestRegistration(t.database.db, org?.id as string, guest.token)).toBe(true);
    expect(await statuses(id)).toEqual({ confirmed: 1, cancelled: 2 });
    expect(await cancelGuestRegistration(t.database.db, org?.id as string, 'not-a-token')).toBe(false);
    const { rows } = await t.database.owner.query(`select cancel_token_hash from community_registrations where id = $1`, [guest.id]);
    expect(rows[0].cancel_token_hash).not.toContain(guest.token);
    await expect(
      registerGuest(t.database.db, org?.id as string, id, {
        name: 'X',
        contact: 'nope',
      }),
    ).rejects.toMatchObject({
      errors: {
        name: 'community.form.tooShort',
        contact: 'community.guest.contactInvalid',
      },
    });
  });
});

describe('creating events', () => {
  it('refuses a room already booked at that time (409) and skips public holidays in a series', async () => {
    const { rows } = await t.database.owner.query(`select id from common_places where name = 'Salle commune Arc-en-Ciel'`);
    const base = {
      title: 'Café des voisins',
      category: 'other',
      placeId: rows[0].id,
      date: '2027-04-29',
      startTime: '10:00',
      endTime: '12:00',
    };
    const series = await createEvent(t.database.db, staff, {
      ...base,
      repeatWeeks: '1',
      repeatCount: '3',
    });
    expect(series.skipped).toEqual(['2027-05-06']); // Ascension 2027
    expect(series.ids).toHaveLength(2);
    await expect(
      createEvent(t.database.db, staff, {
        ...base,
        startTime: '11:00',
        endTime: '13:00',
      }),
    ).rejects.toMatchObject({
      status: 409,
      errors: { placeId: 'community.event.placeTaken' },
    });
    await expect(createEvent(t.database.db, resident, base)).rejects.toMatchObject({ status: 403 });
  });
});
