import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

const tokenFor = (email: string, scopes: string[]) => apiTokenFor(t, email, scopes, 'Providers');
const post = (path: string, secret: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const get = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
const count = async (table: string) => Number((await q(`select count(*)::int as n from ${table}`))[0].n);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const bakery = { name: 'Fournil du Chemin Vert', labels: ['local', 'ess', 'local'], distanceM: 450, contact: '03 26 00 00 00', serviceArea: 'Reims, quartier Chemin Vert' };

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [org] = await q("select id from organisations where slug = 'logirep'");
  const [desk] = await q("insert into concierge_desks (organisation_id, name, place) values ($1, 'Autre conciergerie', 'Ailleurs') returning id", [org.id]);
  const [foreign] = await q("insert into concierge_providers (organisation_id, desk_id, name, contact) values ($1, $2, 'Prestataire d’ailleurs', 'contact@ailleurs.fr') returning id", [org.id, desk.id]);
  ids.foreign = foreign.id;
});

describe('providers through /api/v1/concierge/desk/providers: the provider pages’ schemas and commands', () => {
  it('adds a provider with its labels, contact and area (201), audited; a name already used is 409', async () => {
    const res = await post('/api/v1/concierge/desk/providers', staff, bakery);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), ...bakery, labels: ['local', 'ess'], active: true, hasAccount: false, nextExpiry: null, documents: [] });
    ids.created = body.id;
    const [ev] = await q("select details from audit_events where action = 'concierge.provider.created' and target_id = $1", [body.id]);
    expect(ev.details).toMatchObject({ labels: ['local', 'ess'], active: true });
    expect(await (await get(`/api/v1/concierge/desk/providers/${body.id}`, staff)).json()).toEqual(body);
    const again = await post('/api/v1/concierge/desk/providers', staff, bakery, { 'accept-language': 'en' });
    expect(again.status).toBe(409);
    expect((await again.json()).fields).toEqual({ name: 'A provider already has this name.' });
    // Active: offered for dispatch.
    expect(JSON.stringify(await (await get('/api/v1/concierge/desk/providers', staff)).json())).toContain(body.id);
  });

  it('refuses bad input field by field, in French and English, and writes nothing', async () => {
    const before = await count('concierge_providers');
    const empty = await post('/api/v1/concierge/desk/providers', staff, {});
    expect(empty.status).toBe(422);
    expect((await empty.json()).fields).toEqual({ name: 'De 2 à 80 caractères.', contact: 'Indiquez un téléphone ou une adresse e-mail.' });
    const en = await post('/api/v1/concierge/desk/providers', staff, { ...bakery, name: 'Autre', labels: ['cheap'], distanceM: -3, serviceArea: 'x'.repeat(201) }, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).fields).toEqual({ labels: 'Unknown criterion.', distanceM: 'Enter a whole number of metres.', serviceArea: '200 characters at most.' });
    expect(await count('concierge_providers')).toBe(before);
  });

  it('changes a provider (fields left out keep their value), makes it inactive then active again', async () => {
    const path = `/api/v1/concierge/desk/providers/${ids.created}`;
    const res = await post(path, staff, { labels: ['responsible', 'integration'], distanceM: null, contact: 'fournil@example.org' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ...bakery, labels: ['responsible', 'integration'], distanceM: null, contact: 'fournil@example.org', active: true });
    const off = await post(`${path}/deactivate`, staff, {});
    expect(off.status).toBe(200);
    expect((await off.json()).active).toBe(false);
    // Inactive: no longer offered for dispatch, still in the directory.
    expect(JSON.stringify(await (await get('/api/v1/concierge/desk/providers', staff)).json())).not.toContain(ids.created);
    const directory = (await (await get('/api/v1/concierge/desk/provider-directory', staff)).json()).data;
    expect(directory.find((p: { id: string }) => p.id === ids.created)).toMatchObject({ active: false, contact: 'fournil@example.org' });
    const [ev] = await q("select details from audit_events where action = 'concierge.provider.updated' and target_id = $1 order by id desc limit 1", [ids.created]);
    expect(ev.details).toMatchObject({ active: false });
    expect((await (await post(`${path}/activate`, staff, {})).json()).active).toBe(true);
  });

  it('records documents with their expiry (201) and lists them; a bad date or kind is refused at the field', async () => {
    const path = `/api/v1/concierge/desk/providers/${ids.created}/documents`;
    const res = await post(path, staff, { kind: 'insurance', label: 'RC Pro 2027', expiresOn: inDays(200) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: expect.any(String), kind: 'insurance', label: 'RC Pro 2027', expiresOn: inDays(200), status: 'valid' });
    expect((await post(path, staff, { kind: 'agreement', expiresOn: inDays(10) })).status).toBe(201);
    const [ev] = await q("select details from audit_events where action = 'concierge.provider.document_added' and target_id = $1 order by id desc limit 1", [ids.created]);
    expect(ev.details).toMatchObject({ kind: 'agreement', expiresOn: inDays(10) });
    const before = await count('concierge_provider_documents');
    const bad = await post(path, staff, { kind: 'diploma', label: 'x'.repeat(101), expiresOn: '2026-02-31' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ kind: 'Choisissez un type de document.', label: '100 caractères au plus.', expiresOn: 'Indiquez une date, par exemple 2026-12-08.' });
    const en = await post(path, staff, { kind: 'other' }, { 'accept-language': 'en' });
    expect((await en.json()).fields).toEqual({ expiresOn: 'Enter a date, for instance 2026-12-08.' });
    expect(await count('concierge_provider_documents')).toBe(before);
    const list = await (await get(path, staff)).json();
    expect(list.data.map((d: { kind: string; status: string }) => [d.kind, d.status])).toEqual([
      ['insurance', 'valid'],
      ['agreement', 'soon'],
    ]);
    expect((await (await get(`/api/v1/concierge/desk/providers/${ids.created}`, staff)).json()).nextExpiry).toBe(inDays(10));
  });

  it('403 for a resident; 404 for another organisation’s provider or an unknown one, nothing changed', async () => {
    const before = (await q('select * from concierge_providers where id = $1', [ids.foreign]))[0];
    const docs = await count('concierge_provider_documents');
    expect((await post('/api/v1/concierge/desk/providers', resident, bakery)).status).toBe(403);
    expect((await post(`/api/v1/concierge/desk/providers/${ids.created}`, resident, { name: 'Volé' })).status).toBe(403);
    expect((await post(`/api/v1/concierge/desk/providers/${ids.created}/deactivate`, resident, {})).status).toBe(403);
    expect((await post(`/api/v1/concierge/desk/providers/${ids.created}/documents`, resident, { kind: 'other', expiresOn: inDays(5) })).status).toBe(403);
    expect((await get('/api/v1/concierge/desk/provider-directory', resident)).status).toBe(403);
    for (const id of [ids.foreign, randomUUID(), 'not-a-uuid']) {
      expect((await post(`/api/v1/concierge/desk/providers/${id}`, staff, { name: 'Repris' })).status).toBe(404);
      expect((await post(`/api/v1/concierge/desk/providers/${id}/deactivate`, staff, {})).status).toBe(404);
      expect((await post(`/api/v1/concierge/desk/providers/${id}/documents`, staff, { kind: 'other', expiresOn: inDays(5) })).status).toBe(404);
      expect((await get(`/api/v1/concierge/desk/providers/${id}`, staff)).status).toBe(404);
      expect((await get(`/api/v1/concierge/desk/providers/${id}/documents`, staff)).status).toBe(404);
    }
    expect(JSON.stringify(await (await get('/api/v1/concierge/desk/provider-directory', staff)).json())).not.toContain(ids.foreign);
    expect((await q('select * from concierge_providers where id = $1', [ids.foreign]))[0]).toEqual(before);
    expect(await count('concierge_provider_documents')).toBe(docs);
  });
});
