import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { addDays } from '../domain/paris-time.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let elsewhere: string;
let residentToken: string;
let staffToken: string;
let facilitator: string;
const D = workingDayAhead(38);

const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [m] = await q('select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [email]);
  const secret = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Comptoir', hashSecret(secret), scopes, m.user_id]);
  return secret;
}

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  [{ id: elsewhere }] = await q('select id from spaces where organisation_id <> $1 limit 1', [cowork.orgId]);
  residentToken = await tokenFor('resident-sotteville@demo.palier.fr', ['spaces.resident']);
  staffToken = await tokenFor('facilitator-sotteville@demo.palier.fr', ['spaces.board']);
  [{ id: facilitator }] = await q("select id from users where email = 'facilitator-sotteville@demo.palier.fr'");
});

const api = (path: string, init: { method?: string; body?: unknown; locale?: string; key?: string; token?: string } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'POST',
    headers: { authorization: `Bearer ${init.token ?? staffToken}`, 'content-type': 'application/json', 'accept-language': init.locale ?? 'fr', ...(init.key ? { 'idempotency-key': init.key } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const slot = (start: string, extra: Record<string, unknown> = {}) => ({ resourceId: cowork.resourceId, date: D, start, minutes: 60, purpose: 'digital_help', ...extra });

describe('/api/v1/spaces at the desk (staff tokens)', () => {
  it('books for a household, recorded as assisted by the staff member; the key replays; a resident token, another landlord’s space and a missing household are refused', async () => {
    const board = await api(`/api/v1/spaces/${cowork.spaceId}/board?date=${D}`, { method: 'GET' });
    const { households } = (await board.json()) as { households: { id: string; reference: string; name: string }[] };
    expect(households.map((h) => h.id)).toEqual(expect.arrayContaining(cowork.households.slice(0, 3)));
    const household = cowork.households[2];
    const key = `counter-${Date.now()}`;
    const made = await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('10:00', { householdId: household }), key });
    expect(made.status).toBe(201);
    const first = (await made.json()) as { id: string };
    expect(first).toMatchObject({ status: 'confirmed', replayed: false, assisted: true });
    expect((await q('select household_id, assisted, booked_by, status from space_bookings where id = $1', [first.id]))[0]).toEqual({ household_id: household, assisted: true, booked_by: facilitator, status: 'confirmed' });
    const again = await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('10:00', { householdId: household }), key });
    expect([again.status, ((await again.json()) as { id: string }).id]).toEqual([200, first.id]);
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('10:00', { householdId: household }), token: residentToken })).status).toBe(403);
    expect((await api(`/api/v1/spaces/${elsewhere}/counter-bookings`, { body: slot('10:00', { householdId: household }) })).status).toBe(404);
    const missing = await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('11:00'), locale: 'en' });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { fields: Record<string, string> }).fields.householdId).toBeTruthy();
  });

  it('holds the desk to the household’s quota, with the reason in the caller’s language', async () => {
    await relaxRules(t.database, cowork.spaceId, { weekly_quota_bookings: 1 });
    const household = cowork.households[3];
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('09:00', { householdId: household }) })).status).toBe(201);
    const over = await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('14:00', { householdId: household }), locale: 'en' });
    expect(over.status).toBe(422);
    expect(await over.json()).toEqual({ error: 'invalid_body', fields: { date: 'Your household already has 1 booking this week; the limit is 1 booking a week.' } });
    await relaxRules(t.database, cowork.spaceId);
  });

  it('moves any booking of the space for its household: confirmed, assisted, audited as staff; a refused slot keeps the booking; another space’s booking is 404', async () => {
    const household = cowork.households[4];
    const made = (await (await api(`/api/v1/spaces/${cowork.spaceId}/counter-bookings`, { body: slot('15:00', { householdId: household }) })).json()) as { id: string };
    const sunday = addDays(D, 7 - (new Date(`${D}T12:00:00Z`).getUTCDay() || 7));
    const refused = await api(`/api/v1/spaces/${cowork.spaceId}/bookings/${made.id}/move`, { body: { date: sunday, start: '10:00' } });
    expect(refused.status).toBe(422);
    expect((await q('select status from space_bookings where id = $1', [made.id]))[0].status).toBe('confirmed');
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/bookings/${made.id}/move`, { body: { date: D, start: '16:00' }, token: residentToken })).status).toBe(403);
    expect((await api(`/api/v1/spaces/${elsewhere}/bookings/${made.id}/move`, { body: { date: D, start: '16:00' } })).status).toBe(404);
    const moved = await api(`/api/v1/spaces/${cowork.spaceId}/bookings/${made.id}/move`, { body: { date: D, start: '16:00', minutes: 120 } });
    expect(moved.status).toBe(200);
    const to = (await moved.json()) as { id: string; status: string };
    expect(to.status).toBe('confirmed');
    expect((await q('select status from space_bookings where id = $1', [made.id]))[0].status).toBe('cancelled');
    const [row] = await q("select household_id, assisted, booked_by, to_char(lower(during) at time zone 'Europe/Paris', 'HH24:MI') as start, extract(epoch from upper(during) - lower(during))::int / 60 as minutes from space_bookings where id = $1", [to.id]);
    expect(row).toEqual({ household_id: household, assisted: true, booked_by: facilitator, start: '16:00', minutes: 120 });
    const [a] = await q("select details from audit_events where action = 'spaces.booking.move' and target_id = $1", [to.id]);
    expect(a.details).toMatchObject({ from: made.id, by: 'staff' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/spaces/{id}/counter-bookings', '/api/v1/spaces/{id}/bookings/{bookingId}/move']));
  });
});
