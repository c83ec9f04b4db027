import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let gardens: DemoSpace;
const tokens: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const D = workingDayAhead(44);

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [m] = await q('select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [email]);
  const secret = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Outil', hashSecret(secret), scopes, m.user_id]);
  return secret;
}

const api = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(path, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'fr' }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  gardens = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  await relaxRules(t.database, cowork.spaceId);
  tokens.resident = await tokenFor('resident-sotteville@demo.palier.fr', ['spaces.resident']);
  tokens.facilitator = await tokenFor('facilitator-sotteville@demo.palier.fr', ['spaces.support', 'spaces.board']);
  tokens.manager = await tokenFor(demo('programme_manager'), ['spaces.configure', 'spaces.report']);
  tokens.managerReadOnly = await tokenFor(demo('programme_manager'), ['spaces.report']);
});

describe('/api/v1/spaces: series, waiting lists', () => {
  it('cancels a whole series with a token (409 for a booking outside a series, 404 for another household’s)', async () => {
    const made = await api(tokens.resident, `/api/v1/spaces/${cowork.spaceId}/series`, { method: 'POST', body: { resourceId: cowork.resourceId, date: D, start: '09:00', minutes: 60, weeks: 3, purpose: 'training', onConflict: 'skip' } });
    expect(made.status).toBe(201);
    const first = ((await made.json()) as { bookings: { id: string }[] }).bookings[0].id;
    const r = await api(tokens.resident, `/api/v1/spaces/bookings/${first}/cancel-series`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ cancelled: 3, kept: 0 });
    expect((await api(tokens.resident, `/api/v1/spaces/bookings/${first}/cancel-series`, { method: 'POST' })).status).toBe(409);
    const single = await api(tokens.resident, `/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: { resourceId: cowork.resourceId, date: D, start: '11:00', minutes: 60, purpose: 'training' } });
    const singleId = ((await single.json()) as { id: string }).id;
    const notSeries = await api(tokens.resident, `/api/v1/spaces/bookings/${singleId}/cancel-series`, { method: 'POST' });
    expect(notSeries.status).toBe(409);
    const [{ id: other }] = await q("select id from space_bookings where space_id = $1 and series_id is null and household_id <> (select household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr') limit 1", [cowork.spaceId]);
    expect((await api(tokens.resident, `/api/v1/spaces/bookings/${other}/cancel-series`, { method: 'POST' })).status).toBe(404);
    expect((await api(tokens.facilitator, `/api/v1/spaces/bookings/${first}/cancel-series`, { method: 'POST' })).status).toBe(403);
  });

  it('lists the household’s waiting lists', async () => {
    const r = await api(tokens.resident, '/api/v1/spaces/waitlist');
    expect(r.status).toBe(200);
    expect(Array.isArray(((await r.json()) as { data: unknown[] }).data)).toBe(true);
  });
});

describe('/api/v1/spaces: configuration, closures, occupancy, support log', () => {
  it('reads a space’s configuration with each resource’s effective rules, and closes days (422 in French for bad dates)', async () => {
    const serre = (await q("select id from space_resources where space_id = $1 and name = 'Serre'", [gardens.spaceId]))[0].id;
    await q('update space_resources set max_minutes = 120 where id = $1', [serre]);
    const r = await api(tokens.manager, `/api/v1/spaces/${gardens.spaceId}/configuration`);
    expect(r.status).toBe(200);
    const cfg = (await r.json()) as { rules: { maxMinutes: number }; resources: { id: string; rules: { maxMinutes: number } }[]; hours: unknown[] };
    expect(cfg.rules.maxMinutes).toBe(240);
    expect(cfg.resources.find((x) => x.id === serre)?.rules.maxMinutes).toBe(120);
    expect(cfg.hours.length).toBe(7);
    expect((await api(tokens.managerReadOnly, `/api/v1/spaces/${gardens.spaceId}/configuration`)).status).toBe(403);
    expect((await api(tokens.manager, `/api/v1/spaces/${cowork.spaceId}/configuration`)).status).toBe(404);
    const from = addDays(parisParts(new Date()).date, 60);
    const bad = await api(tokens.manager, `/api/v1/spaces/${gardens.spaceId}/closures`, { method: 'POST', body: { fromDate: from, toDate: addDays(from, -2), reason: 'Inventaire' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('Le dernier jour ne peut pas précéder le premier.');
    const ok = await api(tokens.manager, `/api/v1/spaces/${gardens.spaceId}/closures`, { method: 'POST', body: { fromDate: from, toDate: from, reason: 'Inventaire' } });
    expect(ok.status).toBe(201);
    const after = (await (await api(tokens.manager, `/api/v1/spaces/${gardens.spaceId}/configuration`)).json()) as { closures: { reason: string }[] };
    expect(after.closures.map((c) => c.reason)).toContain('Inventaire');
  });

  it('answers the occupancy report (counts only) to a report token', async () => {
    const r = await api(tokens.managerReadOnly, '/api/v1/spaces/occupancy?period=month');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { period: { kind: string }; data: { spaceId: string; openHours: number }[] };
    expect(body.period.kind).toBe('month');
    expect(body.data.find((d) => d.spaceId === gardens.spaceId)?.openHours).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/household(Id|Name)/);
    expect((await api(tokens.resident, '/api/v1/spaces/occupancy')).status).toBe(403);
  });

  it('records and lists support sessions (no free text; an unknown topic is 422; reading is audited)', async () => {
    const today = parisParts(new Date()).date;
    const bad = await api(tokens.facilitator, `/api/v1/spaces/${cowork.spaceId}/support`, { method: 'POST', body: { heldOn: today, minutes: 30, topic: 'health' } });
    expect(bad.status).toBe(422);
    const made = await api(tokens.facilitator, `/api/v1/spaces/${cowork.spaceId}/support`, { method: 'POST', body: { householdId: cowork.households[0], heldOn: today, minutes: 45, topic: 'cv', outcome: null, notes: 'ignored' } });
    expect(made.status).toBe(201);
    const id = ((await made.json()) as { id: string }).id;
    const list = await api(tokens.facilitator, `/api/v1/spaces/${cowork.spaceId}/support`);
    expect(list.status).toBe(200);
    const entry = ((await list.json()) as { data: { id: string; topic: string; minutes: number }[] }).data.find((e) => e.id === id);
    expect(entry).toMatchObject({ topic: 'cv', minutes: 45 });
    expect((await q("select count(*)::int as n from audit_events where action = 'spaces.support.list' and target_id = $1", [cowork.spaceId]))[0].n).toBeGreaterThan(0);
    expect((await api(tokens.resident, `/api/v1/spaces/${cowork.spaceId}/support`)).status).toBe(403);
  });
});
