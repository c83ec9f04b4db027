import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';

let t: Awaited<ReturnType<typeof testApp>>;
let browser: Client;
let residentBrowser: Client;
let staff: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

const tokenFor = (email: string, scopes: string[]) => apiTokenFor(t, email, scopes, 'Plans');
const post = (path: string, secret: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const get = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
const plan = async (id: string) => (await q('select code, name_fr, monthly_fee_cents, tenant_share_cents, active from concierge_plans where id = $1', [id]))[0];
const count = async () => Number((await q('select count(*)::int as n from concierge_plans'))[0].n);

beforeAll(async () => {
  t = await testApp();
  browser = t.client();
  residentBrowser = t.client();
  expect((await browser.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await residentBrowser.signIn(demo('resident'))).status).toBe(303);
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [used] = await q("select p.id from concierge_plans p where exists (select 1 from concierge_subscriptions s where s.plan_id = p.id) order by p.code limit 1");
  ids.used = used.id;
  const [org] = await q("select id from organisations where slug = 'logirep'");
  const [desk] = await q("insert into concierge_desks (organisation_id, name, place) values ($1, 'Autre conciergerie', 'Ailleurs') returning id", [org.id]);
  const [foreign] = await q("insert into concierge_plans (organisation_id, desk_id, code, name_fr, name_en, monthly_fee_cents, tenant_share_cents) values ($1, $2, 'ailleurs', 'Ailleurs', 'Elsewhere', 900, 100) returning id", [org.id, desk.id]);
  ids.foreign = foreign.id;
});

describe('subscription plans in the browser', () => {
  it('lists the plans with the fee split; adds one; refuses a share above the price at the field; 403 for a resident', async () => {
    expect(await (await browser.get('/concierge/desk')).text()).toContain('href="/concierge/desk/plans"');
    const list = await (await browser.get('/concierge/desk/plans')).text();
    expect(list).toContain('<caption>Formules d’abonnement</caption>');
    expect(list).toContain('Abonnement solidaire');
    const before = await count();
    const bad = await browser.post('/concierge/desk/plans/new', { code: 'famille', nameFr: 'Famille', nameEn: 'Family', monthlyFee: '12,00', tenantShare: '15', active: 'on' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('La part du locataire ne peut pas dépasser le prix mensuel.');
    expect(await count()).toBe(before);
    const ok = await browser.post('/concierge/desk/plans/new', { code: 'famille', nameFr: 'Famille', nameEn: 'Family', monthlyFee: '12,00', tenantShare: '3,50', active: 'on' });
    expect(ok.status).toBe(303);
    const [row] = await q("select id, monthly_fee_cents, tenant_share_cents, active from concierge_plans where code = 'famille'");
    expect(row).toMatchObject({ monthly_fee_cents: 1200, tenant_share_cents: 350, active: true });
    ids.browser = row.id;
    expect(await (await browser.get(`/concierge/desk/plans/${row.id}`)).text()).toContain('value="3.50"');
    expect((await residentBrowser.get('/concierge/desk/plans')).status).toBe(403);
    expect((await residentBrowser.post('/concierge/desk/plans/new', { code: 'vol', nameFr: 'Vol', nameEn: 'Theft', monthlyFee: '1', tenantShare: '1' })).status).toBe(403);
    expect((await browser.get(`/concierge/desk/plans/${ids.foreign}`)).status).toBe(404);
  });

  it('a plan households subscribe to keeps its price (409), but can be renamed and withdrawn', async () => {
    const before = await plan(ids.used);
    const form = { code: before.code, nameFr: 'Solidaire (ancienne)', nameEn: 'Solidarity (old)', monthlyFee: '99', tenantShare: (before.tenant_share_cents / 100).toFixed(2) };
    const refused = await browser.post(`/concierge/desk/plans/${ids.used}`, { ...form, active: 'on' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Des foyers sont abonnés à cette formule');
    expect(await plan(ids.used)).toEqual(before);
    const renamed = await browser.post(`/concierge/desk/plans/${ids.used}`, { ...form, monthlyFee: (before.monthly_fee_cents / 100).toFixed(2) });
    expect(renamed.status).toBe(303);
    expect(await plan(ids.used)).toEqual({ ...before, name_fr: 'Solidaire (ancienne)', active: false });
    const [ev] = await q("select details from audit_events where action = 'concierge.plan.updated' and target_id = $1 order by id desc limit 1", [ids.used]);
    expect(ev.details).toMatchObject({ active: false, monthlyFeeCents: before.monthly_fee_cents });
    await q('update concierge_plans set active = true, name_fr = $2 where id = $1', [ids.used, before.name_fr]);
  });
});

describe('subscription plans through /api/v1/concierge/desk/plans: the plan pages’ schema and command', () => {
  it('creates a plan (201) with the fee split, audited; a taken code is 409; bad input is 422 at the field in French and English', async () => {
    const res = await post('/api/v1/concierge/desk/plans', staff, { code: 'etudiant', nameFr: 'Étudiant', nameEn: 'Student', monthlyFeeCents: 800, tenantShareCents: 100 });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), code: 'etudiant', nameFr: 'Étudiant', nameEn: 'Student', monthlyFeeCents: 800, tenantShareCents: 100, landlordShareCents: 700, active: true, subscribers: 0 });
    ids.api = body.id;
    const [ev] = await q("select details from audit_events where action = 'concierge.plan.created' and target_id = $1", [body.id]);
    expect(ev.details).toMatchObject({ monthlyFeeCents: 800, tenantShareCents: 100 });
    expect(await (await get(`/api/v1/concierge/desk/plans/${body.id}`, staff)).json()).toEqual(body);
    const taken = await post('/api/v1/concierge/desk/plans', staff, { code: 'etudiant', nameFr: 'Autre', nameEn: 'Other', monthlyFeeCents: 800, tenantShareCents: 100 });
    expect(taken.status).toBe(409);
    expect((await taken.json()).fields).toEqual({ code: 'Ce code est déjà pris par une autre formule.' });
    const before = await count();
    const empty = await post('/api/v1/concierge/desk/plans', staff, {});
    expect(empty.status).toBe(422);
    expect((await empty.json()).fields).toEqual({
      code: 'De 2 à 40 lettres minuscules, chiffres ou tirets.',
      nameFr: 'De 2 à 80 caractères.',
      nameEn: 'De 2 à 80 caractères.',
      monthlyFeeCents: 'Indiquez un montant en euros, par exemple 11,50.',
      tenantShareCents: 'Indiquez un montant en euros, par exemple 11,50.',
    });
    const en = await post('/api/v1/concierge/desk/plans', staff, { code: 'x-y', nameFr: 'Xy', nameEn: 'Xy', monthlyFeeCents: 500, tenantShareCents: 600 }, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).fields).toEqual({ tenantShareCents: 'The tenant’s share cannot exceed the monthly price.' });
    expect(await count()).toBe(before);
  });

  it('changes a plan nobody subscribes to; a subscribed plan keeps its price (409 at the field) but can be withdrawn; households can no longer choose it', async () => {
    const changed = await post(`/api/v1/concierge/desk/plans/${ids.api}`, staff, { monthlyFeeCents: 900, nameEn: 'Students' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ monthlyFeeCents: 900, tenantShareCents: 100, landlordShareCents: 800, nameEn: 'Students', nameFr: 'Étudiant' });
    const before = await plan(ids.used);
    const refused = await post(`/api/v1/concierge/desk/plans/${ids.used}`, staff, { tenantShareCents: 0 }, { 'accept-language': 'en' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).fields).toEqual({ tenantShareCents: 'Households subscribe to this plan: its price no longer changes. Create a new plan for another price.' });
    expect(await plan(ids.used)).toEqual(before);
    const withdrawn = await post(`/api/v1/concierge/desk/plans/${ids.api}`, staff, { active: false });
    expect((await withdrawn.json()).active).toBe(false);
    const list = (await (await get('/api/v1/concierge/desk/plans', staff)).json()).data;
    expect(list.find((p: { id: string }) => p.id === ids.api)).toMatchObject({ active: false });
    expect(list.find((p: { id: string }) => p.id === ids.used).subscribers).toBeGreaterThan(0);
    // A withdrawn plan cannot be subscribed to.
    const sub = await post('/api/v1/concierge/subscriptions', resident, { planId: ids.api }, { 'idempotency-key': `plan-${randomUUID()}` });
    expect(sub.status).toBe(422);
    expect((await sub.json()).fields).toEqual({ planId: 'Choisissez une formule.' });
    expect((await q('select count(*)::int as n from concierge_subscriptions where plan_id = $1', [ids.api]))[0].n).toBe(0);
  });

  it('403 for a resident; 404 for another organisation’s plan or an unknown one, nothing changed', async () => {
    const before = await plan(ids.foreign);
    expect((await post('/api/v1/concierge/desk/plans', resident, { code: 'vol', nameFr: 'Vol', nameEn: 'Theft', monthlyFeeCents: 1, tenantShareCents: 1 })).status).toBe(403);
    expect((await post(`/api/v1/concierge/desk/plans/${ids.api}`, resident, { nameFr: 'Volé' })).status).toBe(403);
    expect((await get('/api/v1/concierge/desk/plans', resident)).status).toBe(403);
    for (const id of [ids.foreign, randomUUID(), 'not-a-uuid']) {
      expect((await post(`/api/v1/concierge/desk/plans/${id}`, staff, { nameFr: 'Repris' })).status).toBe(404);
      expect((await get(`/api/v1/concierge/desk/plans/${id}`, staff)).status).toBe(404);
    }
    expect(JSON.stringify(await (await get('/api/v1/concierge/desk/plans', staff)).json())).not.toContain(ids.foreign);
    expect(await plan(ids.foreign)).toEqual(before);
  });
});
