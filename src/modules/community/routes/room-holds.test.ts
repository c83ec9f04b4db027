import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { householdsOf, inDays } from '../test-helpers.js';

// An activity in a room and the spaces module's bookings of the same room never overlap, both ways,
// through the pages staff use (community's activity form, the spaces board's counter booking).
let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: Client;
let room: string;
let space: string;
let resource: string;
let households: string[];
beforeAll(async () => {
  t = await testApp();
  const one = async (q: string) => (await t.database.owner.query(q)).rows[0].id as string;
  room = await one(`select id from common_places where name = 'Salle commune Arc-en-Ciel'`);
  space = await one(`select id from spaces where name = 'Salle commune Arc-en-Ciel'`);
  resource = await one(`select id from space_resources where space_id = '${space}'`);
  households = await householdsOf(t.database, 'PN-REMAVERT-ARC');
  // Wide rules: the test is about overlaps, not horizon, notice or quotas.
  await t.database.owner.query('update spaces set horizon_days = 200, notice_minutes = 0, weekly_quota_minutes = null where id = $1', [space]);
  staff = t.client();
  await staff.signIn(demo('facilitator'));
  resident = t.client();
  await resident.signIn(demo('resident'));
});

// Mid-January to February 2027 from the test's today: weekdays without public holidays.
let n = 0;
const activity = (date: string, extra: Record<string, string> = {}) => ({ title: `Atelier couture ${++n}`, category: 'workshop', placeId: room, address: '', date, startTime: '10:00', endTime: '12:00', ...extra });
const booking = (date: string, start: string, household = households[0]) => ({ resourceId: resource, date, start, minutes: '60', purpose: 'leisure', householdId: household, idempotencyKey: `k-${Math.random().toString(36).slice(2, 12)}` });
const counter = (fields: Record<string, string>) => staff.post(`/staff/spaces/${space}/bookings`, fields);
const eventsTitled = async (title: string) => (await t.database.owner.query('select count(*)::int as n from community_events where title = $1', [title])).rows[0].n as number;

describe('an activity books its room in the spaces module', () => {
  it('a booking over the activity is refused on the board; staff see the activity by name, residents see the slot taken', async () => {
    const date = inDays(45);
    const form = activity(date, { title: 'Repair café du samedi' });
    expect((await staff.post('/community/manage/events/new', form)).status).toBe(303);
    const refused = await counter(booking(date, '11:00'));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Une activité de la vie collective occupe déjà cette salle sur ce créneau.');
    expect(await (await staff.get(`/staff/spaces/${space}?date=${date}`)).text()).toContain('Activité : Repair café du samedi');
    const seen = await (await resident.get(`/spaces/${space}?date=${date}`)).text();
    expect(seen).toContain('Occupé');
    expect(seen).not.toContain('Repair café du samedi');
    expect((await counter(booking(date, '12:00'))).status).toBe(303);
  });

  it('an activity over a booking is refused at the place field, a whole series too, and nothing is created', async () => {
    const date = inDays(46);
    expect((await counter(booking(date, '15:00'))).status).toBe(303);
    const form = activity(date, { startTime: '14:00', endTime: '16:00' });
    const refused = await staff.post('/community/manage/events/new', form);
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('Cette salle est déjà réservée sur ce créneau dans les espaces partagés');
    // The message sits at the room's field, tied to it for screen readers.
    expect(html).toMatch(/name="placeId" aria-invalid="true" aria-describedby="[^"]*-error"/);
    expect(await eventsTitled(form.title)).toBe(0);
    // Weekly from a week before: the second date meets the booking.
    const series = activity(inDays(39), { startTime: '14:00', endTime: '16:00', repeatWeeks: '1', repeatCount: '3' });
    const refusedSeries = await staff.post('/community/manage/events/new', series);
    expect(refusedSeries.status).toBe(409);
    expect(await refusedSeries.text()).toContain('À au moins une date de la série');
    expect(await eventsTitled(series.title)).toBe(0);
    const ok = activity(inDays(53), { startTime: '14:00', endTime: '16:00', repeatWeeks: '1', repeatCount: '3' });
    expect((await staff.post('/community/manage/events/new', ok)).status).toBe(303);
    const held = await t.database.owner.query('select count(*)::int as n from space_activity_holds h join community_events e on e.id = h.event_id where e.title = $1 and h.released_at is null', [ok.title]);
    expect(held.rows[0].n).toBe(3);
  });

  it('through the API, in English: 409 with the message at placeId', async () => {
    const date = inDays(49);
    expect((await counter(booking(date, '10:00'))).status).toBe(303);
    const [u] = (await t.database.owner.query('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('programme_manager')])).rows;
    const token = `plr_test_rooms_${Date.now()}`;
    await t.database.owner.query('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [u.organisation_id, 'rooms', hashSecret(token), ['community.events.manage'], u.id]);
    const res = await t.app.request('/api/v1/community/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ title: 'Sewing club', category: 'workshop', placeId: room, date, startTime: '09:30', endTime: '10:30' }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { fields: Record<string, string> }).fields.placeId).toContain('This room is already booked at that time in the shared spaces');
  });

  it('moving the activity onto a booking is refused; moving or cancelling it frees the room', async () => {
    const date = inDays(47);
    expect((await counter(booking(date, '09:00'))).status).toBe(303);
    const form = activity(date);
    const id = ((await staff.post('/community/manage/events/new', form)).headers.get('location') as string).split('/')[4].split('?')[0];
    const onto = await staff.post(`/community/manage/events/${id}/edit`, { ...form, startTime: '09:00' });
    expect(onto.status).toBe(409);
    expect(await onto.text()).toContain('dans les espaces partagés');
    expect((await staff.post(`/community/manage/events/${id}/edit`, { ...form, startTime: '13:00', endTime: '14:00' })).status).toBe(303);
    expect((await counter(booking(date, '10:00', households[1]))).status).toBe(303);
    expect((await counter(booking(date, '13:00', households[2]))).status).toBe(409);
    expect((await staff.post(`/community/manage/events/${id}/cancel`, { reason: 'Intervenante absente' })).status).toBe(303);
    expect((await counter(booking(date, '13:00', households[2]))).status).toBe(303);
  });

  it('10 activities and 10 counter bookings posted at once for the same hours: exactly one wins, the rest 409, no 5xx (3 rounds)', async () => {
    const date = inDays(48);
    await staff.csrf();
    for (const [from, to] of [['16:00', '17:00'], ['20:00', '21:00'], ['09:00', '10:00']]) {
      const posts = Array.from({ length: 10 }, (_, i) => [
        staff.post('/community/manage/events/new', activity(date, { startTime: from, endTime: to })).then((r) => r.status),
        counter(booking(date, from, households[i % households.length])).then((r) => r.status),
      ]).flat();
      const statuses = await Promise.all(posts);
      const count = (s: number) => statuses.filter((x) => x === s).length;
      expect({ ok: count(303), conflict: count(409), other: statuses.filter((s) => s !== 303 && s !== 409) }).toEqual({ ok: 1, conflict: 19, other: [] });
    }
    const overlaps = await t.database.owner.query(
      `select count(*)::int as n from space_activity_holds h join space_bookings b on b.resource_id = h.resource_id and b.held && h.held
       where h.space_id = $1 and h.released_at is null and b.status in ('pending', 'confirmed', 'offered')`,
      [space],
    );
    expect(overlaps.rows[0].n).toBe(0);
  }, 120_000);
});
