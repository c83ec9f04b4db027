import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { issueMonth } from './test-support/run-month.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: string;
let pressing: string;
let regie: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A token created by `email` in its organisation, with `scopes`. */
async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Appli', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
const call = (method: string, path: string, secret: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  await staff.signIn(demo('partner_staff'));
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  pressing = await tokenFor('prestataire@demo.palier.fr', ['concierge.provider']);
  regie = await tokenFor('prestataire-regie@demo.palier.fr', ['concierge.provider']);
});

describe('/api/v1/concierge writes with a token', () => {
  it('a resident orders (idempotent), cancels; bad input gets field errors; non-subscribers are refused', async () => {
    const [ironing] = await q("select id from concierge_catalogue where code = 'repassage'");
    const order = { serviceId: ironing.id, quantity: 2, wantedOn: inDays(3), notes: 'Chemises' };
    const refused = await call('POST', '/api/v1/concierge/requests', resident, order, { 'Idempotency-Key': 'api-order-0001' });
    expect(refused.status).toBe(403); // not yet a subscriber
    const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
    const web = t.client();
    await web.signIn(demo('resident'));
    expect((await web.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: 'api-test-subscribe' })).status).toBe(303);
    expect((await call('POST', '/api/v1/concierge/requests', resident, order)).status).toBe(400);
    const first = await call('POST', '/api/v1/concierge/requests', resident, order, { 'Idempotency-Key': 'api-order-0002' });
    expect(first.status).toBe(201);
    const { id } = await first.json();
    const again = await call('POST', '/api/v1/concierge/requests', resident, order, { 'Idempotency-Key': 'api-order-0002' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(id);
    expect((await q('select count(*)::int as n from concierge_requests where idempotency_key = $1', ['api-order-0002']))[0].n).toBe(1);
    const negative = await call('POST', '/api/v1/concierge/requests', resident, { ...order, quantity: -1 }, { 'Idempotency-Key': 'api-order-0003' });
    expect(negative.status).toBe(422);
    expect((await negative.json()).fields.quantity).toBe('Indiquez une quantité entière entre 1 et 99.');
    const unknown = await call('POST', '/api/v1/concierge/requests', resident, { ...order, serviceId: crypto.randomUUID() }, { 'Idempotency-Key': 'api-order-0004' });
    expect([404, 422]).toContain(unknown.status);
    expect((await q('select count(*)::int as n from concierge_requests where idempotency_key in ($1, $2)', ['api-order-0003', 'api-order-0004']))[0].n).toBe(0);
    const noReason = await call('POST', `/api/v1/concierge/requests/${id}/cancel`, resident, {});
    expect(noReason.status).toBe(422);
    const cancelled = await call('POST', `/api/v1/concierge/requests/${id}/cancel`, resident, { reason: 'Plus besoin' });
    expect(await cancelled.json()).toEqual({ status: 'cancelled' });
    expect((await call('POST', `/api/v1/concierge/requests/${id}/cancel`, resident, { reason: 'encore' })).status).toBe(409);
  });

  it('a provider accepts, completes and declines only its own requests; never another’s', async () => {
    const [ironing] = await q("select id from concierge_catalogue where code = 'repassage'");
    const placed = await call('POST', '/api/v1/concierge/requests', resident, { serviceId: ironing.id, quantity: 1, wantedOn: inDays(2) }, { 'Idempotency-Key': 'api-order-0010' });
    const { id } = await placed.json();
    const [provider] = await q("select id from concierge_providers where name = 'Pressing Solidaire Rémois'");
    expect((await staff.post(`/concierge/desk/requests/${id}/dispatch`, { providerId: provider.id })).status).toBe(303);
    expect((await call('POST', `/api/v1/concierge/provider/requests/${id}/accept`, regie, {})).status).toBe(404);
    expect((await call('POST', `/api/v1/concierge/provider/requests/${id}/complete`, pressing, {})).status).toBe(409);
    expect(await (await call('POST', `/api/v1/concierge/provider/requests/${id}/accept`, pressing, {})).json()).toEqual({ status: 'accepted' });
    expect(await (await call('POST', `/api/v1/concierge/provider/requests/${id}/complete`, pressing, {})).json()).toEqual({ status: 'done' });
    const [other] = await q("select r.id from concierge_requests r join concierge_providers p on p.id = r.provider_id where p.name = 'Pressing Solidaire Rémois' and r.status = 'dispatched' limit 1");
    if (other) {
      expect((await call('POST', `/api/v1/concierge/provider/requests/${other.id}/decline`, pressing, {})).status).toBe(422);
      expect(await (await call('POST', `/api/v1/concierge/provider/requests/${other.id}/decline`, pressing, { reason: 'Machine en panne' })).json()).toEqual({ status: 'declined' });
    }
    // A resident's token cannot act as a provider, and a provider's cannot order.
    expect((await call('POST', `/api/v1/concierge/provider/requests/${id}/accept`, resident, {})).status).toBe(403);
    expect((await call('POST', '/api/v1/concierge/requests', pressing, { serviceId: ironing.id, quantity: 1, wantedOn: inDays(2) }, { 'Idempotency-Key': 'api-order-0011' })).status).toBe(403);
  });

  it('the caller’s statements and balance, in exact cents; listed in the OpenAPI document', async () => {
    // The current month, issued through the command (the page and the API wait for its end).
    await issueMonth(t.database, demo('partner_staff'), todayInParis().slice(0, 7));
    const res = await call('GET', '/api/v1/concierge/statements', resident);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.length).toBeGreaterThan(0);
    const issued = body.data.filter((s: { kind: string }) => s.kind === 'statement').reduce((n: number, s: { grossCents: number }) => n + s.grossCents, 0);
    expect(body.balance).toEqual({ issuedCents: issued, creditedCents: 0, paidCents: 0, balanceCents: issued });
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    for (const p of ['/api/v1/concierge/requests', '/api/v1/concierge/requests/{id}/cancel', '/api/v1/concierge/provider/requests/{id}/accept', '/api/v1/concierge/statements']) expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/v1/concierge/requests'].post).toBeDefined();
  });
});
