import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { addDays } from './domain/paris-time.js';
import { demoSpace, workingDayAhead } from './testing.js';
import { rawBooking } from './testing-garden.js';
import { NEIGHBOUR_EMAIL, type Neighbourhood, neighbourhoodWithGuest } from './testing-neighbours.js';

// Over HTTP, without JavaScript and through /api/v1: a Clésence resident of the Réma'Vert neighbourhood
// moves a booking of Plurial Novilia's e-bikes, queues when full and is offered the place, books a
// weekly series; each told by their own landlord.
let t: Awaited<ReturnType<typeof testApp>>;
let n: Neighbourhood;
let neighbour: Client;
let staff: Client;
let token: string;
let owners: string[] = [];
const D = workingDayAhead(22);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const notices = () => q('select organisation_id, subject from notifications where recipient = $1 order by created_at, id', [NEIGHBOUR_EMAIL]);
const status = async (id: string) => (await q('select status from space_bookings where id = $1', [id]))[0].status;

beforeAll(async () => {
  t = await testApp();
  n = await neighbourhoodWithGuest(t.database);
  owners = (await demoSpace(t.database, 'Vélos électriques de Réma’Vert')).households;
  neighbour = t.client();
  expect((await neighbour.signIn(NEIGHBOUR_EMAIL)).status).toBe(303);
  staff = t.client();
  await staff.signIn(demo('programme_manager'));
  token = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q("insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, 'Appli', $2, '{spaces.resident}', $3)", [n.guestOrg, hashSecret(token), n.userId]);
});

const api = (path: string, init: { method?: string; body?: unknown; locale?: string; key?: string } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': init.locale ?? 'fr', ...(init.key ? { 'idempotency-key': init.key } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const slot = (start: string, date = D, extra: Record<string, unknown> = {}) => ({ resourceId: n.resourceId, date, start, minutes: 60, purpose: 'leisure', ...extra });
const form = (start: string, date = D, extra: Record<string, string> = {}) => ({ resourceId: n.resourceId, date, start, minutes: '60', purpose: 'leisure', idempotencyKey: `page-${date}-${start.replace(":", "")}-${Math.random().toString(36).slice(2, 8)}`, ...extra });
const book = async (start: string, date = D) => {
  const res = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot(start, date), key: `k-${date}-${start.replace(":", "")}-${Math.random().toString(36).slice(2, 8)}` });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
};

