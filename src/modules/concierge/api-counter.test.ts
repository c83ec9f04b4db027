import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let noDesk: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const count = async (table: string, where = 'true', values: unknown[] = []) => (await q(`select count(*)::int as n from ${table} where ${where}`, values))[0].n as number;

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Guichet', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
const call = (path: string, secret: string | null, body: unknown = {}, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** A waiting parcel of the demo subscriber that arrived `days` ago. */
async function parcelAged(days: number): Promise<string> {
  const [s] = await q('select organisation_id, landlord_id, household_id, created_by from concierge_subscriptions where id = $1', [ids.sub]);
  const [p] = await q(
    `insert into concierge_parcels (organisation_id, landlord_id, subscription_id, household_id, kind, carrier, size, shelf, pickup_code, received_by, received_at)
     values ($1, $2, $3, $4, 'parcel', 'Colissimo', 'small', 'API', '654321', $5, now() - make_interval(days => $6)) returning id`,
    [s.organisation_id, s.landlord_id, ids.sub, s.household_id, s.created_by, days],
  );
  return p.id;
}

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']); // a landlord's staff: no desk of their own
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [sub] = await q("select id from concierge_subscriptions where status = 'active' order by dwelling_reference limit 1");
  ids.sub = sub.id;
  const [service] = await q("select id from concierge_catalogue where active and audience = 'subscribers' order by code limit 1");
  ids.service = service.id;
  const [household] = await q('select id from households order by id limit 1');
  ids.household = household.id;
});

