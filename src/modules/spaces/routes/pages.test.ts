import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;
let facilitator: Client;
/** The households of the coworking's residence other than the signed-in resident's. */
let others: string[];
const D = workingDayAhead(30);

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
  const mine = (await t.database.owner.query("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr'")).rows[0].household_id;
  others = cowork.households.filter((h) => h !== mine);
});

const bookingFields = (start: string, extra: Record<string, string> = {}) => ({ resourceId: cowork.resourceId, date: D, start, minutes: '60', purpose: 'job_search', idempotencyKey: `k-${Math.random().toString(36).slice(2, 12)}`, ...extra });

describe('a resident books a desk in a few taps, without JavaScript', () => {
  it('lists the space, shows the day as a table of slots, books one, finds it in "My bookings" with an iCal file, and cancels it', async () => {
    const list = await (await resident.get('/spaces')).text();
    expect(list).toContain('Coworking solidaire de Sotteville');
    const day = await resident.get(`/spaces/${cowork.spaceId}?date=${D}`);
    const grid = await day.text();
    expect(day.status).toBe(200);
    expect(grid).toContain('<th scope="row">09:00 – 10:00</th>');
    expect(grid).toContain(`/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&amp;date=${D}&amp;start=09:00`);
    const form = await resident.get(`/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${D}&start=09:00`);
    expect(await form.text()).toContain('Confirmer la réservation');
    const booked = await resident.post(`/spaces/${cowork.spaceId}/book`, bookingFields('09:00'));
    expect(booked.status).toBe(303);
    expect(booked.headers.get('location')).toMatch(/^\/spaces\/bookings\?booked=/);
    const id = (booked.headers.get('location') as string).split('=')[1];
    const mine = await (await resident.get('/spaces/bookings?booked=1')).text();
    expect(mine).toContain('C’est réservé');
    expect(mine).toContain('Confirmée');
    const ics = await resident.get(`/spaces/bookings/${id}/ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(await ics.text())).getFirstSubcomponent('vevent') as ICAL.Component);
    const row = (await t.database.owner.query('select lower(during) as s, upper(during) as e from space_bookings where id = $1', [id])).rows[0];
    expect(event.startDate.toJSDate().getTime()).toBe(row.s.getTime());
    expect(event.endDate.toJSDate().getTime()).toBe(row.e.getTime());
    const cancelled = await resident.post(`/spaces/bookings/${id}/cancel`, {});
    expect([cancelled.status, cancelled.headers.get('location')]).toEqual([303, '/spaces/bookings?cancelled=1']);
    expect((await t.database.owner.query('select status from space_bookings where id = $1', [id])).rows[0].status).toBe('cancelled');
  });

  it('opens the booking form for today when the link has no date (it used to answer 500)', async () => {
    const res = await resident.get(`/spaces/${cowork.spaceId}/book`);
    expect(res.status).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect(await res.text()).toContain(`value="${today}"`);
  });

  it('re-renders the form with 422, the error tied to its field and the values kept', async () => {
    const res = await resident.post(`/spaces/${cowork.spaceId}/book`, bookingFields('12:00', { minutes: '120' }));
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('Ce créneau sort des heures d’ouverture.');
    expect(html).toContain('href="#f-start"');
    expect(html).toMatch(/<option value="120" selected="">2 h<\/option>/);
  });

  it('answers a full slot with 409, a clear message and the next free slots, the form kept', async () => {
    for (let i = 1; i <= 6; i++) expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, bookingFields('14:00', { householdId: others[i] }))).status).toBe(303);
    const res = await resident.post(`/spaces/${cowork.spaceId}/book`, bookingFields('14:00', { purpose: 'training' }));
    const html = await res.text();
    expect(res.status).toBe(409);
    expect(html).toContain('Ce créneau vient d’être pris');
    expect(html).toContain('Prochains créneaux libres');
    expect(html).toContain(`start=15:00`);
    expect(html).toMatch(/<option value="training" selected="">/);
  });

  it('hides another landlord’s space (404) and refuses the staff pages to a resident (403)', async () => {
    const amina = t.client();
    await amina.signIn(demo('resident'));
    expect((await amina.get(`/spaces/${cowork.spaceId}`)).status).toBe(404);
    expect((await amina.post(`/spaces/${cowork.spaceId}/book`, bookingFields('16:00'))).status).toBe(404);
    expect((await resident.get('/staff/spaces')).status).toBe(403);
    expect((await resident.get(`/staff/spaces/${cowork.spaceId}`)).status).toBe(403);
  });
});

describe('the facilitator’s board', () => {
  it('books at the counter, blocks a slot (flagging the booking inside it) and cancels', async () => {
    expect(await (await facilitator.get('/staff/spaces')).text()).toContain('Coworking solidaire de Sotteville');
    const made = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, bookingFields('10:00', { householdId: others[10] }));
    expect(made.status).toBe(303);
    const blocked = await facilitator.post(`/staff/spaces/${cowork.spaceId}/closures`, { date: D, resourceId: '', from: '10:00', to: '11:00', reason: 'Atelier CV' });
    expect(blocked.headers.get('location')).toBe(`/staff/spaces/${cowork.spaceId}?date=${D}&blocked=1`);
    const board = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${D}&blocked=1`)).text();
    expect(board).toContain('Pendant une fermeture');
    expect(board).toContain('Atelier CV');
    const refused = await resident.post(`/spaces/${cowork.spaceId}/book`, bookingFields('10:00'));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('L’espace est fermé à ce moment-là : Atelier CV.');
    const bad = await facilitator.post(`/staff/spaces/${cowork.spaceId}/closures`, { date: D, resourceId: '', from: '11:00', to: '10:00', reason: '' });
    expect(bad.status).toBe(422);
    const id = (await t.database.owner.query('select id from space_bookings where household_id = $1 and space_id = $2', [others[10], cowork.spaceId])).rows[0].id;
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${id}/cancel?date=${D}`, {})).status).toBe(303);
  });

  it('answers 422, not 500, to a counter booking whose date is not a date, and 404 to a booking named under another space', async () => {
    const bad = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, bookingFields('10:00', { householdId: others[11], date: 'not-a-date' }));
    expect(bad.status).toBe(422);
    const made = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, bookingFields('11:00', { householdId: others[11] }));
    expect(made.status).toBe(303);
    const id = (await t.database.owner.query("select id from space_bookings where household_id = $1 and space_id = $2 and status = 'confirmed'", [others[11], cowork.spaceId])).rows[0].id;
    const elsewhere = (await t.database.owner.query('select id from spaces where residence_id = $1 and id <> $2 limit 1', [cowork.residenceId, cowork.spaceId])).rows[0]?.id ?? '7a1d1f0e-0000-4000-8000-000000000000';
    expect((await facilitator.post(`/staff/spaces/${elsewhere}/bookings/${id}/cancel?date=${D}`, {})).status).toBe(404);
    expect((await facilitator.post(`/staff/spaces/${elsewhere}/bookings/${id}/cancel-series?date=${D}`, {})).status).toBe(404);
    expect((await t.database.owner.query('select status from space_bookings where id = $1', [id])).rows[0].status).toBe('confirmed');
  });

  it('a common-room request waits for approval, then the concierge approves it', async () => {
    const room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
    await relaxRules(t.database, room.spaceId);
    const amina = t.client();
    await amina.signIn(demo('resident'));
    const home = (await t.database.owner.query("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1", [demo('resident')])).rows[0].household_id;
    const day = workingDayAhead(20);
    const asked = await amina.post(`/spaces/${room.spaceId}/book`, { resourceId: room.resourceId, date: day, start: '10:00', minutes: '120', purpose: 'leisure', idempotencyKey: 'room-request-1' });
    expect(asked.headers.get('location')).toMatch(/requested=/);
    const id = (await t.database.owner.query("select id, status from space_bookings where household_id = $1 and space_id = $2 and idempotency_key = 'room-request-1'", [home, room.spaceId])).rows[0];
    expect(id.status).toBe('pending');
    const concierge = t.client();
    await concierge.signIn(demo('concierge'));
    expect(await (await concierge.get(`/staff/spaces/${room.spaceId}?date=${day}`)).text()).toContain('En attente de validation');
    const noReason = await concierge.post(`/staff/spaces/${room.spaceId}/bookings/${id.id}/refuse?date=${day}`, { reason: '' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Indiquez une raison');
    const unknown = '7a1d1f0e-0000-4000-8000-000000000000';
    expect((await concierge.post(`/staff/spaces/${unknown}/bookings/${unknown}/refuse`, { reason: '' })).status).toBe(404);
    expect((await concierge.post(`/staff/spaces/${room.spaceId}/bookings/${id.id}/approve?date=${day}`, {})).status).toBe(303);
    expect((await t.database.owner.query('select status from space_bookings where id = $1', [id.id])).rows[0].status).toBe('confirmed');
  });

  it('200 simultaneous counter bookings over HTTP for the last desk: one 303, 199 × 409, no 5xx', async () => {
    const start = '16:00';
    for (let i = 0; i < 5; i++) await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, bookingFields(start, { householdId: others[i] }));
    await facilitator.csrf();
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, bookingFields(start, { householdId: others[5 + (i % (others.length - 5))] })).then((r) => r.status)));
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect({ ok: count(303), conflict: count(409), other: statuses.filter((s) => s !== 303 && s !== 409) }).toEqual({ ok: 1, conflict: 199, other: [] });
  }, 400_000);
});