describe('the neighbour’s pages (no JavaScript)', () => {
  it('moves a booking from /spaces/neighbourhood: a free slot moves it; a taken one answers 409 with the reason and keeps it', async () => {
    const id = await book('09:00');
    const list = await (await neighbour.get('/spaces/neighbourhood')).text();
    expect(list).toContain(`/spaces/neighbourhood/bookings/${id}/move`);
    const page = await neighbour.get(`/spaces/neighbourhood/bookings/${id}/move`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/spaces/neighbourhood/bookings/${id}/move"`);
    await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: D, from: 14 * 60, to: 15 * 60, status: 'confirmed' });
    const taken = await neighbour.post(`/spaces/neighbourhood/bookings/${id}/move`, { date: D, start: '14:00', minutes: '60' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Ce créneau vient d’être pris');
    expect(await status(id)).toBe('confirmed');
    const moved = await neighbour.post(`/spaces/neighbourhood/bookings/${id}/move`, { date: D, start: '11:00', minutes: '60' });
    expect([moved.status, moved.headers.get('location')]).toEqual([303, '/spaces/neighbourhood?moved=confirmed']);
    expect(await status(id)).toBe('cancelled');
    const [now] = await q("select guest_org_id from space_bookings where household_id = $1 and status = 'confirmed' and lower(during) = $2::timestamptz", [n.householdId, `${D} 11:00 Europe/Paris`]);
    expect(now.guest_org_id).toBe(n.guestOrg);
    expect((await notices()).at(-1)).toMatchObject({ organisation_id: n.guestOrg, subject: 'Réservation confirmée : Vélos électriques de Réma’Vert' });
    // Another booking id (not theirs): 404.
    const [other] = await q('select id from space_bookings where household_id = $1 limit 1', [owners[0]]);
    expect((await neighbour.get(`/spaces/neighbourhood/bookings/${other.id}/move`)).status).toBe(404);
  });

  it('a full slot offers the waiting list; a cancellation offers the place, told by their own landlord; they accept it on the page', async () => {
    const W = addDays(D, 1);
    const full = await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: W, from: 10 * 60, to: 11 * 60, status: 'confirmed' });
    const refused = await neighbour.post(`/spaces/neighbourhood/${n.spaceId}/book`, form('10:00', W));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(`action="/spaces/neighbourhood/${n.spaceId}/waitlist"`);
    const queued = await neighbour.post(`/spaces/neighbourhood/${n.spaceId}/waitlist`, { resourceId: n.resourceId, date: W, start: '10:00', minutes: '60', purpose: 'leisure' });
    expect([queued.status, queued.headers.get('location')]).toEqual([303, '/spaces/neighbourhood?waiting=1']);
    const listed = await (await neighbour.get('/spaces/neighbourhood')).text();
    expect(listed).toContain('Mes listes d’attente dans le quartier');
    expect(listed).toMatch(/\/spaces\/neighbourhood\/waitlist\/[0-9a-f-]{36}\/leave/);
    // The space's staff cancel the booking from the board: the neighbour is offered the place.
    expect((await staff.post(`/staff/spaces/${n.spaceId}/bookings/${full}/cancel?date=${W}`, {})).status).toBe(303);
    const [offer] = await q("select id, organisation_id, guest_org_id from space_bookings where household_id = $1 and status = 'offered'", [n.householdId]);
    expect([offer.organisation_id, offer.guest_org_id]).toEqual([n.ownerOrg, n.guestOrg]);
    expect((await notices()).at(-1)).toMatchObject({ organisation_id: n.guestOrg, subject: 'Une place s’est libérée : Vélos électriques de Réma’Vert' });
    const page = await (await neighbour.get('/spaces/neighbourhood')).text();
    expect(page).toContain('Place gardée pour vous jusqu’au');
    const accepted = await neighbour.post(`/spaces/neighbourhood/bookings/${offer.id}/accept`, {});
    expect([accepted.status, accepted.headers.get('location')]).toEqual([303, '/spaces/neighbourhood?offer=accept']);
    expect(await status(offer.id)).toBe('confirmed');
    const again = await neighbour.post(`/spaces/neighbourhood/bookings/${offer.id}/accept`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Cette proposition n’est plus valable');
  });

  it('a weekly series lists its conflicting dates (nothing booked), then books the others when asked to skip them', async () => {
    const S = addDays(D, 7);
    await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[1], date: addDays(S, 7), from: 16 * 60, to: 17 * 60, status: 'confirmed' });
    const values = form('16:00', S, { weeks: '3' });
    const asked = await neighbour.post(`/spaces/neighbourhood/${n.spaceId}/book`, values);
    expect(asked.status).toBe(409);
    const html = await asked.text();
    expect(html).toContain('1 date de la série ne peut pas être réservée');
    expect(html).toContain('Réserver les 2 autres dates');
    expect(await q('select id from space_bookings where household_id = $1 and series_id is not null', [n.householdId])).toEqual([]);
    const skipped = await neighbour.post(`/spaces/neighbourhood/${n.spaceId}/book`, { ...values, onConflict: 'skip' });
    expect([skipped.status, skipped.headers.get('location')]).toEqual([303, '/spaces/neighbourhood?series=2&skipped=1']);
    const rows = await q('select guest_org_id, series_id from space_bookings where household_id = $1 and series_id is not null', [n.householdId]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.guest_org_id === n.guestOrg && r.series_id === rows[0].series_id)).toBe(true);
    const listed = await (await neighbour.get('/spaces/neighbourhood?series=2&skipped=1')).text();
    expect(listed).toContain('2 dates réservées, 1 date sautée.');
    // "Annuler toute la série" once per series, on its first date.
    const [first] = await q('select id from space_bookings where household_id = $1 and series_id = $2 order by lower(during) limit 1', [n.householdId, rows[0].series_id]);
    expect(listed.split('/cancel-series').length - 1).toBe(1);
    const cancelled = await neighbour.post(`/spaces/neighbourhood/bookings/${first.id}/cancel-series`, {});
    expect([cancelled.status, cancelled.headers.get('location')]).toEqual([303, '/spaces/neighbourhood?seriesCancelled=2&kept=0']);
    expect(await q("select id from space_bookings where series_id = $1 and status <> 'cancelled'", [rows[0].series_id])).toEqual([]);
  });
});

