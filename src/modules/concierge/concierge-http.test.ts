import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { formatters } from '../../platform/i18n/index.js';

const money = formatters('fr').money;

let t: Awaited<ReturnType<typeof testApp>>;
let resident: Client;
let staff: Client;
const ids: Record<string, string> = {};
const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

beforeAll(async () => {
  t = await testApp();
  resident = t.client();
  staff = t.client();
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  for (const r of await q('select code, id from concierge_catalogue')) ids[r.code] = r.id;
  for (const r of await q('select code, id from concierge_plans')) ids[`plan:${r.code}`] = r.id;
  for (const r of await q('select name, id from concierge_providers')) ids[r.name] = r.id;
});

const order = (fields: Record<string, string>) => ({ quantity: '2', wantedOn: tomorrow, notes: 'Chemises', idempotencyKey: randomUUID(), ...fields });

describe('a resident subscribes and orders; the concierge follows the request through', () => {
  it('refuses an order from a household without a subscription', async () => {
    const res = await resident.post(`/concierge/services/${ids.repassage}`, order({}));
    expect(res.status).toBe(403);
    expect(await q('select id from concierge_requests where notes = $1', ['Chemises'])).toEqual([]);
  });

  it('shows the plans with the split of the fee, then subscribes once even if the form is sent twice', async () => {
    const page = await (await resident.get('/concierge')).text();
    expect(page).toContain(`vous payez ${money(200)} par mois, Plurial Novilia paie ${money(800)}`);
    const key = randomUUID();
    expect((await resident.post('/concierge/subscribe', { planId: ids['plan:solidaire'], idempotencyKey: key })).headers.get('location')).toBe('/concierge?done=subscribed');
    expect((await resident.post('/concierge/subscribe', { planId: ids['plan:solidaire'], idempotencyKey: key })).status).toBe(303);
    expect((await resident.post('/concierge/subscribe', { planId: ids['plan:solidaire'], idempotencyKey: randomUUID() })).status).toBe(409);
    const subs = await q("select s.* from concierge_subscriptions s where s.household_name = 'Foyer Martin' and s.dwelling_reference like 'PN-REMAVERT-ARC-001'");
    expect(subs).toHaveLength(1);
    expect(subs[0].created_via).toBe('online');
    ids.sub = subs[0].id;
  });

  it('rejects bad input with the form kept (negative, fractional quantity; past date), and unknown or withdrawn services', async () => {
    for (const quantity of ['-1', '0', '1.5', 'beaucoup']) {
      const res = await resident.post(`/concierge/services/${ids.repassage}`, order({ quantity }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('Indiquez une quantité entière entre 1 et 99.');
      expect(html).toContain('Chemises');
    }
    expect((await resident.post(`/concierge/services/${ids.repassage}`, order({ wantedOn: '2020-01-01' }))).status).toBe(422);
    expect((await resident.post(`/concierge/services/${randomUUID()}`, order({}))).status).toBe(404);
    await q('update concierge_catalogue set active = false where id = $1', [ids.cordonnerie]);
    expect((await resident.post(`/concierge/services/${ids.cordonnerie}`, order({}))).status).toBe(404);
  });

  it('orders ironing from a phone in one form; a double tap creates one request', async () => {
    const fields = order({});
    const first = await resident.post(`/concierge/services/${ids.repassage}`, fields);
    expect(first.status).toBe(303);
    const again = await resident.post(`/concierge/services/${ids.repassage}`, fields);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    ids.request = /requests\/([0-9a-f-]{36})/.exec(first.headers.get('location') ?? '')?.[1] as string;
    const page = await (await resident.get(`/concierge/requests/${ids.request}`)).text();
    expect(page).toContain('Envoyée');
    // 2 hours × 11.50 € + 20 % VAT.
    expect(page).toContain(money(2760));
  });

  it('another household’s request is a 404 for the resident; the desk is a 403', async () => {
    const [other] = await q("select r.id from concierge_requests r join concierge_subscriptions s on s.id = r.subscription_id where s.household_name <> 'Foyer Martin' limit 1");
    expect((await resident.get(`/concierge/requests/${other.id}`)).status).toBe(404);
    expect((await resident.post(`/concierge/requests/${other.id}/cancel`, { reason: 'x' })).status).toBe(404);
    expect((await resident.get('/concierge/desk')).status).toBe(403);
    expect((await resident.post(`/concierge/desk/requests/${ids.request}/dispatch`, { providerId: ids['Pressing Solidaire Rémois'] })).status).toBe(403);
  });

  it('the concierge dispatches to an active provider only, and the price is frozen at dispatch', async () => {
    const queue = await (await staff.get('/concierge/desk')).text();
    expect(queue).toContain(`/concierge/desk/requests/${ids.request}`);
    const inactive = await staff.post(`/concierge/desk/requests/${ids.request}/dispatch`, { providerId: ids['Nettoyage Express Champagne'] });
    expect(inactive.status).toBe(422);
    expect(await inactive.text()).toContain('Ce prestataire n’est plus actif.');
    expect((await staff.post(`/concierge/desk/requests/${ids.request}/dispatch`, { providerId: ids['Pressing Solidaire Rémois'] })).status).toBe(303);
    await q('update concierge_catalogue set unit_cost_cents = 9999 where id = $1', [ids.repassage]);
    const [r] = await q('select status, unit_cost_cents, net_cents from concierge_requests where id = $1', [ids.request]);
    expect(r).toEqual({ status: 'dispatched', unit_cost_cents: 1150, net_cents: 2300 });
  });

  it('walks the provider’s answers, refuses steps out of order, and audits each step', async () => {
    expect((await staff.post(`/concierge/desk/requests/${ids.request}/hand_over`, {})).status).toBe(409);
    expect((await staff.post(`/concierge/desk/requests/${ids.request}/decline`, { reason: '' })).status).toBe(422);
    for (const e of ['accept', 'complete']) expect((await staff.post(`/concierge/desk/requests/${ids.request}/${e}`, {})).status).toBe(303);
    expect((await resident.post(`/concierge/requests/${ids.request}/cancel`, { reason: 'Trop tard' })).status).toBe(409);
    const events = await q('select event, by_side from concierge_request_events where request_id = $1 order by id', [ids.request]);
    expect(events.map((e) => e.event)).toEqual(['submit', 'dispatch', 'accept', 'complete']);
    const audits = await q('select action from audit_events where target_id = $1 order by id', [ids.request]);
    expect(audits.map((a) => a.action)).toEqual(['concierge.request.submitted', 'concierge.request.dispatch', 'concierge.request.accept', 'concierge.request.complete']);
  });

  it('a landlord’s staff without a desk and a landlord admin cannot reach the association’s requests', async () => {
    const landlordConcierge = t.client();
    await landlordConcierge.signIn(demo('concierge'));
    expect((await landlordConcierge.get(`/concierge/desk/requests/${ids.request}`)).status).toBe(404);
    expect((await landlordConcierge.post(`/concierge/desk/requests/${ids.request}/hand_over`, {})).status).toBe(403);
    const admin = t.client();
    await admin.signIn(demo('org_admin'));
    expect((await admin.get('/concierge/desk/counter')).status).toBe(403);
  });
});

describe('the counter: parcels, hand-over, walk-ins', () => {
  it('finds the subscriber, checks a parcel in with a code the resident sees, hands it over only with that code', async () => {
    const found = await (await staff.get('/concierge/desk/counter?q=001')).text();
    expect(found).toContain(`/concierge/desk/counter/${ids.sub}`);
    const checkIn = await staff.post(`/concierge/desk/counter/${ids.sub}/parcels`, { kind: 'parcel', size: 'medium', carrier: 'Colissimo', shelf: 'B2' });
    expect(checkIn.status).toBe(303);
    const code = /code=(\d{6})/.exec(checkIn.headers.get('location') ?? '')?.[1] as string;
    expect(await (await resident.get('/concierge')).text()).toContain(code);
    const [parcel] = await q('select id from concierge_parcels where subscription_id = $1', [ids.sub]);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await staff.post(`/concierge/desk/parcels/${parcel.id}/hand-over`, { method: 'code', code: wrong, next: `/concierge/desk/counter/${ids.sub}` });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Ce n’est pas le bon code.');
    expect((await staff.post(`/concierge/desk/parcels/${parcel.id}/hand-over`, { method: 'code', code, next: `/concierge/desk/counter/${ids.sub}` })).status).toBe(303);
    expect((await staff.post(`/concierge/desk/parcels/${parcel.id}/hand-over`, { method: 'code', code })).status).toBe(409);
    const [after] = await q('select status, handed_to, handover_method, handed_by is not null as by from concierge_parcels where id = $1', [parcel.id]);
    expect(after).toEqual({ status: 'handed_over', handed_to: 'Foyer Martin', handover_method: 'code', by: true });
  });

  it('hands over after an identity check, recording the name only; bad fields are refused', async () => {
    expect((await staff.post(`/concierge/desk/counter/${ids.sub}/parcels`, { kind: 'crate', size: 'medium', shelf: '' })).status).toBe(422);
    await staff.post(`/concierge/desk/counter/${ids.sub}/parcels`, { kind: 'letter', size: 'small', shelf: 'C1' });
    const [p] = await q("select id from concierge_parcels where subscription_id = $1 and status = 'received'", [ids.sub]);
    expect((await staff.post(`/concierge/desk/parcels/${p.id}/hand-over`, { method: 'identity', handedTo: 'Y', next: `/concierge/desk/counter/${ids.sub}` })).status).toBe(422);
    expect((await staff.post(`/concierge/desk/parcels/${p.id}/hand-over`, { method: 'identity', handedTo: 'Rachid Martin', next: `/concierge/desk/counter/${ids.sub}` })).status).toBe(303);
    const [after] = await q('select handed_to, handover_method from concierge_parcels where id = $1', [p.id]);
    expect(after).toEqual({ handed_to: 'Rachid Martin', handover_method: 'identity' });
  });

  it('takes a request at the counter and hands a finished one over', async () => {
    const res = await staff.post(`/concierge/desk/counter/${ids.sub}/requests`, { catalogueId: ids.courses, ...order({ quantity: '1' }) });
    expect(res.status).toBe(303);
    const [r] = await q('select created_via from concierge_requests where subscription_id = $1 and catalogue_id = $2', [ids.sub, ids.courses]);
    expect(r.created_via).toBe('counter');
    expect((await staff.post(`/concierge/desk/requests/${ids.request}/hand_over`, { next: `/concierge/desk/counter/${ids.sub}` })).headers.get('location')).toBe(
      `/concierge/desk/counter/${ids.sub}?done=hand_over`,
    );
    expect((await staff.post('/concierge/desk/counter/visits', { topic: 'information' })).status).toBe(303);
    expect((await q("select count(*)::int as n from concierge_visits where topic = 'information'"))[0].n).toBe(1);
  });

  it('subscribes a resident at the counter from the reference on their rent notice', async () => {
    const [landlord] = await q("select id from organisations where slug = 'plurial-novilia'");
    const bad = await staff.post('/concierge/desk/counter/subscribe', { landlordId: landlord.id, householdReference: 'PN-NOPE', planId: ids['plan:standard'], idempotencyKey: randomUUID() });
    expect(bad.status).toBe(422);
    const ok = await staff.post('/concierge/desk/counter/subscribe', {
      landlordId: landlord.id,
      householdReference: 'pn-remavert-arc-f14',
      planId: ids['plan:standard'],
      idempotencyKey: randomUUID(),
    });
    expect(ok.status).toBe(303);
    const [logirem] = await q("select id from organisations where slug = 'logirem'");
    expect(
      (await staff.post('/concierge/desk/counter/subscribe', { landlordId: logirem.id, householdReference: 'LM-AIRBEL-F1', planId: ids['plan:standard'], idempotencyKey: randomUUID() })).status,
    ).toBe(422);
  });
});
