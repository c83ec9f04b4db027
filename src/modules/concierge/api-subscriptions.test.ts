import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { monthEnd, nextMonthStart } from './domain/subscription-periods.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let resident: string;
let staff: string;
let noDesk: string;
const ids: Record<string, string> = {};
const today = todayInParis();
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
const call = (method: string, path: string, secret: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method,
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const events = async (sub: string) => (await q('select event, by_side from concierge_subscription_events where subscription_id = $1 order by id', [sub])).map((e) => `${e.event}/${e.by_side}`);

beforeAll(async () => {
  t = await testApp();
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']); // a landlord's staff: no desk of their own
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  ids.plan = plan.id;
  const [standard] = await q("select id from concierge_plans where code = 'standard'");
  ids.standard = standard.id;
  const [other] = await q("select id from concierge_subscriptions where dwelling_reference <> 'PN-REMAVERT-ARC-001' and status = 'active' order by dwelling_reference limit 1");
  ids.other = other.id;
});

describe('/api/v1/concierge subscriptions with a token: the resident’s own', () => {
  it('401 without a token, 403 without the scope; field errors in French; subscribes once per key', async () => {
    // A POST without any token is refused before authentication (403, no session nor CSRF token); an unknown token is 401.
    expect((await call('POST', '/api/v1/concierge/subscriptions', null, { planId: ids.plan }, { 'Idempotency-Key': 'api-sub-0001' })).status).toBe(403);
    expect((await call('POST', '/api/v1/concierge/subscriptions', 'plr_0000unknown0000', { planId: ids.plan }, { 'Idempotency-Key': 'api-sub-0001' })).status).toBe(401);
    const wrongScope = await tokenFor(demo('resident'), ['concierge.provider']);
    expect((await call('POST', '/api/v1/concierge/subscriptions', wrongScope, { planId: ids.plan }, { 'Idempotency-Key': 'api-sub-0001' })).status).toBe(403);
    expect((await call('POST', `/api/v1/concierge/subscriptions/${ids.other}/pause`, wrongScope, {})).status).toBe(403);
    expect((await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: ids.plan })).status).toBe(400);
    const bad = await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: 'x' }, { 'Idempotency-Key': 'api-sub-0001' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ planId: 'Élément inconnu.' });
    const unknown = await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: crypto.randomUUID() }, { 'Idempotency-Key': 'api-sub-0001' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).fields).toEqual({ planId: 'Choisissez une formule.' });
    expect((await q("select count(*)::int as n from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001'"))[0].n).toBe(0);

    const ok = await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: ids.plan }, { 'Idempotency-Key': 'api-sub-0002' });
    expect(ok.status).toBe(201);
    const { id, via } = await ok.json();
    expect(via).toBe('online');
    ids.sub = id;
    const [row] = await q('select status, created_via, dwelling_reference, starts_on::text as s from concierge_subscriptions where id = $1', [id]);
    expect(row).toEqual({ status: 'active', created_via: 'online', dwelling_reference: 'PN-REMAVERT-ARC-001', s: `${today.slice(0, 7)}-01` });
    expect(await events(id)).toEqual(['subscribe/resident']);
    const again = await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: ids.plan }, { 'Idempotency-Key': 'api-sub-0002' });
    expect((await again.json()).id).toBe(id);
    const twice = await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: ids.plan }, { 'Idempotency-Key': 'api-sub-0003' });
    expect(twice.status).toBe(409);
    expect((await twice.json()).fields).toEqual({ planId: 'Ce foyer est déjà abonné.' });
    expect((await q("select count(*)::int as n from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001'"))[0].n).toBe(1);
  });

  it('pauses and resumes its own subscription at a month boundary; another household’s is a 404', async () => {
    const other = await call('POST', `/api/v1/concierge/subscriptions/${ids.other}/pause`, resident, {});
    expect(other.status).toBe(404);
    expect((await call('POST', `/api/v1/concierge/subscriptions/${crypto.randomUUID()}/cancel`, resident, { endsOn: monthEnd(today) })).status).toBe(404);
    expect((await q('select count(*)::int as n from concierge_subscription_pauses where subscription_id = $1', [ids.other]))[0].n).toBe(0);
    // The resident's token cannot use the staff's paths.
    expect((await call('POST', `/api/v1/concierge/desk/subscriptions/${ids.sub}/pause`, resident, {})).status).toBe(403);

    const paused = await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/pause`, resident, {});
    expect(paused.status).toBe(200);
    expect(await paused.json()).toEqual({ kind: 'pause', effectiveOn: nextMonthStart(today) });
    const [pause] = await q('select starts_on::text as s, ends_on, withdrawn_at from concierge_subscription_pauses where subscription_id = $1', [ids.sub]);
    expect(pause).toEqual({ s: nextMonthStart(today), ends_on: null, withdrawn_at: null });
    const again = await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/pause`, resident, {});
    expect(again.status).toBe(409);
    expect((await again.json()).fields.status).toBe('Une pause est déjà en cours ou prévue.');
    expect(await (await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/resume`, resident, {})).json()).toEqual({ kind: 'withdraw_pause', effectiveOn: nextMonthStart(today) });
    const [after] = await q('select withdrawn_at is not null as w from concierge_subscription_pauses where subscription_id = $1', [ids.sub]);
    expect(after.w).toBe(true);
    expect(await events(ids.sub)).toEqual(['subscribe/resident', 'pause/resident', 'withdraw_pause/resident']);
  });
});

describe('/api/v1/concierge desk: dispatch and cancel requests (staff token)', () => {
  it('lists providers labelled first, dispatches with the price fixed, cancels with a reason', async () => {
    const [ironing] = await q("select id from concierge_catalogue where code = 'repassage'");
    const placed = await call('POST', '/api/v1/concierge/requests', resident, { serviceId: ironing.id, quantity: 2, wantedOn: inDays(3) }, { 'Idempotency-Key': 'api-sub-order-1' });
    expect(placed.status).toBe(201);
    const { id } = await placed.json();

    expect((await call('GET', '/api/v1/concierge/desk/providers', null)).status).toBe(401);
    expect((await call('GET', '/api/v1/concierge/desk/providers', resident)).status).toBe(403);
    expect((await call('GET', '/api/v1/concierge/desk/providers', noDesk)).status).toBe(404);
    const providers = (await (await call('GET', '/api/v1/concierge/desk/providers', staff)).json()).data as { id: string; labels: string[] }[];
    expect(providers.length).toBeGreaterThan(1);
    const counts = providers.map((p) => p.labels.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBeGreaterThan(0);

    const path = `/api/v1/concierge/desk/requests/${id}`;
    expect((await call('POST', `${path}/dispatch`, 'plr_0000unknown0000', { providerId: providers[0].id })).status).toBe(401);
    expect((await call('POST', `${path}/dispatch`, resident, { providerId: providers[0].id })).status).toBe(403);
    expect((await call('POST', `${path}/dispatch`, noDesk, { providerId: providers[0].id })).status).toBe(404);
    expect((await call('POST', `/api/v1/concierge/desk/requests/${crypto.randomUUID()}/dispatch`, staff, { providerId: providers[0].id })).status).toBe(404);
    const missing = await call('POST', `${path}/dispatch`, staff, {});
    expect(missing.status).toBe(422);
    expect((await missing.json()).fields).toEqual({ providerId: 'Choisissez un prestataire.' });
    expect((await q('select status, provider_id from concierge_requests where id = $1', [id]))[0]).toEqual({ status: 'submitted', provider_id: null });

    const sent = await call('POST', `${path}/dispatch`, staff, { providerId: providers[0].id });
    expect(await sent.json()).toEqual({ status: 'dispatched' });
    const [row] = await q('select r.status, r.provider_id, r.net_cents, c.unit_cost_cents from concierge_requests r join concierge_catalogue c on c.id = r.catalogue_id where r.id = $1', [id]);
    expect(row.status).toBe('dispatched');
    expect(row.provider_id).toBe(providers[0].id);
    expect(row.net_cents).toBe(row.unit_cost_cents * 2);
    expect((await call('POST', `${path}/dispatch`, staff, { providerId: providers[0].id })).status).toBe(409);

    const noReason = await call('POST', `${path}/cancel`, staff, {});
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).fields).toEqual({ reason: 'Indiquez la raison.' });
    const tooLong = await call('POST', `${path}/cancel`, staff, { reason: 'x'.repeat(301) });
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).fields).toEqual({ reason: '300 caractères au plus.' });
    expect((await call('POST', `${path}/cancel`, noDesk, { reason: 'Prestataire absent' })).status).toBe(404);
    expect(await (await call('POST', `${path}/cancel`, staff, { reason: 'Prestataire absent' })).json()).toEqual({ status: 'cancelled' });
    const [done] = await q('select status, cancel_reason from concierge_requests where id = $1', [id]);
    expect(done).toEqual({ status: 'cancelled', cancel_reason: 'Prestataire absent' });
    const steps = await q('select event, by_side, reason from concierge_request_events where request_id = $1 order by id', [id]);
    expect(steps.map((s) => `${s.event}/${s.by_side}/${s.reason ?? ''}`)).toEqual(['submit/resident/', 'dispatch/concierge/', 'cancel/concierge/Prestataire absent']);
    expect((await call('POST', `${path}/cancel`, staff, { reason: 'encore' })).status).toBe(409);
  });
});

describe('/api/v1/concierge desk subscriptions: assisted mode', () => {
  it('the staff subscribe a household from its rent-receipt reference, recorded as from the counter', async () => {
    const [landlord] = await q("select id from organisations where slug = 'plurial-novilia'");
    const body = { planId: ids.standard, landlordId: landlord.id, householdReference: 'pn-remavert-arc-f14' };
    expect((await call('POST', '/api/v1/concierge/desk/subscriptions', 'plr_0000unknown0000', body, { 'Idempotency-Key': 'api-desk-sub-1' })).status).toBe(401);
    expect((await call('POST', '/api/v1/concierge/desk/subscriptions', resident, body, { 'Idempotency-Key': 'api-desk-sub-1' })).status).toBe(403);
    expect((await call('POST', '/api/v1/concierge/desk/subscriptions', noDesk, body, { 'Idempotency-Key': 'api-desk-sub-1' })).status).toBe(404);
    const bad = await call('POST', '/api/v1/concierge/desk/subscriptions', staff, { planId: ids.standard, landlordId: 'plurial', householdReference: 'x' }, { 'Idempotency-Key': 'api-desk-sub-1' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ landlordId: 'Élément inconnu.', householdReference: 'Aucun foyer de ce bailleur ne porte cette référence.' });
    const [logirem] = await q("select id from organisations where slug = 'logirem'");
    const elsewhere = await call('POST', '/api/v1/concierge/desk/subscriptions', staff, { planId: ids.standard, landlordId: logirem.id, householdReference: 'LM-AIRBEL-F1' }, { 'Idempotency-Key': 'api-desk-sub-2' });
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).fields).toEqual({ householdReference: 'Aucun foyer de ce bailleur ne porte cette référence.' });

    const ok = await call('POST', '/api/v1/concierge/desk/subscriptions', staff, body, { 'Idempotency-Key': 'api-desk-sub-3' });
    expect(ok.status).toBe(201);
    const { id, via } = await ok.json();
    expect(via).toBe('counter');
    const [row] = await q('select created_via, contact_user_id, dwelling_reference as ref from concierge_subscriptions where id = $1', [id]);
    expect(row).toEqual({ created_via: 'counter', contact_user_id: null, ref: 'PN-REMAVERT-ARC-014' });
    expect(await events(id)).toEqual(['subscribe/concierge']);
  });

  it('the staff pause, resume and cancel any subscription of the desk, recorded as the concierge’s; a landlord without a desk gets 404', async () => {
    const path = `/api/v1/concierge/desk/subscriptions/${ids.other}`;
    expect((await call('POST', `${path}/pause`, 'plr_0000unknown0000', {})).status).toBe(401);
    expect((await call('POST', `${path}/pause`, noDesk, {})).status).toBe(404);
    expect((await call('POST', `/api/v1/concierge/desk/subscriptions/${crypto.randomUUID()}/pause`, staff, {})).status).toBe(404);
    expect(await (await call('POST', `${path}/pause`, staff, {})).json()).toEqual({ kind: 'pause', effectiveOn: nextMonthStart(today) });
    expect(await (await call('POST', `${path}/resume`, staff, {})).json()).toEqual({ kind: 'withdraw_pause', effectiveOn: nextMonthStart(today) });
    for (const endsOn of [undefined, '2020-01-31', `${today.slice(0, 7)}-15`, monthEnd(today, 4)]) {
      const res = await call('POST', `${path}/cancel`, staff, endsOn === undefined ? {} : { endsOn });
      expect(res.status, String(endsOn)).toBe(422);
      expect((await res.json()).fields).toEqual({ endsOn: 'Choisissez la fin de ce mois-ci ou de l’un des trois suivants.' });
    }
    expect((await q('select status from concierge_subscriptions where id = $1', [ids.other]))[0].status).toBe('active');
    expect(await (await call('POST', `${path}/cancel`, staff, { endsOn: monthEnd(today, 1) })).json()).toEqual({ kind: 'cancel', effectiveOn: monthEnd(today, 1) });
    expect((await q('select status, ends_on::text as e from concierge_subscriptions where id = $1', [ids.other]))[0]).toEqual({ status: 'cancelled', e: monthEnd(today, 1) });
    const tail = (await events(ids.other)).slice(-3);
    expect(tail).toEqual(['pause/concierge', 'withdraw_pause/concierge', 'cancel/concierge']);
    expect((await call('POST', `${path}/cancel`, staff, { endsOn: monthEnd(today, 1) })).status).toBe(409);
  });

  it('the resident cancels their own with an end date; listed in the OpenAPI document', async () => {
    const bad = await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/cancel`, resident, { endsOn: 'demain' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ endsOn: 'Choisissez la fin de ce mois-ci ou de l’un des trois suivants.' });
    expect(await (await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/cancel`, resident, { endsOn: monthEnd(today) })).json()).toEqual({ kind: 'cancel', effectiveOn: monthEnd(today) });
    expect((await q('select status, ends_on::text as e from concierge_subscriptions where id = $1', [ids.sub]))[0]).toEqual({ status: 'cancelled', e: monthEnd(today) });
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    for (const p of [
      '/api/v1/concierge/subscriptions',
      '/api/v1/concierge/subscriptions/{id}/pause',
      '/api/v1/concierge/subscriptions/{id}/cancel',
      '/api/v1/concierge/desk/subscriptions',
      '/api/v1/concierge/desk/subscriptions/{id}/resume',
      '/api/v1/concierge/desk/providers',
      '/api/v1/concierge/desk/requests/{id}/dispatch',
      '/api/v1/concierge/desk/requests/{id}/cancel',
    ])
      expect(doc.paths[p], p).toBeDefined();
  });
});
