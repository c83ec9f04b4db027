import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: Client;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

/** A urlencoded body with repeated fields, as a browser sends ticked checkboxes. */
async function postMany(client: Client, path: string, fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  body.set('_csrf', await client.csrf());
  return client.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const service = (over: Record<string, string> = {}, days = ['2', '4']): [string, string][] => [
  ...Object.entries({
    code: 'retouches-express',
    nameFr: 'Petites retouches',
    nameEn: 'Small alterations',
    descriptionFr: 'Ourlets, boutons, fermetures : rendu sous une semaine.',
    descriptionEn: 'Hems, buttons, zips: back within a week.',
    unit: 'item',
    unitCost: '7,5',
    vatRate: '550',
    leadTimeHours: '24',
    targetHours: '168',
    providerId: '',
    active: 'on',
    ...over,
  }),
  ...days.map((d): [string, string] => ['weekdays', d]),
];

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  resident = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  for (const r of await q('select name, id from concierge_providers')) ids[r.name] = r.id;
});

describe('the concierge manages its catalogue', () => {
  it('lists every service, withdrawn ones too, from the desk', async () => {
    expect(await (await staff.get('/concierge/desk')).text()).toContain('href="/concierge/desk/catalogue"');
    const page = await (await staff.get('/concierge/desk/catalogue')).text();
    expect(page).toContain('Repassage');
    expect((page.match(/href="\/concierge\/desk\/catalogue\/[0-9a-f-]{36}"/g) ?? []).length).toBe(12);
  });

  it('refuses bad input field by field, keeping what was typed', async () => {
    for (const [over, days, message, field] of [
      [{ unitCost: '7,505' }, ['2'], 'Indiquez un montant en euros, par exemple 11,50.', 'unitCost'],
      [{ unitCost: '-3' }, ['2'], 'Indiquez un montant en euros, par exemple 11,50.', 'unitCost'],
      [{}, [], 'Cochez au moins un jour.', 'weekdays'],
      [{ code: 'Mon Code' }, ['2'], 'De 2 à 40 lettres minuscules, chiffres ou tirets.', 'code'],
      [{ vatRate: '1900' }, ['2'], 'Choisissez un taux de TVA.', 'vatRate'],
      [{ targetHours: '0' }, ['2'], 'Indiquez un nombre entier d’heures, de 0 à 720.', 'targetHours'],
    ] as [Record<string, string>, string[], string, string][]) {
      const res = await postMany(staff, '/concierge/desk/catalogue/new', service(over, days));
      expect(res.status, field).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain(`href="#f-${field}"`);
      expect(html).toContain('Ourlets, boutons, fermetures');
    }
    const inactive = await postMany(staff, '/concierge/desk/catalogue/new', service({ providerId: ids['Nettoyage Express Champagne'] }));
    expect(inactive.status).toBe(422);
    expect(await inactive.text()).toContain('Ce prestataire n’est plus actif.');
    expect(await q("select id from concierge_catalogue where code = 'retouches-express'")).toEqual([]);
  });

  it('adds a service at cost price in cents with its VAT, days and provider; residents see it; a taken code is refused', async () => {
    const res = await postMany(staff, '/concierge/desk/catalogue/new', service({ providerId: ids['Atelier Bricol’Solidaire'] }));
    expect(res.headers.get('location')).toBe('/concierge/desk/catalogue?done=saved');
    const [row] = await q("select id, unit_cost_cents, vat_rate_bp, weekdays, lead_time_hours, target_hours, active from concierge_catalogue where code = 'retouches-express'");
    expect(row).toMatchObject({ unit_cost_cents: 750, vat_rate_bp: 550, weekdays: [2, 4], lead_time_hours: 24, target_hours: 168, active: true });
    ids.retouchesExpress = row.id;
    // 7.50 € + 5.5 % VAT = 7.91 € per item.
    const residentView = await (await resident.get('/concierge/services')).text();
    expect(residentView).toContain('Petites retouches');
    expect(residentView).toContain('7,91');
    const taken = await postMany(staff, '/concierge/desk/catalogue/new', service());
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Ce code est déjà pris par un autre service.');
    const audit = await q("select action from audit_events where target_id = $1", [row.id]);
    expect(audit.map((a) => a.action)).toEqual(['concierge.service.created']);
  });

  it('changes and withdraws a service; its form shows the stored values; unknown ids are 404', async () => {
    const form = await (await staff.get(`/concierge/desk/catalogue/${ids.retouchesExpress}`)).text();
    expect(form).toContain('value="7.50"');
    expect(form).toMatch(/value="4" checked/);
    const res = await postMany(staff, `/concierge/desk/catalogue/${ids.retouchesExpress}`, service({ unitCost: '8', active: '' }, ['1']).filter(([k]) => k !== 'active'));
    expect(res.status).toBe(303);
    const [row] = await q('select unit_cost_cents, active, weekdays from concierge_catalogue where id = $1', [ids.retouchesExpress]);
    expect(row).toEqual({ unit_cost_cents: 800, active: false, weekdays: [1] });
    expect(await (await resident.get('/concierge/services')).text()).not.toContain('Petites retouches');
    expect((await staff.get('/concierge/desk/catalogue/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await postMany(staff, '/concierge/desk/catalogue/00000000-0000-0000-0000-000000000000', service({ code: 'autre' }))).status).toBe(404);
  });
});

describe('the concierge manages its providers and their documents', () => {
  it('adds a provider with its labels, contact and area; refuses bad fields and a taken name', async () => {
    const bad = await postMany(staff, '/concierge/desk/providers/new', [['name', 'Retouches Croix-Rouge'], ['contact', ''], ['distanceM', 'loin'], ['labels', 'ess']]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez un téléphone ou une adresse e-mail.');
    expect(html).toContain('Indiquez un nombre entier de mètres.');
    expect(html).toMatch(/value="ess" checked/);
    const ok = await postMany(staff, '/concierge/desk/providers/new', [['name', 'Retouches Croix-Rouge'], ['contact', '03 26 00 00 00'], ['distanceM', ''], ['serviceArea', 'Reims Croix-Rouge'], ['labels', 'ess'], ['labels', 'local'], ['active', 'on']]);
    expect(ok.status).toBe(303);
    const [row] = await q("select id, labels, distance_m, service_area, active from concierge_providers where name = 'Retouches Croix-Rouge'");
    expect(row).toMatchObject({ labels: ['ess', 'local'], distance_m: null, service_area: 'Reims Croix-Rouge', active: true });
    ids.retouches = row.id;
    expect(ok.headers.get('location')).toBe(`/concierge/desk/providers/${row.id}?done=saved`);
    const taken = await postMany(staff, '/concierge/desk/providers/new', [['name', 'Retouches Croix-Rouge'], ['contact', 'a@b.fr']]);
    expect(taken.status).toBe(409);
    expect(await (await staff.get('/concierge/desk/providers')).text()).toContain('Retouches Croix-Rouge');
  });

  it('records documents with their expiry, refuses a bad date, and marks what expires soon', async () => {
    const bad = await postMany(staff, `/concierge/desk/providers/${ids.retouches}/documents`, [['kind', 'insurance'], ['label', 'RC Pro'], ['expiresOn', '30/06/2027']]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('href="#f-expiresOn"');
    expect(html).toContain('value="Retouches Croix-Rouge"');
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await postMany(staff, `/concierge/desk/providers/${ids.retouches}/documents`, [['kind', 'agreement'], ['label', 'Convention 2026'], ['expiresOn', soon]])).status).toBe(303);
    const page = await (await staff.get(`/concierge/desk/providers/${ids.retouches}`)).text();
    expect(page).toContain('Convention 2026');
    expect(page).toContain('expire bientôt');
  });

  it('deactivates a provider, which then cannot be given a request', async () => {
    expect((await postMany(staff, `/concierge/desk/providers/${ids.retouches}`, [['name', 'Retouches Croix-Rouge'], ['contact', '03 26 00 00 00']])).status).toBe(303);
    const [row] = await q('select active from concierge_providers where id = $1', [ids.retouches]);
    expect(row.active).toBe(false);
  });

  it('residents and staff of an organisation without a desk cannot manage anything', async () => {
    expect((await resident.get('/concierge/desk/catalogue')).status).toBe(403);
    expect((await postMany(resident, '/concierge/desk/providers/new', [['name', 'X'], ['contact', 'x@y.fr']])).status).toBe(403);
    const landlordConcierge = t.client();
    await landlordConcierge.signIn(demo('concierge'));
    expect((await landlordConcierge.get(`/concierge/desk/providers/${ids.retouches}`)).status).toBe(404);
    expect((await postMany(landlordConcierge, `/concierge/desk/providers/${ids.retouches}`, [['name', 'Pirate'], ['contact', 'x@y.fr']])).status).toBe(404);
    expect((await q('select name from concierge_providers where id = $1', [ids.retouches]))[0].name).toBe('Retouches Croix-Rouge');
  });
});
