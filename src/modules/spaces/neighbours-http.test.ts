import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { workingDayAhead } from './testing.js';
import { rawBooking } from './testing-garden.js';
import { NEIGHBOUR_EMAIL, type Neighbourhood, neighbourhoodWithGuest } from './testing-neighbours.js';

// Over HTTP: a resident of Clésence living in the Réma'Vert neighbourhood books Plurial Novilia's e-bikes,
// from the page and through /api/v1; notices are queued in the neighbour's own landlord's context.
let t: Awaited<ReturnType<typeof testApp>>;
let n: Neighbourhood;
let neighbour: Client;
let token: string;
const D = workingDayAhead(20);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const notices = (recipient: string) => q('select organisation_id, subject, body from notifications where recipient = $1 order by created_at, id', [recipient]);

beforeAll(async () => {
  t = await testApp();
  n = await neighbourhoodWithGuest(t.database);
  neighbour = t.client();
  expect((await neighbour.signIn(NEIGHBOUR_EMAIL)).status).toBe(303);
  token = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q("insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, 'Appli', $2, '{spaces.resident}', $3)", [n.guestOrg, hashSecret(token), n.userId]);
});

const api = (path: string, init: { method?: string; body?: unknown; locale?: string; key?: string; bearer?: string } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.bearer ?? token}`, 'content-type': 'application/json', 'accept-language': init.locale ?? 'fr', ...(init.key ? { 'idempotency-key': init.key } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const slot = (start: string, extra: Record<string, unknown> = {}) => ({ resourceId: n.resourceId, date: D, start, minutes: 60, purpose: 'leisure', ...extra });

describe('notices to a neighbour', () => {
  it('booking and cancelling from the page tell the neighbour like a resident, queued in their own landlord’s context, never the space’s', async () => {
    const booked = await neighbour.post(`/spaces/neighbourhood/${n.spaceId}/book`, { resourceId: n.resourceId, date: D, start: '09:00', minutes: '60', purpose: 'leisure', idempotencyKey: 'neighbour-page-0001' });
    expect(booked.status).toBe(303);
    let sent = await notices(NEIGHBOUR_EMAIL);
    expect(sent).toHaveLength(1);
    expect(sent[0].organisation_id).toBe(n.guestOrg);
    expect(sent[0].subject).toBe('Réservation confirmée : Vélos électriques de Réma’Vert');
    const page = await (await neighbour.get('/spaces/neighbourhood')).text();
    const [b] = await q("select id from space_bookings where household_id = $1 and status = 'confirmed'", [n.householdId]);
    expect(page).toContain(`/spaces/neighbourhood/bookings/${b.id}/cancel`);
    expect((await neighbour.post(`/spaces/neighbourhood/bookings/${b.id}/cancel`, {})).status).toBe(303);
    sent = await notices(NEIGHBOUR_EMAIL);
    expect(sent.map((x) => [x.organisation_id, x.subject.split(' :')[0]])).toEqual([
      [n.guestOrg, 'Réservation confirmée'],
      [n.guestOrg, 'Réservation annulée'],
    ]);
    // The space's landlord holds no notice, nor can read the guest's.
    expect(await q('select id from notifications where organisation_id = $1 and recipient = $2', [n.ownerOrg, NEIGHBOUR_EMAIL])).toEqual([]);
  });

  it('staff of the space cancelling a neighbour’s booking from the board tell the neighbour too', async () => {
    const made = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('14:00'), key: 'neighbour-api-staff-01' });
    expect(made.status).toBe(201);
    const { id } = await made.json();
    const staff = t.client();
    await staff.signIn(demo('programme_manager'));
    const board = await (await staff.get(`/staff/spaces/${n.spaceId}?date=${D}`)).text();
    expect(board).toContain('Foyer Voisin — Clésence');
    expect((await staff.post(`/staff/spaces/${n.spaceId}/bookings/${id}/cancel?date=${D}`, {})).status).toBe(303);
    const last = (await notices(NEIGHBOUR_EMAIL)).at(-1);
    expect([last?.organisation_id, last?.subject.split(' :')[0]]).toEqual([n.guestOrg, 'Réservation annulée']);
  });
});

describe('/api/v1/spaces/neighbourhood', () => {
  it('lists the opened space and books it with the page’s checks and Idempotency-Key', async () => {
    const list = await api('/api/v1/spaces/neighbourhood');
    expect(list.status).toBe(200);
    expect((await list.json()).data).toContainEqual(expect.objectContaining({ id: n.spaceId, landlordName: 'Plurial Novilia', residenceName: 'Réma’Vert — Arc-en-Ciel', city: 'Reims' }));
    const grid = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/availability?date=${D}`);
    expect(grid.status).toBe(200);
    const first = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('10:00'), key: 'neighbour-api-0001' });
    expect(first.status).toBe(201);
    const made = await first.json();
    expect(made).toMatchObject({ status: 'confirmed', replayed: false });
    const again = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('10:00'), key: 'neighbour-api-0001' });
    expect([again.status, (await again.json()).id]).toEqual([200, made.id]);
    const reused = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('11:00'), key: 'neighbour-api-0001' });
    expect(reused.status).toBe(422);
    const mine = await (await api('/api/v1/spaces/neighbourhood/bookings')).json();
    expect(mine.data).toContainEqual(expect.objectContaining({ id: made.id, space: 'Vélos électriques de Réma’Vert', landlordName: 'Plurial Novilia', status: 'confirmed' }));
    expect((await notices(NEIGHBOUR_EMAIL)).filter((x) => x.subject.startsWith('Réservation confirmée'))).toHaveLength(3);
    const page = await (await neighbour.get('/spaces/bookings')).text();
    expect(page).toContain('Mes réservations dans le quartier');
    expect(page).toContain('Vélos électriques de Réma’Vert (Plurial Novilia)');
  });

  it('answers 409 with alternatives for a taken slot, 422 with field messages in the caller’s language, 404 for what is not open to them', async () => {
    const [owners] = await q('select h.id from households h join occupancies o on o.household_id = h.id join dwellings d on d.id = o.dwelling_id join spaces s on s.residence_id = d.residence_id where s.id = $1 limit 1', [n.spaceId]);
    await rawBooking(t.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: owners.id, date: D, from: 16 * 60, to: 17 * 60, status: 'confirmed' });
    const taken = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('16:00'), key: 'neighbour-full-last' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: 'conflict', code: 'spaces.error.full' });
    const bad = await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('10:00', { date: 'demain' }), locale: 'en' });
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error).toBe('invalid_body');
    expect(Object.keys(body.fields)).toContain('date');
    expect((await api(`/api/v1/spaces/neighbourhood/00000000-0000-0000-0000-000000000000/bookings`, { method: 'POST', body: slot('10:00') })).status).toBe(404);
    // The space's own landlord's resident books it the usual way: as a neighbourhood space it does not exist for them.
    const [own] = await q("select u.id user_id from users u where u.email = 'resident@demo.palier.fr'");
    const ownToken = `plr_test_${Math.random().toString(36).slice(2)}`;
    await q("insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, 'Appli', $2, '{spaces.resident}', $3)", [n.ownerOrg, hashSecret(ownToken), own.user_id]);
    expect((await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('12:00'), bearer: ownToken })).status).toBe(404);
    expect((await api('/api/v1/spaces/neighbourhood/bookings/00000000-0000-0000-0000-000000000000/cancel', { method: 'POST' })).status).toBe(404);
  });

  it('cancels through the API and lists it in the OpenAPI document', async () => {
    const made = await (await api(`/api/v1/spaces/neighbourhood/${n.spaceId}/bookings`, { method: 'POST', body: slot('08:00'), key: 'neighbour-api-cancel' })).json();
    const res = await api(`/api/v1/spaces/neighbourhood/bookings/${made.id}/cancel`, { method: 'POST' });
    expect([res.status, await res.json()]).toEqual([200, { status: 'cancelled' }]);
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/spaces/neighbourhood', '/api/v1/spaces/neighbourhood/{id}/bookings', '/api/v1/spaces/neighbourhood/bookings/{id}/cancel']));
  });
});