describe('/api/v1/spaces/neighbourhood: series, waiting list, moves', () => {
  const A = addDays(D, 3);

  it('series: "cancel" answers 409 with the dates and books nothing; "skip" books the others; the key replays', async () => {
    await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: addDays(A, 14), from: 8 * 60, to: 9 * 60, status: 'confirmed' });
    const body = { ...slot('08:00', A), weeks: 3, onConflict: 'cancel' };
    const refused = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/series`, { method: 'POST', body, key: 'neighbour-series-api-1' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'conflict', code: 'spaces.error.seriesConflicts', conflicts: [{ date: addDays(A, 14), reason: expect.stringContaining('plus de place') }], bookable: [A, addDays(A, 7)] });
    const made = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/series`, { method: 'POST', body: { ...body, onConflict: 'skip' }, key: 'neighbour-series-api-2' });
    expect(made.status).toBe(201);
    const series = await made.json();
    expect(series).toMatchObject({ status: 'confirmed', replayed: false, bookings: [{ date: A }, { date: addDays(A, 7) }], skipped: [{ date: addDays(A, 14) }] });
    const again = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/series`, { method: 'POST', body: { ...body, onConflict: 'skip' }, key: 'neighbour-series-api-2' });
    expect([again.status, (await again.json()).seriesId]).toEqual([200, series.seriesId]);
    const mine = (await (await api('/api/v1/spaces/neighbourhood/bookings')).json()).data;
    expect(mine.filter((b: { inSeries: boolean }) => b.inSeries).length).toBeGreaterThanOrEqual(2);
    const first = mine.find((b: { seriesId: string | null }) => b.seriesId === series.seriesId);
    const cancelled = await api(`/api/v1/spaces/neighbourhood/bookings/${first.id}/cancel-series`, { method: 'POST' });
    expect([cancelled.status, await cancelled.json()]).toEqual([200, { cancelled: 2, kept: 0 }]);
    const none = await api(`/api/v1/spaces/neighbourhood/bookings/${first.id}/cancel-series`, { method: 'POST' });
    expect([none.status, (await none.json()).code]).toEqual([409, 'spaces.series.error.nothingAhead']);
    const bad = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/series`, { method: 'POST', body: { ...body, weeks: 99 }, locale: 'en' });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields)).toContain('weeks');
  });

  it('move: the new booking, 409 with a clear message when taken (kept), 422 for a bad value, 404 for another booking', async () => {
    const id = await book('12:00', A);
    await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: A, from: 15 * 60, to: 16 * 60, status: 'confirmed' });
    const taken = await api(`/api/v1/spaces/neighbourhood/bookings/${id}/move`, { method: 'POST', body: { date: A, start: '15:00' } });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: 'conflict', code: 'spaces.error.full', message: 'Ce créneau vient d’être pris : il n’y a plus de place. Choisissez un autre créneau.' });
    expect(await status(id)).toBe('confirmed');
    const bad = await api(`/api/v1/spaces/neighbourhood/bookings/${id}/move`, { method: 'POST', body: { date: 'demain', start: '13:00' } });
    expect(bad.status).toBe(422);
    const moved = await api(`/api/v1/spaces/neighbourhood/bookings/${id}/move`, { method: 'POST', body: { date: A, start: '13:00' } });
    expect(moved.status).toBe(200);
    const m = await moved.json();
    expect(m).toMatchObject({ status: 'confirmed', replayed: false });
    expect([await status(id), await status(m.id)]).toEqual(['cancelled', 'confirmed']);
    const [other] = await q('select id from space_bookings where household_id = $1 limit 1', [owners[0]]);
    expect((await api(`/api/v1/spaces/neighbourhood/bookings/${other.id}/move`, { method: 'POST', body: { date: A, start: '17:00' } })).status).toBe(404);
  });

  it('waiting list: only for a full slot, listed with rank, left; an offer declined goes to the next in line; in the OpenAPI document', async () => {
    const free = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/waitlist`, { method: 'POST', body: slot('17:00', A) });
    expect([free.status, (await free.json()).code]).toEqual([409, 'spaces.error.notFull']);
    const full = await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: A, from: 17 * 60, to: 18 * 60, status: 'confirmed' });
    const queued = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/waitlist`, { method: 'POST', body: slot('17:00', A) });
    expect(queued.status).toBe(201);
    const { id: entry } = await queued.json();
    const line = (await (await api('/api/v1/spaces/neighbourhood/waitlist')).json()).data;
    expect(line).toContainEqual(expect.objectContaining({ id: entry, space: 'Vélos électriques de Réma’Vert', landlordName: 'Plurial Novilia', position: 1 }));
    // Behind them, a household of the space's own landlord.
    await q("insert into space_waitlist (organisation_id, space_id, resource_id, household_id, during, status) values ($1, $2, $3, $4, tstzrange(($5 || ' 17:00 Europe/Paris')::timestamptz, ($5 || ' 18:00 Europe/Paris')::timestamptz, '[)'), 'waiting')", [n.ownerOrg, n.spaceId, n.resourceId, owners[2], A]);
    expect((await staff.post(`/staff/spaces/${n.spaceId}/bookings/${full}/cancel?date=${A}`, {})).status).toBe(303);
    const offered = (await (await api('/api/v1/spaces/neighbourhood/bookings')).json()).data.find((b: { status: string }) => b.status === 'offered');
    expect(offered.offerExpiresAt).toEqual(expect.any(String));
    const declined = await api(`/api/v1/spaces/neighbourhood/bookings/${offered.id}/decline`, { method: 'POST' });
    expect([declined.status, await declined.json()]).toEqual([200, { status: 'cancelled' }]);
    expect(await q("select household_id from space_bookings where space_id = $1 and status = 'offered' and lower(during) = $2::timestamptz", [n.spaceId, `${A} 17:00 Europe/Paris`])).toEqual([{ household_id: owners[2] }]);
    // Queue again elsewhere and leave.
    await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners[0], date: A, from: 9 * 60, to: 10 * 60, status: 'confirmed' });
    const second = await (await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/waitlist`, { method: 'POST', body: slot('09:00', A) })).json();
    expect((await api(`/api/v1/spaces/neighbourhood/waitlist/${second.id}/leave`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/api/v1/spaces/neighbourhood/waitlist/${second.id}/leave`, { method: 'POST' })).status).toBe(404);
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/spaces/neighbourhood/{id}/series',
        '/api/v1/spaces/neighbourhood/{id}/waitlist',
        '/api/v1/spaces/neighbourhood/waitlist',
        '/api/v1/spaces/neighbourhood/waitlist/{id}/leave',
        '/api/v1/spaces/neighbourhood/bookings/{id}/move',
        '/api/v1/spaces/neighbourhood/bookings/{id}/accept',
        '/api/v1/spaces/neighbourhood/bookings/{id}/decline',
        '/api/v1/spaces/neighbourhood/bookings/{id}/cancel-series',
      ]),
    );
  });
});
