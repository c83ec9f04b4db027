import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';
import { withTenant } from '../../platform/db/tenant.js';
import { providerBalances } from './queries/balances.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let noDesk: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

const tokenFor = (email: string, scopes: string[]) => apiTokenFor(t, email, scopes, 'Caisse');
const post = (path: string, secret: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const remaining = async () => {
  const [desk] = await q('select id, organisation_id from concierge_desks order by created_at limit 1');
  const [b] = await withTenant(t.database.db, { orgId: desk.organisation_id }, (tx) => providerBalances(tx, desk.id, ids.provider));
  return b.remaining_cents;
};
const payouts = async () => Number((await q("select count(*)::int as n from concierge_payments where provider_id = $1 and kind = 'payment'", [ids.provider]))[0].n);

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [req] = await q("select id, provider_id from concierge_requests where status = 'dispatched' and unit_cost_cents is not null limit 1");
  await q("update concierge_requests set status = 'done', completed_at = now() where id = $1", [req.id]);
  ids.provider = req.provider_id;
  const [org] = await q("select id from organisations where slug = 'logirep'");
  const [desk] = await q("insert into concierge_desks (organisation_id, name, place) values ($1, 'Autre conciergerie', 'Ailleurs') returning id", [org.id]);
  const [foreign] = await q("insert into concierge_providers (organisation_id, desk_id, name, contact) values ($1, $2, 'Prestataire d’ailleurs', 'contact@ailleurs.fr') returning id", [org.id, desk.id]);
  ids.foreign = foreign.id;
});

describe('POST /api/v1/concierge/desk/providers/:id/payouts: the balances page’s payout', () => {
  it('403 for a resident, 404 without a desk or for another organisation’s provider, 400 without a key, 422 at the field in FR/EN; nothing recorded', async () => {
    const owed = await remaining();
    expect(owed).toBeGreaterThan(0);
    const path = `/api/v1/concierge/desk/providers/${ids.provider}/payouts`;
    const body = { method: 'transfer', amountCents: 100, paidOn: todayInParis(), reference: 'VIR-1' };
    const key = { 'Idempotency-Key': 'payout-0001' };
    expect((await post(path, resident, body, key)).status).toBe(403);
    expect((await post(path, noDesk, body, key)).status).toBe(404);
    expect((await post(`/api/v1/concierge/desk/providers/${ids.foreign}/payouts`, staff, body, key)).status).toBe(404);
    expect((await post(`/api/v1/concierge/desk/providers/${randomUUID()}/payouts`, staff, body, key)).status).toBe(404);
    expect((await post(path, staff, body)).status).toBe(400);
    const over = await post(path, staff, { ...body, amountCents: owed + 1 }, key);
    expect(over.status).toBe(422);
    expect(Object.keys((await over.json()).fields)).toEqual(['amountCents']);
    const bad = await post(path, staff, { method: 'gold', amountCents: -5, paidOn: '2099-01-01' }, { ...key, 'accept-language': 'en' });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields).sort()).toEqual(['amountCents', 'method']);
    expect(await payouts()).toBe(0);
    expect((await q('select count(*)::int as n from concierge_payments where provider_id = $1', [ids.foreign]))[0].n).toBe(0);
  });

  it('records a payout (201), audited; concurrent sends of one key record it once (one 201, 200s); the key with another payout is 422', async () => {
    const owed = await remaining();
    const path = `/api/v1/concierge/desk/providers/${ids.provider}/payouts`;
    const body = { method: 'transfer', amountCents: owed, paidOn: todayInParis(), reference: 'VIR-2' };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(path, staff, body, { 'Idempotency-Key': 'payout-0002' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(await payouts()).toBe(1);
    for (const b of bodies) expect(b).toEqual({ id: bodies[0].id, providerId: ids.provider, amountCents: owed, remainingCents: 0 });
    const [ev] = await q("select details from audit_events where action = 'concierge.payout.recorded' and target_id = $1", [ids.provider]);
    expect(ev.details).toMatchObject({ paymentId: bodies[0].id, amountCents: owed, method: 'transfer' });
    const reused = await post(path, staff, { ...body, reference: 'VIR-3' }, { 'Idempotency-Key': 'payout-0002' });
    expect(reused.status).toBe(422);
    expect((await reused.json()).fields).toEqual({ 'Idempotency-Key': 'Cette clé d’idempotence a déjà servi pour une autre opération : envoyez une nouvelle clé.' });
    // Nothing more is owed: a new payout is refused at the amount.
    const more = await post(path, staff, { ...body, amountCents: 1 }, { 'Idempotency-Key': 'payout-0003' });
    expect(more.status).toBe(422);
    expect(await payouts()).toBe(1);
  });
});