describe('/api/v1/concierge counter work with a token: the pages’ commands', () => {
  it('parcel check-in: 401/403, field errors in French and English, 404 outside the desk, then 201 with the pickup code, told and audited', async () => {
    const path = `/api/v1/concierge/desk/subscriptions/${ids.sub}/parcels`;
    const body = { kind: 'parcel', carrier: 'Colissimo', size: 'medium', shelf: 'B3' };
    expect((await call(path, null, body)).status).toBe(403);
    expect((await call(path, 'plr_0000unknown0000', body)).status).toBe(401);
    expect((await call(path, resident, body)).status).toBe(403);
    const before = await count('concierge_parcels');
    const bad = await call(path, staff, { kind: 'crate', size: 'small', shelf: '' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: 'invalid_body', fields: { kind: 'Choisissez un type.', shelf: 'Indiquez où le colis est rangé.' } });
    const en = await call(path, staff, { kind: 'parcel', size: 'small' }, { 'accept-language': 'en' });
    expect((await en.json()).fields.shelf).toMatch(/shelf|where/i);
    expect((await call(path, noDesk, body)).status).toBe(404);
    expect((await call(`/api/v1/concierge/desk/subscriptions/${ids.household}/parcels`, staff, body)).status).toBe(404);
    expect(await count('concierge_parcels')).toBe(before);

    const ok = await call(path, staff, body);
    expect(ok.status).toBe(201);
    const { id, pickupCode } = await ok.json();
    expect(pickupCode).toMatch(/^\d{6}$/);
    const [row] = await q('select status, shelf, pickup_code, notified_at from concierge_parcels where id = $1', [id]);
    expect(row).toMatchObject({ status: 'received', shelf: 'B3', pickup_code: pickupCode });
    expect(row.notified_at).toBeInstanceOf(Date);
    expect(await count('audit_events', "action = 'concierge.parcel.received' and target_id = $1", [id])).toBe(1);
    ids.parcel = id;
    ids.code = pickupCode;
  });

  it('hand-over: the wrong code is a field error, the right one hands it over once (409 after), audited; 404 for another desk', async () => {
    const path = `/api/v1/concierge/desk/parcels/${ids.parcel}/hand-over`;
    const wrong = ids.code === '000000' ? '111111' : '000000';
    expect((await call(path, resident, { method: 'code', code: ids.code })).status).toBe(403);
    expect((await call(path, noDesk, { method: 'code', code: ids.code })).status).toBe(404);
    const bad = await call(path, staff, { method: 'code', code: wrong });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ code: 'Ce n’est pas le bon code.' });
    const noName = await call(path, staff, { method: 'identity', handedTo: 'x' });
    expect((await noName.json()).fields).toEqual({ handedTo: 'Indiquez le nom de la personne.' });
    const noMethod = await call(path, staff, { method: 'pigeon' });
    expect(noMethod.status).toBe(422);
    expect(Object.keys((await noMethod.json()).fields)).toEqual(['method']);
    expect((await q('select status from concierge_parcels where id = $1', [ids.parcel]))[0].status).toBe('received');

    const ok = await call(path, staff, { method: 'code', code: ids.code });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'handed_over', method: 'code' });
    expect((await q('select status, handover_method from concierge_parcels where id = $1', [ids.parcel]))[0]).toEqual({ status: 'handed_over', handover_method: 'code' });
    const twice = await call(path, staff, { method: 'code', code: ids.code });
    expect(twice.status).toBe(409);
    expect((await twice.json()).fields.status).toBe('Ce colis a déjà été remis.');
    expect(await count('audit_events', "action = 'concierge.parcel.handed_over' and target_id = $1", [ids.parcel])).toBe(1);
    expect((await call(`/api/v1/concierge/desk/parcels/${crypto.randomUUID()}/hand-over`, staff, { method: 'code', code: '123456' })).status).toBe(404);
  });

  it('return to sender: only after the desk’s limit, once; a handed-over parcel cannot go back', async () => {
    const old = await parcelAged(20);
    const recent = await parcelAged(2);
    expect((await call(`/api/v1/concierge/desk/parcels/${old}/return`, noDesk)).status).toBe(404);
    const ok = await call(`/api/v1/concierge/desk/parcels/${old}/return`, staff);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'returned' });
    expect((await q('select status from concierge_parcels where id = $1', [old]))[0].status).toBe('returned');
    expect((await call(`/api/v1/concierge/desk/parcels/${old}/return`, staff)).status).toBe(409);
    expect((await call(`/api/v1/concierge/desk/parcels/${recent}/return`, staff)).status).toBe(409);
    expect((await call(`/api/v1/concierge/desk/parcels/${ids.parcel}/return`, staff)).status).toBe(409);
    expect((await q('select status from concierge_parcels where id = $1', [recent]))[0].status).toBe('received');
    expect(await count('audit_events', "action = 'concierge.parcel.returned' and target_id = $1", [old])).toBe(1);
  });

  it('a walk-in’s request at the counter: Idempotency-Key required, field errors, recorded as the concierge’s, once per key', async () => {
    const path = `/api/v1/concierge/desk/subscriptions/${ids.sub}/requests`;
    const body = { serviceId: ids.service, quantity: 1, wantedOn: inDays(3), notes: 'Au guichet' };
    expect((await call(path, staff, body)).status).toBe(400);
    expect((await call(path, resident, body, { 'Idempotency-Key': 'api-walkin-01' })).status).toBe(403);
    expect((await call(path, noDesk, body, { 'Idempotency-Key': 'api-walkin-01' })).status).toBe(404);
    const bad = await call(path, staff, { ...body, quantity: 0 }, { 'Idempotency-Key': 'api-walkin-01' });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields)).toEqual(['quantity']);
    const unknown = await call(path, staff, { ...body, serviceId: crypto.randomUUID() }, { 'Idempotency-Key': 'api-walkin-01' });
    expect(unknown.status).toBe(422);
    expect(Object.keys((await unknown.json()).fields)).toEqual(['catalogueId']);
    const before = await count('concierge_requests', 'subscription_id = $1', [ids.sub]);

    const ok = await call(path, staff, body, { 'Idempotency-Key': 'api-walkin-02' });
    expect(ok.status).toBe(201);
    const first = await ok.json();
    expect(first).toMatchObject({ status: 'submitted', via: 'counter' });
    const again = await call(path, staff, body, { 'Idempotency-Key': 'api-walkin-02' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(first.id);
    const reused = await call(path, staff, { ...body, quantity: 5 }, { 'Idempotency-Key': 'api-walkin-02' });
    expect(reused.status).toBe(422);
    expect((await reused.json()).fields).toEqual({ 'Idempotency-Key': 'Cette clé d’idempotence a déjà servi pour une autre opération : envoyez une nouvelle clé.' });
    // Ten sends of one new key at once: one request, one 201, the others the same request (200).
    const storm = await Promise.all(Array.from({ length: 10 }, () => call(path, staff, body, { 'Idempotency-Key': 'api-walkin-03' })));
    expect(storm.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(await Promise.all(storm.map(async (r) => (await r.json()).id))).size).toBe(1);
    expect(await count('concierge_requests', 'subscription_id = $1', [ids.sub])).toBe(before + 2);
    const [row] = await q('select created_via, quantity from concierge_requests where id = $1', [first.id]);
    expect(row).toEqual({ created_via: 'counter', quantity: 1 });
    expect((await q('select by_side from concierge_request_events where request_id = $1', [first.id])).map((e) => e.by_side)).toEqual(['concierge']);
    expect(await count('audit_events', "action = 'concierge.request.submitted' and target_id = $1", [first.id])).toBe(1);
  });

  it('a walk-in logged by topic, with the subscriber or without; another’s subscription 404', async () => {
    const bad = await call('/api/v1/concierge/desk/visits', staff, { topic: 'gossip' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ topic: 'Choisissez un sujet.' });
    expect((await call('/api/v1/concierge/desk/visits', staff, { topic: 'parcel', subscriptionId: ids.household })).status).toBe(404);
    const before = await count('concierge_visits');
    expect((await call('/api/v1/concierge/desk/visits', staff, { topic: 'parcel', subscriptionId: ids.sub })).status).toBe(201);
    expect((await call('/api/v1/concierge/desk/visits', staff, { topic: 'information' })).status).toBe(201);
    expect(await count('concierge_visits')).toBe(before + 2);
    expect(await count('concierge_visits', "subscription_id = $1 and topic = 'parcel'", [ids.sub])).toBe(1);
  });
});
