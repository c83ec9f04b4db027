import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { asDemo, orgId } from '../../../test/security/helpers.js';
import { parisToday } from './deadline.js';

let t: Awaited<ReturnType<typeof testApp>>;
let orgA: string;
let orgB: string;
beforeAll(async () => {
  t = await testApp();
  orgA = await orgId(t.database.owner, 'plurial-novilia');
  orgB = await orgId(t.database.owner, 'logirep');
});

const count = async () => (await t.database.owner.query('select count(*)::int as n from privacy_requests')).rows[0].n as number;
const idFrom = (location: string | null) => /\/admin\/privacy\/requests\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] as string;

describe('data requests console', () => {
  it('records a request with its one-month deadline, linked to the account the e-mail names', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const res = await dpo.post('/admin/privacy/requests', { subjectName: 'Amina Benali', subjectEmail: demo('resident').toUpperCase(), kind: 'access', receivedOn: '2026-11-30', details: 'Par courrier' });
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    const row = (await t.database.owner.query("select organisation_id, kind, to_char(due_on, 'YYYY-MM-DD') as due, status, subject_user_id is not null as linked from privacy_requests where id = $1", [id])).rows[0];
    expect(row).toEqual({ organisation_id: orgA, kind: 'access', due: '2026-12-30', status: 'received', linked: true });
    const page = await (await dpo.get(`/admin/privacy/requests/${id}?saved=1`)).text();
    expect(page).toContain('2026-12-30');
    expect(page).toContain('La demande est enregistrée.');
    const trail = await t.database.owner.query("select count(*)::int as n from audit_events where action = 'privacy.request.recorded' and target_id = $1", [id]);
    expect(trail.rows[0].n).toBe(1);
  });

  it('refuses bad input field by field, keeps the values and writes nothing', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const before = await count();
    const cases: [Record<string, string>, string, string][] = [
      [{ receivedOn: '2026-02-30' }, 'f-receivedOn-error', 'date réelle'],
      [{ receivedOn: '2099-01-01' }, 'f-receivedOn-error', 'dans le futur'],
      [{ subjectEmail: 'nobody@example.org' }, 'f-subjectEmail-error', 'Aucun compte'],
      [{ subjectEmail: 'network-member@demo.palier.fr' }, 'f-subjectEmail-error', 'Aucun compte'],
      [{ kind: 'delete_everything' }, 'f-kind-error', 'obligatoire'],
      [{ subjectName: '' }, 'f-subjectName-error', 'obligatoire'],
    ];
    for (const [change, errorId, text] of cases) {
      const res = await dpo.post('/admin/privacy/requests', { subjectName: 'Jean <Dupont>', subjectEmail: '', kind: 'erasure', receivedOn: '2026-12-01', details: 'Garder ce texte', ...change });
      expect(res.status, JSON.stringify(change)).toBe(422);
      const html = await res.text();
      expect(html).toContain(`id="${errorId}"`);
      expect(html).toContain(text);
      expect(html).toContain('Garder ce texte');
    }
    expect(await count()).toBe(before);
  });

  it('flags overdue requests in the list, and closes one only with the identity checked and an answer', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const res = await dpo.post('/admin/privacy/requests', { subjectName: 'Marcel Ancien', subjectEmail: '', kind: 'erasure', receivedOn: '2026-09-01', details: '' });
    const id = idFrom(res.headers.get('location'));
    const list = await (await dpo.get('/admin/privacy')).text();
    expect(list).toContain('En retard');
    expect(list).toMatch(/1 demande est en retard\./);

    const noIdentity = await dpo.post(`/admin/privacy/requests/${id}`, { status: 'answered', answer: 'Données effacées.' });
    expect(noIdentity.status).toBe(422);
    expect(await noIdentity.text()).toContain('Vérifiez l’identité');
    const noAnswer = await dpo.post(`/admin/privacy/requests/${id}`, { status: 'refused', identityChecked: '1', answer: '' });
    expect(noAnswer.status).toBe(422);
    expect((await t.database.owner.query('select status from privacy_requests where id = $1', [id])).rows[0].status).toBe('received');

    const done = await dpo.post(`/admin/privacy/requests/${id}`, { status: 'answered', identityChecked: '1', answer: 'Données effacées sauf les avis d’échéance.' });
    expect(done.status).toBe(303);
    const row = (await t.database.owner.query("select status, identity_checked, to_char(answered_on, 'YYYY-MM-DD') as on from privacy_requests where id = $1", [id])).rows[0];
    expect(row).toEqual({ status: 'answered', identity_checked: true, on: parisToday() });
    expect(await (await dpo.get('/admin/privacy')).text()).toContain('Aucune demande en retard.');
  });

  it('answers an access request with the person’s account data for this organisation only, and audits the download', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const res = await dpo.post('/admin/privacy/requests', { subjectName: 'Amina', subjectEmail: demo('resident'), kind: 'access', receivedOn: '2026-12-01', details: '' });
    const id = idFrom(res.headers.get('location'));
    expect(await (await dpo.get(`/admin/privacy/requests/${id}`)).text()).toContain(`/admin/privacy/requests/${id}/export.json`);
    const file = await dpo.get(`/admin/privacy/requests/${id}/export.json`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    const data = await file.json();
    expect(data.account.email).toBe(demo('resident'));
    expect(data.memberships).toEqual([expect.objectContaining({ organisation: 'Plurial Novilia', role: 'resident' })]);
    expect(JSON.stringify(data)).not.toMatch(/argon2|password_hash|token_hash|totp_secret/);
    const trail = await t.database.owner.query("select count(*)::int as n from audit_events where action = 'privacy.access_export' and target_id = $1", [id]);
    expect(trail.rows[0].n).toBe(1);
    // Not an access request, or no account: nothing to export.
    const other = await dpo.post('/admin/privacy/requests', { subjectName: 'Sans compte', subjectEmail: '', kind: 'access', receivedOn: '2026-12-01', details: '' });
    expect((await dpo.get(`/admin/privacy/requests/${idFrom(other.headers.get('location'))}/export.json`)).status).toBe(404);
  });

  it('hides another organisation’s requests (404, nothing changed) and refuses other roles', async () => {
    const foreign = (
      await t.database.owner.query("insert into privacy_requests (organisation_id, subject_name, kind, received_on, due_on) values ($1, 'Autre bailleur', 'erasure', '2026-12-01', '2027-01-01') returning id", [orgB])
    ).rows[0].id;
    const dpo = await asDemo(t, 'org_admin');
    expect((await dpo.get(`/admin/privacy/requests/${foreign}`)).status).toBe(404);
    expect((await dpo.get(`/admin/privacy/requests/${foreign}/export.json`)).status).toBe(404);
    expect((await dpo.post(`/admin/privacy/requests/${foreign}`, { status: 'answered', identityChecked: '1', answer: 'Pirate' })).status).toBe(404);
    expect((await dpo.get('/admin/privacy/requests/not-a-uuid')).status).toBe(404);
    expect(await (await dpo.get('/admin/privacy')).text()).not.toContain('Autre bailleur');
    expect((await t.database.owner.query('select status from privacy_requests where id = $1', [foreign])).rows[0].status).toBe('received');
    for (const role of ['resident', 'social_adviser', 'programme_manager'] as const) {
      const b = await asDemo(t, role);
      expect((await b.get('/admin/privacy')).status, role).toBe(403);
      expect((await b.post('/admin/privacy/requests', { subjectName: 'X Y', subjectEmail: '', kind: 'access', receivedOn: '2026-12-01', details: '' })).status, role).toBe(403);
    }
  });
});

describe('record of processing activities', () => {
  it('lists each module, with the platform’s declared purposes, bases, retention and the roles with access', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const res = await dpo.get('/admin/privacy/register');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Module platform');
    expect(html).toContain('Ouvrir et sécuriser les comptes');
    expect(html).toContain('Obligation légale');
    expect(html).toContain('Module spaces');
    expect((await (await asDemo(t, 'resident')).get('/admin/privacy/register')).status).toBe(403);
  });
});
