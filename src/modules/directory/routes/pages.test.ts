import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { orgIdOf } from '../test-support/actors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
let mine: { residence: string; household: string };
let theirs: { residence: string; household: string };

async function firstOf(slug: string) {
  const orgId = await orgIdOf(t.database, slug);
  const r = await t.database.owner.query('select id from residences where organisation_id = $1 order by reference limit 1', [orgId]);
  const h = await t.database.owner.query('select id from households where organisation_id = $1 order by reference limit 1', [orgId]);
  return { residence: r.rows[0].id as string, household: h.rows[0].id as string };
}

beforeAll(async () => {
  t = await testApp();
  admin = t.client();
  expect((await admin.signIn(demo('org_admin'))).status).toBe(303);
  mine = await firstOf('plurial-novilia');
  theirs = await firstOf('logirem');
});

describe('directory pages', () => {
  it('shows a residence with its buildings, dwellings and common places', async () => {
    const res = await admin.get(`/admin/residences/${mine.residence}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Salle commune Arc-en-Ciel');
    expect(html).toContain('Bâtiment A');
    expect(html).toContain('Voir les 24 logements');
    const dwellings = await (await admin.get(`/admin/residences/${mine.residence}/dwellings?q=PN-REMAVERT-ARC-00`)).text();
    expect(dwellings).toContain('9 logements');
    expect(dwellings).toMatch(/PN-REMAVERT-ARC-006<\/td>.*Vacant/s);
  });

  it('answers 404 for another organisation’s residence, dwellings, household or membership, and for a malformed id', async () => {
    for (const path of [`/admin/residences/${theirs.residence}`, `/admin/residences/${theirs.residence}/dwellings`, `/admin/residences/${theirs.residence}/edit`, `/admin/households/${theirs.household}`, '/admin/residences/not-a-uuid', '/admin/households/42']) {
      expect((await admin.get(path)).status, path).toBe(404);
    }
    const edit = await admin.post(`/admin/residences/${theirs.residence}/edit`, { reference: 'X', name: 'Volée', kind: 'ordinary', address: 'x', postcode: '13011', city: 'Marseille', latitude: '', longitude: '', agency: '' });
    expect(edit.status).toBe(404);
    const name = await t.database.owner.query('select name from residences where id = $1', [theirs.residence]);
    expect(name.rows[0].name).toBe('Air Bel');
    const otherMember = await t.database.owner.query("select m.id from memberships m join users u on u.id = m.user_id where u.email = $1", [demo('partner_staff')]);
    expect((await admin.get(`/admin/members/${otherMember.rows[0].id}`)).status).toBe(404);
    expect((await admin.post(`/admin/members/${otherMember.rows[0].id}/remove`, {})).status).toBe(404);
  });

  it('creates a residence through the form, with field errors first (422, values kept)', async () => {
    const bad = await admin.post('/admin/residences/new', { reference: 'PN-REMAVERT-ARC', name: 'Clairmarais', kind: 'student', address: '2 rue de Courcelles', postcode: '5100', city: 'Reims', latitude: '91', longitude: '', agency: '' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="Clairmarais"');
    expect(html).toContain('aria-describedby="f-postcode-error"');
    expect(html).toContain('href="#f-latitude"');
    const taken = await admin.post('/admin/residences/new', { reference: 'PN-REMAVERT-ARC', name: 'Clairmarais', kind: 'student', address: '2 rue de Courcelles', postcode: '51100', city: 'Reims', latitude: '49,26', longitude: '4,02', agency: '' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Une autre résidence porte déjà cette référence.');
    const ok = await admin.post('/admin/residences/new', { reference: 'PN-CLAIRMARAIS', name: 'Clairmarais', kind: 'student', address: '2 rue de Courcelles', postcode: '51100', city: 'Reims', latitude: '49,26', longitude: '4,02', agency: '' });
    expect(ok.status).toBe(303);
    const page = await (await admin.get(ok.headers.get('location') as string)).text();
    expect(page).toContain('Résidence étudiante');
    expect(page).toContain('La résidence est enregistrée.');
  });

  it('lists households with search and opens one, recording the read in the audit log', async () => {
    const list = await (await admin.get('/admin/households?q=Benali')).text();
    expect(list).toMatch(/\d+ ménages?/);
    const id = /href="\/admin\/households\/([0-9a-f-]{36})"/.exec(list)?.[1] as string;
    const detail = await (await admin.get(`/admin/households/${id}`)).text();
    expect(detail).toContain('Foyer Benali');
    expect(detail).toContain('Langue préférée');
    expect(detail).toMatch(/PN-REMAVERT-ARC-\d{3}/);
    const orgId = await orgIdOf(t.database, 'plurial-novilia');
    const events = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('target_id').where('action', '=', 'directory.household.viewed').execute());
    expect(events.map((e) => e.target_id)).toContain(id);
  });

  it('shows an organisation administrator their own organisation and its partners only', async () => {
    const html = await (await admin.get('/admin/organisations')).text();
    expect(html).toContain('La Conciergerie Solidaire 51');
    expect(html).toContain('Vie2B');
    expect(html).not.toContain('Logirem');
    const platform = t.client();
    await platform.signIn(demo('platform_admin'));
    expect(await (await platform.get('/admin/organisations?q=Logirem')).text()).toContain('Logirem');
  });

  it('refuses the team, import and export pages to front-line staff (403)', async () => {
    const concierge = t.client();
    await concierge.signIn(demo('concierge'));
    for (const path of ['/admin/members', '/admin/import', '/admin/export/households', '/admin/organisations', '/admin/residences/new']) {
      expect((await concierge.get(path)).status, path).toBe(403);
    }
    expect((await concierge.get('/admin/households')).status).toBe(200);
  });

  it('streams a CSV export for Excel: BOM, French headers, semicolons, euros with a comma', async () => {
    const res = await admin.get('/admin/export/dwellings');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="dwellings-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFreference;residence;batiment;pieces;etage;loyer');
    expect(lines).toContain('PN-REMAVERT-ARC-001;PN-REMAVERT-ARC;PN-REMAVERT-ARC-A;2;0;385,00');
    expect(text).not.toContain('LM-AIRBEL');
  });
});
