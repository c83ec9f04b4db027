import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';
import { rawBooking } from '../testing-garden.js';

// The space landlord's own residents on waiting lists through /api/v1/spaces (the commands of
// "Mes réservations" and of the booking page): join a full slot, list with rank and offers, leave,
// accept or decline the place offered.
let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let staff: Client;
let mine: string;
let others: string[];
const tokens: Record<string, string> = {};
const D = workingDayAhead(50);
const RESIDENT = 'resident-sotteville@demo.palier.fr';
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [m] = await q('select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [email]);
  const secret = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Appli', hashSecret(secret), scopes, m.user_id]);
  return secret;
}

const api = (path: string, init: { method?: string; body?: unknown; locale?: string; token?: string } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? tokens.resident}`, 'content-type': 'application/json', 'accept-language': init.locale ?? 'fr' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const slot = (start: string, extra: Record<string, unknown> = {}) => ({ resourceId: cowork.resourceId, date: D, start, minutes: 60, purpose: 'job_search', ...extra });
const fill = (start: number, household = others[0]) => rawBooking(t.database, { spaceId: cowork.spaceId, resourceId: cowork.resourceId, householdId: household, date: D, from: start * 60, to: (start + 1) * 60, status: 'confirmed' });
const queueOther = (household: string, start: number) =>
  q("insert into space_waitlist (organisation_id, space_id, resource_id, household_id, during, status) values ($1, $2, $3, $4, tstzrange(($5 || ' ' || $6 || ' Europe/Paris')::timestamptz, ($5 || ' ' || $7 || ' Europe/Paris')::timestamptz, '[)'), 'waiting') returning id", [cowork.orgId, cowork.spaceId, cowork.resourceId, household, D, `${start}:00`, `${start + 1}:00`]);
const staffCancel = async (bookingId: string) => expect((await staff.post(`/staff/spaces/${cowork.spaceId}/bookings/${bookingId}/cancel?date=${D}`, {})).status).toBe(303);
type Entry = { id: string; status: string; position: number | null; offerBookingId: string | null; offerExpiresAt: string | null; space: string };
const line = async (): Promise<Entry[]> => ((await (await api('/api/v1/spaces/waitlist')).json()) as { data: Entry[] }).data;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId, { offer_minutes: 120 });
  // One desk: a single booking fills a slot.
  await q('update space_resources set units = 1 where id = $1', [cowork.resourceId]);
  [{ household_id: mine }] = await q('select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1', [RESIDENT]);
  others = cowork.households.filter((h) => h !== mine);
  tokens.resident = await tokenFor(RESIDENT, ['spaces.resident']);
  tokens.facilitator = await tokenFor('facilitator-sotteville@demo.palier.fr', ['spaces.board', 'spaces.resident']);
  staff = t.client();
  expect((await staff.signIn('facilitator-sotteville@demo.palier.fr')).status).toBe(303);
});

describe('/api/v1/spaces waiting lists for the landlord’s own residents', () => {
  it('joins only a full slot: 409 when free, 422 with field messages FR/EN for bad input or a rule broken; listed with its rank', async () => {
    const free = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00') });
    expect(free.status).toBe(409);
    expect(await free.json()).toMatchObject({ code: 'spaces.error.notFull', fields: { start: 'Ce créneau a encore de la place : réservez-le directement.' } });
    const shortFr = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00', { minutes: 5 }) });
    expect([shortFr.status, (await shortFr.json()).fields]).toEqual([422, { minutes: 'Choisissez une durée dans la liste.' }]);
    const shortEn = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00', { minutes: 5 }), locale: 'en' });
    expect([shortEn.status, (await shortEn.json()).fields]).toEqual([422, { minutes: 'Choose a duration from the list.' }]);
    const badResource = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00', { resourceId: 'pas-un-id' }) });
    expect(badResource.status).toBe(422);
    expect(Object.keys((await badResource.json()).fields)).toEqual(['resourceId']);
    const past = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00', { date: '2020-03-03' }) });
    expect([past.status, (await past.json()).fields]).toEqual([422, { start: 'Ce créneau est déjà passé.' }]);
    expect(await q('select id from space_waitlist where household_id = $1', [mine])).toEqual([]);

    await fill(10);
    await queueOther(others[1], 10);
    const joined = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00') });
    expect(joined.status).toBe(201);
    const { id } = (await joined.json()) as { id: string };
    const again = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('10:00') });
    expect([again.status, (await again.json()).code]).toEqual([409, 'spaces.error.alreadyWaiting']);
    expect(await line()).toContainEqual({ id, space: 'Coworking solidaire de Sotteville', resource: 'Postes de travail', start: expect.any(String), end: expect.any(String), status: 'waiting', position: 2, offerBookingId: null, offerExpiresAt: null });
  });

  it('a cancellation offers the place: listed with the offer and its deadline; accepted it becomes a confirmed booking (201), once', async () => {
    const full = await fill(14);
    const joined = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('14:00') });
    const { id } = (await joined.json()) as { id: string };
    expect((await line()).find((e) => e.id === id)?.position).toBe(1);
    await staffCancel(full);
    const entry = (await line()).find((e) => e.id === id) as Entry;
    expect(entry).toMatchObject({ status: 'offered', position: null, offerBookingId: expect.any(String), offerExpiresAt: expect.any(String) });
    const deadline = new Date(entry.offerExpiresAt as string).getTime();
    expect(deadline).toBeGreaterThan(Date.now() + 100 * 60_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 120 * 60_000);
    const offer = entry.offerBookingId as string;
    expect(await q('select household_id, status from space_bookings where id = $1', [offer])).toEqual([{ household_id: mine, status: 'offered' }]);

    const accepted = await api(`/api/v1/spaces/bookings/${offer}/accept`, { method: 'POST' });
    expect([accepted.status, await accepted.json()]).toEqual([201, { id: offer, status: 'confirmed' }]);
    expect(await q('select status from space_bookings where id = $1', [offer])).toEqual([{ status: 'confirmed' }]);
    expect(await q('select status from space_waitlist where id = $1', [id])).toEqual([{ status: 'booked' }]);
    expect((await line()).some((e) => e.id === id)).toBe(false);
    const bookings = ((await (await api('/api/v1/spaces/bookings')).json()) as { data: { id: string; status: string }[] }).data;
    expect(bookings.find((b) => b.id === offer)?.status).toBe('confirmed');
    const twice = await api(`/api/v1/spaces/bookings/${offer}/accept`, { method: 'POST' });
    expect([twice.status, (await twice.json()).code]).toEqual([409, 'spaces.error.offerGone']);
  });

  it('declining passes the place to the next in line', async () => {
    const full = await fill(16);
    const joined = await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('16:00') });
    expect(joined.status).toBe(201);
    await queueOther(others[1], 16);
    await staffCancel(full);
    const offer = (await line()).find((e) => e.status === 'offered')?.offerBookingId as string;
    const declined = await api(`/api/v1/spaces/bookings/${offer}/decline`, { method: 'POST' });
    expect([declined.status, await declined.json()]).toEqual([200, { status: 'cancelled' }]);
    expect(await q('select status from space_bookings where id = $1', [offer])).toEqual([{ status: 'cancelled' }]);
    expect(await q("select household_id from space_bookings where resource_id = $1 and status = 'offered' and lower(during) = ($2 || ' 16:00 Europe/Paris')::timestamptz", [cowork.resourceId, D])).toEqual([{ household_id: others[1] }]);
  });

  it('leaves a waiting list once; another household’s place or offer is 404 and stays as it was', async () => {
    await fill(11);
    const { id } = (await (await api(`/api/v1/spaces/${cowork.spaceId}/waitlist`, { method: 'POST', body: slot('11:00') })).json()) as { id: string };
    expect((await api(`/api/v1/spaces/waitlist/${id}/leave`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/api/v1/spaces/waitlist/${id}/leave`, { method: 'POST' })).status).toBe(404);
    expect((await line()).some((e) => e.id === id)).toBe(false);

    const [{ id: theirs }] = await queueOther(others[1], 11);
    const leave = await api(`/api/v1/spaces/waitlist/${theirs}/leave`, { method: 'POST' });
    expect([leave.status, await leave.json()]).toEqual([404, { error: 'not_found' }]);
    expect(await q('select status from space_waitlist where id = $1', [theirs])).toEqual([{ status: 'waiting' }]);
    // The place offered to the other household (the 16:00 decline passed it on).
    const [{ id: theirOffer }] = await q("select id from space_bookings where household_id = $1 and status = 'offered'", [others[1]]);
    for (const choice of ['accept', 'decline']) expect((await api(`/api/v1/spaces/bookings/${theirOffer}/${choice}`, { method: 'POST' })).status).toBe(404);
    expect(await q('select status from space_bookings where id = $1', [theirOffer])).toEqual([{ status: 'offered' }]);
    expect((await line()).some((e) => e.id === theirs || e.offerBookingId === theirOffer)).toBe(false);
  });

  it('refuses a role without spaces.resident (403), even with the scope on its token; the routes are in the OpenAPI document', async () => {
    const [{ id: entry }] = await queueOther(others[2] ?? others[1], 17);
    const [{ id: booking }] = await q('select id from space_bookings where space_id = $1 limit 1', [cowork.spaceId]);
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/spaces/waitlist'],
      ['POST', `/api/v1/spaces/${cowork.spaceId}/waitlist`, slot('17:00')],
      ['POST', `/api/v1/spaces/waitlist/${entry}/leave`],
      ['POST', `/api/v1/spaces/bookings/${booking}/accept`],
      ['POST', `/api/v1/spaces/bookings/${booking}/decline`],
    ];
    for (const [method, path, body] of calls) expect([path, (await api(path, { method, body, token: tokens.facilitator })).status]).toEqual([path, 403]);
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/spaces/{id}/waitlist'] ?? {})).toContain('post');
    for (const path of ['/api/v1/spaces/waitlist', '/api/v1/spaces/waitlist/{id}/leave', '/api/v1/spaces/bookings/{id}/accept', '/api/v1/spaces/bookings/{id}/decline']) expect(Object.keys(doc.paths)).toContain(path);
  });
});
