import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let gardens: DemoSpace;
let sotteville: DemoSpace;
const tokens: Record<string, string> = {};
const D = workingDayAhead(20);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [m] = await q('select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [email]);
  const secret = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Outil', hashSecret(secret), scopes, m.user_id]);
  return secret;
}

beforeAll(async () => {
  t = await testApp();
  gardens = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  sotteville = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, gardens.spaceId);
  tokens.manager = await tokenFor(demo('programme_manager'), ['spaces.configure']);
  tokens.reportOnly = await tokenFor(demo('programme_manager'), ['spaces.report']);
  tokens.concierge = await tokenFor(demo('concierge'), ['spaces.board']);
});

const api = (path: string, body: unknown, init: { token?: string; locale?: string } = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${init.token ?? tokens.manager}`, 'content-type': 'application/json', 'accept-language': init.locale ?? 'fr' }, body: JSON.stringify(body) });
const fields = async (res: Response) => ((await res.json()) as { fields: Record<string, string> }).fields;

describe('/api/v1/spaces configuration writes (programme manager tokens)', () => {
  it('changes a space’s rules and hours with the settings page’s checks; fields left out keep their value; audited', async () => {
    const before = (await q('select name, slot_minutes, horizon_days from spaces where id = $1', [gardens.spaceId]))[0];
    const bad = await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { maxMinutes: 90, weeklyQuotaBookings: 0 }, { locale: 'en' });
    expect(bad.status).toBe(422);
    expect(await fields(bad)).toMatchObject({ weeklyQuotaBookings: 'Give a whole number of bookings (at least 1), or leave empty.' });
    const order = await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { hours: [{ weekday: 2, opens: '14:00', closes: '12:00' }] });
    expect(order.status).toBe(422);
    expect(Object.keys(await fields(order))).toEqual(['hours']);
    expect((await q('select horizon_days from spaces where id = $1', [gardens.spaceId]))[0].horizon_days).toBe(before.horizon_days);
    const ok = await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { horizonDays: 45, monthlyQuotaBookings: 6, checkinGraceMinutes: 20, hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ misfits: expect.any(Number), cancelled: 0 });
    const after = (await q('select name, slot_minutes, horizon_days, monthly_quota_bookings, checkin_grace_minutes from spaces where id = $1', [gardens.spaceId]))[0];
    expect(after).toEqual({ name: before.name, slot_minutes: before.slot_minutes, horizon_days: 45, monthly_quota_bookings: 6, checkin_grace_minutes: 20 });
    expect((await q('select count(*)::int n from space_hours where space_id = $1 and resource_id is null', [gardens.spaceId]))[0].n).toBe(6);
    const [a] = await q("select details from audit_events where action = 'spaces.space.update' and target_id = $1 order by id desc limit 1", [gardens.spaceId]);
    expect(a.details.changed).toEqual(expect.arrayContaining(['horizon_days', 'monthly_quota_bookings', 'checkin_grace_minutes']));
    // Null clears an optional quota.
    expect((await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { monthlyQuotaBookings: null })).status).toBe(200);
    expect((await q('select monthly_quota_bookings from spaces where id = $1', [gardens.spaceId]))[0].monthly_quota_bookings).toBeNull();
  });

  it('adds, changes and retires a resource as the resource form does; bookings ahead stop the retirement unless cancelled', async () => {
    const seatsAsRoom = await api(`/api/v1/spaces/${gardens.spaceId}/resources`, { kind: 'room', name: 'Abri', units: 3 });
    expect(seatsAsRoom.status).toBe(422);
    expect(await fields(seatsAsRoom)).toEqual({ units: 'Une salle entière ou un objet compte pour 1.' });
    const made = await api(`/api/v1/spaces/${gardens.spaceId}/resources`, { kind: 'item', name: 'Carré potager 9', weeklyQuotaBookings: 1, ownHours: [{ weekday: 3, opens: '09:00', closes: '12:00' }] });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    expect((await q('select kind, units, weekly_quota_bookings, own_hours from space_resources where id = $1', [id]))[0]).toEqual({ kind: 'item', units: 1, weekly_quota_bookings: 1, own_hours: true });
    const lengths = await api(`/api/v1/spaces/${gardens.spaceId}/resources/${id}`, { slotMinutes: 45 });
    expect(lengths.status).toBe(422);
    const changed = await api(`/api/v1/spaces/${gardens.spaceId}/resources/${id}`, { weeklyQuotaBookings: null, approvalRequired: true, ownHours: null });
    expect(changed.status).toBe(200);
    expect((await q('select name, weekly_quota_bookings, approval_required, own_hours from space_resources where id = $1', [id]))[0]).toEqual({ name: 'Carré potager 9', weekly_quota_bookings: null, approval_required: true, own_hours: false });
    const concierge = t.client();
    await concierge.signIn(demo('concierge'));
    const booked = await concierge.post(`/staff/spaces/${gardens.spaceId}/bookings`, { resourceId: id, date: D, start: '10:00', minutes: '120', purpose: 'leisure', householdId: gardens.households[0], idempotencyKey: `api-retire-${Date.now()}` });
    expect(booked.status).toBe(303);
    const refused = await api(`/api/v1/spaces/${gardens.spaceId}/resources/${id}/retire`, {});
    expect(refused.status).toBe(409);
    expect((await q('select active from space_resources where id = $1', [id]))[0].active).toBe(true);
    const retired = await api(`/api/v1/spaces/${gardens.spaceId}/resources/${id}/retire`, { cancelBookings: true });
    expect(await retired.json()).toEqual({ status: 'retired', cancelled: 1 });
    expect((await q('select active from space_resources where id = $1', [id]))[0].active).toBe(false);
    const back = await api(`/api/v1/spaces/${gardens.spaceId}/resources/${id}`, { active: true });
    expect(back.status).toBe(200);
    expect((await q('select active from space_resources where id = $1', [id]))[0].active).toBe(true);
  });

  it('closes days and lifts the closure', async () => {
    const closed = await api(`/api/v1/spaces/${gardens.spaceId}/closures`, { fromDate: D, toDate: D, reason: 'Travaux' });
    expect(closed.status).toBe(201);
    const { id } = (await closed.json()) as { id: string };
    const lifted = await api(`/api/v1/spaces/${gardens.spaceId}/closures/${id}/remove`, {});
    expect(await lifted.json()).toEqual({ status: 'removed' });
    expect((await q('select count(*)::int n from space_closures where id = $1', [id]))[0].n).toBe(0);
    expect((await api(`/api/v1/spaces/${gardens.spaceId}/closures/${id}/remove`, {})).status).toBe(404);
  });

  it('needs the spaces.configure scope (403) and never reaches another landlord’s space (404)', async () => {
    expect((await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { horizonDays: 10 }, { token: tokens.reportOnly })).status).toBe(403);
    expect((await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { horizonDays: 10 }, { token: tokens.concierge })).status).toBe(403);
    expect((await api(`/api/v1/spaces/${gardens.spaceId}/resources`, { kind: 'item', name: 'X' }, { token: tokens.concierge })).status).toBe(403);
    expect((await api(`/api/v1/spaces/${sotteville.spaceId}/rules`, { horizonDays: 10 })).status).toBe(404);
    expect((await api(`/api/v1/spaces/${sotteville.spaceId}/resources/${sotteville.resourceId}/retire`, { cancelBookings: true })).status).toBe(404);
    expect((await q('select horizon_days <> 10 as kept from spaces where id = $1', [sotteville.spaceId]))[0].kept).toBe(true);
    expect((await q('select active from space_resources where id = $1', [sotteville.resourceId]))[0].active).toBe(true);
  });

  it('switches a space off only with its bookings ahead cancelled (409 first, nothing saved)', async () => {
    const concierge = t.client();
    await concierge.signIn(demo('concierge'));
    const booked = await concierge.post(`/staff/spaces/${gardens.spaceId}/bookings`, { resourceId: gardens.resourceId, date: D, start: '16:00', minutes: '120', purpose: 'leisure', householdId: gardens.households[1], idempotencyKey: `api-close-${Date.now()}` });
    expect(booked.status).toBe(303);
    const refused = await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { active: false, horizonDays: 12 }, { locale: 'en' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/bookings? ahead in this space: nothing was saved/);
    expect((await q('select active, horizon_days <> 12 as kept from spaces where id = $1', [gardens.spaceId]))[0]).toEqual({ active: true, kept: true });
    const closed = await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { active: false, cancelBookings: true });
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { cancelled: number }).cancelled).toBeGreaterThanOrEqual(1);
    expect((await q('select active from spaces where id = $1', [gardens.spaceId]))[0].active).toBe(false);
    expect((await api(`/api/v1/spaces/${gardens.spaceId}/rules`, { active: true })).status).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/spaces/{id}/rules', '/api/v1/spaces/{id}/resources', '/api/v1/spaces/{id}/resources/{resourceId}', '/api/v1/spaces/{id}/resources/{resourceId}/retire', '/api/v1/spaces/{id}/closures/{closureId}/remove']));
  });
});
