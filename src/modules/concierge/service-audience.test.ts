import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: Client;
let token: string;
const ids: Record<string, string> = {};
const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

/** The edit form of the ironing service as the browser sends it, with the rule's fields. */
async function saveIroning(client: Client, rule: [string, string][]) {
  const stored = Object.entries({
    code: 'repassage',
    nameFr: 'Repassage',
    nameEn: 'Ironing',
    descriptionFr: 'Repassage de votre linge, rendu plié.',
    descriptionEn: 'Your laundry ironed and folded.',
    unit: 'hour',
    unitCost: '18',
    vatRate: '2000',
    leadTimeHours: '24',
    targetHours: '72',
    providerId: '',
    active: 'on',
    weekdays: '2',
  });
  const body = new URLSearchParams([...stored, ...rule]);
  body.set('_csrf', await client.csrf());
  return client.request(`/concierge/desk/catalogue/${ids.repassage}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
const order = () => ({ quantity: '1', wantedOn: tomorrow, notes: 'Audience', idempotencyKey: randomUUID() });
const apiOrder = () =>
  t.app.request('/api/v1/concierge/requests', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ serviceId: ids.repassage, quantity: 1, wantedOn: tomorrow }),
  });
const apiServices = async () => ((await (await t.app.request('/api/v1/concierge/services', { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { id: string }[] }).data.map((s) => s.id);

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  resident = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  for (const r of await q('select code, id from concierge_catalogue')) ids[r.code] = r.id;
  for (const r of await q('select code, id from concierge_plans')) ids[`plan:${r.code}`] = r.id;
  const [cov] = await q('select residence_id from concierge_coverage');
  ids.residence = cov.residence_id;
  expect((await resident.post('/concierge/subscribe', { planId: ids['plan:solidaire'], idempotencyKey: randomUUID() })).status).toBe(303);
  const [sub] = await q("select id from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001' and status = 'active'");
  ids.sub = sub.id;
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [demo('resident')]);
  token = `plr_${randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Appli', token_hash: hashSecret(token), scopes: sql`${['concierge.use']}::text[]`, created_by: u.id }).execute(),
  );
});

describe('who can order a service', () => {
  it('the form offers the rule with the desk’s plans and covered residences; missing or foreign choices are field errors in French and English', async () => {
    const form = await (await staff.get(`/concierge/desk/catalogue/${ids.repassage}`)).text();
    expect(form).toContain('Qui peut le demander');
    expect(form).toContain('Abonnement standard');
    expect(form).toContain(`value="${ids.residence}"`);
    const none = await saveIroning(staff, [['audience', 'plans']]);
    expect(none.status).toBe(422);
    const html = await none.text();
    expect(html).toContain('Cochez au moins une formule de la conciergerie.');
    expect(html).toContain('href="#f-planIds"');
    const foreign = await saveIroning(staff, [
      ['audience', 'residences'],
      ['residenceIds', randomUUID()],
    ]);
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('Cochez au moins une résidence desservie par la conciergerie.');
    expect((await saveIroning(staff, [['audience', 'everyone']])).status).toBe(422);
    await staff.post('/language', { locale: 'en', next: '/concierge/desk' });
    const en = await saveIroning(staff, [['audience', 'residences']]);
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('Tick at least one residence the concierge serves.');
    await staff.post('/language', { locale: 'fr', next: '/concierge/desk' });
    const [row] = await q('select audience from concierge_catalogue where id = $1', [ids.repassage]);
    expect(row.audience).toBe('subscribers');
  });

  it('subscribers of another plan: hidden from the resident, refused online and through the API, refused at the counter with the reason', async () => {
    expect((await saveIroning(staff, [['audience', 'plans'], ['planIds', ids['plan:standard']]])).status).toBe(303);
    const [row] = await q('select audience, audience_plan_ids from concierge_catalogue where id = $1', [ids.repassage]);
    expect(row).toEqual({ audience: 'plans', audience_plan_ids: [ids['plan:standard']] });
    const list = await (await resident.get('/concierge/services')).text();
    expect(list).not.toContain(`/concierge/services/${ids.repassage}"`);
    expect(list).toContain(`/concierge/services/${ids.cordonnerie}"`);
    expect((await resident.get(`/concierge/services/${ids.repassage}`)).status).toBe(404);
    expect((await resident.post(`/concierge/services/${ids.repassage}`, order())).status).toBe(403);
    expect(await apiServices()).not.toContain(ids.repassage);
    const api = await apiOrder();
    expect(api.status).toBe(403);
    expect(JSON.stringify(await api.json())).toContain('Ce service est réservé aux abonnés d’une autre formule.');
    const card = await (await staff.get(`/concierge/desk/counter/${ids.sub}`)).text();
    expect(card).toMatch(new RegExp(`<option value="${ids.repassage}" disabled="">Repassage — réservé à une autre formule</option>`));
    const counter = await staff.post(`/concierge/desk/counter/${ids.sub}/requests`, { ...order(), catalogueId: ids.repassage });
    expect(counter.status).toBe(422);
    expect(await counter.text()).toContain('Ce service est réservé aux abonnés d’une autre formule.');
    expect(await q("select id from concierge_requests where notes = 'Audience'")).toEqual([]);
    // Their own plan opens it again.
    expect((await saveIroning(staff, [['audience', 'plans'], ['planIds', ids['plan:standard']], ['planIds', ids['plan:solidaire']]])).status).toBe(303);
    expect(await apiServices()).toContain(ids.repassage);
    expect((await apiOrder()).status).toBe(201);
  });

  it('residents of the covered residence may order; staff only is ordered at the counter and never online', async () => {
    expect((await saveIroning(staff, [['audience', 'residences'], ['residenceIds', ids.residence]])).status).toBe(303);
    expect(await (await resident.get('/concierge/services')).text()).toContain(`/concierge/services/${ids.repassage}"`);
    expect((await resident.post(`/concierge/services/${ids.repassage}`, order())).status).toBe(303);

    expect((await saveIroning(staff, [['audience', 'staff']])).status).toBe(303);
    const [row] = await q('select audience, audience_plan_ids, audience_residence_ids from concierge_catalogue where id = $1', [ids.repassage]);
    expect(row).toEqual({ audience: 'staff', audience_plan_ids: [], audience_residence_ids: [] });
    expect(await (await resident.get('/concierge/services')).text()).not.toContain(`/concierge/services/${ids.repassage}"`);
    expect((await resident.post(`/concierge/services/${ids.repassage}`, order())).status).toBe(403);
    expect((await apiOrder()).status).toBe(403);
    const counter = await staff.post(`/concierge/desk/counter/${ids.sub}/requests`, { ...order(), catalogueId: ids.repassage });
    expect(counter.status).toBe(303);
    const made = await q("select created_via from concierge_requests where notes = 'Audience' order by created_at");
    expect(made.map((r) => r.created_via)).toEqual(['online', 'counter']);
  });
});
