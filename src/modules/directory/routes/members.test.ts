import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { orgIdOf } from '../test-support/actors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
let orgId: string;
let arc: string;
let second: string;

/** A urlencoded POST with repeated fields, as a browser sends ticked checkboxes. */
async function postForm(client: Client, path: string, fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  body.set('_csrf', await client.csrf());
  return client.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const events = (action: string) =>
  withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select(['actor_user_id', 'target_id', 'details']).where('action', '=', action).orderBy('id').execute());

beforeAll(async () => {
  t = await testApp();
  admin = t.client();
  await admin.signIn(demo('org_admin'));
  orgId = await orgIdOf(t.database, 'plurial-novilia');
  arc = (await t.database.owner.query("select id from residences where reference = 'PN-REMAVERT-ARC'")).rows[0].id;
  const created = await admin.post('/admin/residences/new', { reference: 'PN-ORGEVAL', name: 'Orgeval', kind: 'ordinary', address: '1 rue d’Orgeval', postcode: '51100', city: 'Reims', latitude: '', longitude: '', agency: '' });
  second = (created.headers.get('location') as string).split('/')[3].split('?')[0];
});

describe('the team: memberships and their scope', () => {
  it('adds a concierge limited to one residence, audited as a permission change', async () => {
    const missing = await postForm(admin, '/admin/members/new', [['name', 'Lucie Perrin'], ['email', 'lucie.perrin@example.org'], ['role', 'concierge'], ['scope', 'some']]);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Choisissez au moins une résidence.');
    const res = await postForm(admin, '/admin/members/new', [['name', 'Lucie Perrin'], ['email', 'Lucie.Perrin@example.org'], ['role', 'concierge'], ['scope', 'some'], ['residences', second]]);
    expect(res.status).toBe(303);
    const list = await (await admin.get('/admin/members?q=Perrin')).text();
    expect(list).toContain('Lucie Perrin');
    expect(list).toContain('Orgeval');
    const added = await events('permission.membership.added');
    expect(added.at(-1)?.details).toMatchObject({ role: 'concierge', scope: [second] });
  });

  it('lets scoped staff see only their residences and the households living there', async () => {
    // The new account has no password yet; give it the demo one to sign in as Lucie.
    await t.database.owner.query("update users set password_hash = (select password_hash from users where email = $1) where email = 'lucie.perrin@example.org'", [demo('concierge')]);
    const lucie = t.client();
    expect((await lucie.signIn('lucie.perrin@example.org')).status).toBe(303);
    const residences = await (await lucie.get('/admin/residences')).text();
    expect(residences).toContain('Orgeval');
    expect(residences).not.toContain('Arc-en-Ciel');
    expect((await lucie.get(`/admin/residences/${arc}`)).status).toBe(403);
    expect((await lucie.get(`/admin/residences/${arc}/dwellings`)).status).toBe(403);
    expect((await lucie.get(`/admin/residences/${second}`)).status).toBe(200);
    expect(await (await lucie.get('/admin/households')).text()).toContain('Aucun ménage');
    const household = await t.database.owner.query("select h.id from households h join occupancies o on o.household_id = h.id join dwellings d on d.id = o.dwelling_id where d.residence_id = $1 limit 1", [arc]);
    expect((await lucie.get(`/admin/households/${household.rows[0].id}`)).status).toBe(403);
  });

  it('changes a role and scope, records before and after, and the next request uses them', async () => {
    const m = await t.database.owner.query("select m.id from memberships m join users u on u.id = m.user_id where u.email = 'lucie.perrin@example.org'");
    const id = m.rows[0].id as string;
    const res = await postForm(admin, `/admin/members/${id}`, [['role', 'facilitator'], ['scope', 'some'], ['residences', second], ['residences', arc]]);
    expect(res.status).toBe(303);
    const changed = await events('permission.membership.changed');
    expect(changed.at(-1)).toMatchObject({ target_id: id, details: { from: { role: 'concierge', scope: [second] }, to: { role: 'facilitator', scope: [second, arc] } } });
    const lucie = t.client();
    await lucie.signIn('lucie.perrin@example.org');
    expect((await lucie.get(`/admin/residences/${arc}`)).status).toBe(200);
    const removed = await admin.post(`/admin/members/${id}/remove`, {});
    expect(removed.status).toBe(303);
    expect((await events('permission.membership.removed')).at(-1)).toMatchObject({ target_id: id, details: { role: 'facilitator' } });
    expect((await lucie.get('/admin/households')).status).toBe(403);
  });

  it('refuses to change one’s own access and to hand out platform administration', async () => {
    const own = await t.database.owner.query("select m.id from memberships m join users u on u.id = m.user_id where u.email = $1", [demo('org_admin')]);
    const res = await postForm(admin, `/admin/members/${own.rows[0].id}`, [['role', 'concierge'], ['scope', 'all']]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Vous ne pouvez pas modifier ni retirer votre propre accès');
    expect((await admin.post(`/admin/members/${own.rows[0].id}/remove`, {})).status).toBe(422);
    const promote = await postForm(admin, '/admin/members/new', [['name', 'Intrus'], ['email', 'intrus@example.org'], ['role', 'platform_admin'], ['scope', 'all']]);
    expect(promote.status).toBe(422);
    const roles = await t.database.owner.query("select count(*)::int as n from users where email = 'intrus@example.org'");
    expect(roles.rows[0].n).toBe(0);
  });
});

describe('import through the page (multipart upload)', () => {
  it('imports a file and answers with the report of rejected rows', async () => {
    const form = new FormData();
    form.set('_csrf', await admin.csrf());
    form.set('kind', 'dwellings');
    form.set('file', new File(['reference;residence;pieces;etage;loyer\nPN-ORG-001;PN-ORGEVAL;T2;1;"455,20"\nPN-ORG-002;PN-ORGEVAL;T13;1;455\n'], 'logements.csv', { type: 'text/csv' }));
    const res = await admin.request('/admin/import', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.slice(html.indexOf('<main'), html.indexOf('<form method'))).toBe('');
    expect(html).toContain('2 lignes lues : 1 création, aucune mise à jour, 1 ligne rejetée.');
    expect(html).toMatch(/<td>3<\/td><td>PN-ORG-002<\/td><td>pieces : nombre de pièces entre 1 et 12 attendu<\/td>/);
    const rent = await t.database.owner.query("select rent_cents from dwellings where reference = 'PN-ORG-001'");
    expect(rent.rows[0].rent_cents).toBe(45520);
  });

  it('asks for a file and a kind when they are missing (422)', async () => {
    const form = new FormData();
    form.set('_csrf', await admin.csrf());
    const res = await admin.request('/admin/import', { method: 'POST', body: form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Choisissez un fichier CSV.');
    expect(html).toContain('Choisissez ce que contient le fichier.');
  });
});
