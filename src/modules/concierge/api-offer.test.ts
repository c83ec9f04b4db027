import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

const tokenFor = (email: string, scopes: string[]) => apiTokenFor(t, email, scopes, 'Catalogue');
const post = (path: string, secret: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const get = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
const count = async () => Number((await q('select count(*)::int as n from concierge_catalogue'))[0].n);

const ironing = () => ({
  code: 'repassage-express',
  nameFr: 'Repassage express',
  nameEn: 'Express ironing',
  descriptionFr: 'Le linge repassé et plié sous 24 heures.',
  descriptionEn: 'Laundry ironed and folded within 24 hours.',
  unit: 'item',
  unitCostCents: 180,
  vatRateBp: 2000,
  leadTimeHours: 24,
  targetHours: 48,
  weekdays: [4, 2, 2],
  providerId: ids.provider,
});

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [provider] = await q('select id from concierge_providers where active order by name limit 1');
  ids.provider = provider.id;
  // Another organisation's desk, with a service and a provider of its own.
  const [org] = await q("select id from organisations where slug = 'logirep'");
  const [desk] = await q("insert into concierge_desks (organisation_id, name, place) values ($1, 'Autre conciergerie', 'Ailleurs') returning id", [org.id]);
  const [foreign] = await q(
    "insert into concierge_catalogue select * from jsonb_populate_record(null::concierge_catalogue, (select to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'organisation_id', $1::uuid, 'desk_id', $2::uuid, 'default_provider_id', null) from concierge_catalogue c limit 1)) returning id",
    [org.id, desk.id],
  );
  ids.foreign = foreign.id;
});

describe('the catalogue through /api/v1/concierge/desk/services: the catalogue form’s schema and command', () => {
  it('creates a service (201), as stored and audited; a code already used is 409', async () => {
    const res = await post('/api/v1/concierge/desk/services', staff, ironing());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), ...ironing(), weekdays: [2, 4], active: true, audience: 'subscribers', planIds: [], residenceIds: [] });
    ids.created = body.id;
    const [row] = await q('select unit_cost_cents, vat_rate_bp, default_provider_id, active, organisation_id from concierge_catalogue where id = $1', [body.id]);
    expect(row).toMatchObject({ unit_cost_cents: 180, vat_rate_bp: 2000, default_provider_id: ids.provider, active: true });
    const [ev] = await q("select details from audit_events where action = 'concierge.service.created' and target_id = $1", [body.id]);
    expect(ev.details).toMatchObject({ code: 'repassage-express', unitCostCents: 180, vatRateBp: 2000 });
    expect(await (await get(`/api/v1/concierge/desk/services/${body.id}`, staff)).json()).toEqual(body);
    const again = await post('/api/v1/concierge/desk/services', staff, ironing());
    expect(again.status).toBe(409);
    expect((await again.json()).fields).toEqual({ code: 'Ce code est déjà pris par un autre service.' });
    // Residents see it in their catalogue.
    expect(JSON.stringify(await (await get('/api/v1/concierge/services', resident)).json())).toContain(body.id);
  });

  it('refuses bad input field by field, in French and English, and writes nothing', async () => {
    const before = await count();
    const empty = await post('/api/v1/concierge/desk/services', staff, {});
    expect(empty.status).toBe(422);
    expect((await empty.json()).fields).toEqual({
      code: 'De 2 à 40 lettres minuscules, chiffres ou tirets.',
      nameFr: 'De 2 à 80 caractères.',
      nameEn: 'De 2 à 80 caractères.',
      descriptionFr: 'De 5 à 500 caractères.',
      descriptionEn: 'De 5 à 500 caractères.',
      unit: 'Choisissez une unité.',
      unitCostCents: 'Indiquez un montant en euros, par exemple 11,50.',
      vatRateBp: 'Choisissez un taux de TVA.',
      leadTimeHours: 'Indiquez un nombre entier d’heures, de 0 à 720.',
      targetHours: 'Indiquez un nombre entier d’heures, de 0 à 720.',
      weekdays: 'Cochez au moins un jour.',
    });
    const en = await post('/api/v1/concierge/desk/services', staff, { ...ironing(), code: 'autre-code', unitCostCents: -5, vatRateBp: 700, unit: 'kilo' }, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).fields).toEqual({ unitCostCents: 'Enter an amount in euros, for instance 11.50.', vatRateBp: 'Choose a VAT rate.', unit: 'Choose a unit.' });
    const foreignProvider = await post('/api/v1/concierge/desk/services', staff, { ...ironing(), code: 'autre-code', providerId: randomUUID() });
    expect(foreignProvider.status).toBe(422);
    expect((await foreignProvider.json()).fields).toEqual({ providerId: 'Choisissez un prestataire.' });
    expect(await count()).toBe(before);
  });

  it('changes every field (those left out keep their value), then withdraws and offers it again', async () => {
    const path = `/api/v1/concierge/desk/services/${ids.created}`;
    const res = await post(path, staff, { nameFr: 'Repassage soigné', nameEn: 'Careful ironing', descriptionFr: 'Chemises et draps, repassés avec soin.', unit: 'hour', unitCostCents: 1450, vatRateBp: 550, leadTimeHours: 0, weekdays: [1], providerId: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ...ironing(),
      id: ids.created,
      nameFr: 'Repassage soigné',
      nameEn: 'Careful ironing',
      descriptionFr: 'Chemises et draps, repassés avec soin.',
      unit: 'hour',
      unitCostCents: 1450,
      vatRateBp: 550,
      leadTimeHours: 0,
      weekdays: [1],
      providerId: null,
      active: true,
      audience: 'subscribers',
      planIds: [],
      residenceIds: [],
    });
    const [ev] = await q("select details from audit_events where action = 'concierge.service.updated' and target_id = $1 order by id desc limit 1", [ids.created]);
    expect(ev.details).toMatchObject({ unitCostCents: 1450, vatRateBp: 550 });
    const bad = await post(path, staff, { nameEn: 'x', targetHours: 0 }, { 'accept-language': 'en' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ nameEn: '2 to 80 characters.', targetHours: 'Enter a whole number of hours, from 0 to 720.' });
    expect((await (await get(path, staff)).json()).nameEn).toBe('Careful ironing');

    const off = await post(`${path}/deactivate`, staff, {});
    expect(off.status).toBe(200);
    expect((await off.json()).active).toBe(false);
    expect(JSON.stringify(await (await get('/api/v1/concierge/services', resident)).json())).not.toContain(ids.created);
    expect(JSON.stringify(await (await get('/api/v1/concierge/desk/services', staff)).json())).toContain(ids.created);
    const on = await post(`${path}/activate`, staff, {});
    expect((await on.json()).active).toBe(true);
  });

  it('a service whose provider has stopped can be withdrawn, not offered again with it', async () => {
    const path = `/api/v1/concierge/desk/services/${ids.created}`;
    expect((await post(path, staff, { providerId: ids.provider })).status).toBe(200);
    await q('update concierge_providers set active = false where id = $1', [ids.provider]);
    try {
      expect((await post(`${path}/deactivate`, staff, {})).status).toBe(200);
      const on = await post(`${path}/activate`, staff, {});
      expect(on.status).toBe(422);
      expect((await on.json()).fields).toEqual({ providerId: 'Ce prestataire n’est plus actif.' });
      expect((await q('select active from concierge_catalogue where id = $1', [ids.created]))[0].active).toBe(false);
    } finally {
      await q('update concierge_providers set active = true where id = $1', [ids.provider]);
    }
  });

  it('403 for a resident; 404 for another organisation’s service or an unknown one, nothing changed', async () => {
    const before = (await q('select * from concierge_catalogue where id = $1', [ids.foreign]))[0];
    expect((await post('/api/v1/concierge/desk/services', resident, ironing())).status).toBe(403);
    expect((await post(`/api/v1/concierge/desk/services/${ids.created}`, resident, { nameFr: 'Volé' })).status).toBe(403);
    expect((await post(`/api/v1/concierge/desk/services/${ids.created}/deactivate`, resident, {})).status).toBe(403);
    expect((await get('/api/v1/concierge/desk/services', resident)).status).toBe(403);
    for (const id of [ids.foreign, randomUUID(), 'not-a-uuid']) {
      expect((await post(`/api/v1/concierge/desk/services/${id}`, staff, { nameFr: 'Repris' })).status).toBe(404);
      expect((await post(`/api/v1/concierge/desk/services/${id}/deactivate`, staff, {})).status).toBe(404);
      expect((await get(`/api/v1/concierge/desk/services/${id}`, staff)).status).toBe(404);
    }
    expect(JSON.stringify(await (await get('/api/v1/concierge/desk/services', staff)).json())).not.toContain(ids.foreign);
    expect((await q('select * from concierge_catalogue where id = $1', [ids.foreign]))[0]).toEqual(before);
  });
});
