import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { asDemo, orgId, userId } from '../../../test/security/helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let orgA: string;
let orgB: string;
let adviser: string;
let manager: string;
let householdId: string;
let caseId: string;
const tag = randomUUID().slice(0, 8);
const HH = `AUD-H-${tag}`;
const CASE = `AUD-C-${tag}`;
const otherCase = randomUUID();

const event = (org: string, action: string, actor: string | null, type: string, id: string, at: string, details: Record<string, unknown> = {}) =>
  t.database.owner.query('insert into audit_events (organisation_id, actor_user_id, action, target_type, target_id, at, details) values ($1, $2, $3, $4, $5, $6, $7)', [
    org,
    actor,
    action,
    type,
    id,
    at,
    JSON.stringify(details),
  ]);

const trail = async (action: string) => (await t.database.owner.query('select count(*)::int as n from audit_events where action = $1', [action])).rows[0].n as number;

beforeAll(async () => {
  t = await testApp();
  const owner = t.database.owner;
  orgA = await orgId(owner, 'plurial-novilia');
  orgB = await orgId(owner, 'logirep');
  adviser = await userId(owner, demo('social_adviser'));
  manager = await userId(owner, demo('programme_manager'));
  householdId = (await owner.query('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [orgA, HH, 'Ménage audité'])).rows[0].id;
  const programme = (await owner.query("insert into support_programmes (organisation_id, kind, name) values ($1, 'domestic_violence', $2) returning id", [orgA, `Audit ${tag}`])).rows[0].id;
  caseId = (await owner.query('insert into support_cases (id, organisation_id, programme_id, household_id, reference) values (gen_random_uuid(), $1, $2, $3, $4) returning id', [orgA, programme, householdId, CASE])).rows[0].id;
  await event(orgA, 'directory.household.viewed', adviser, 'household', householdId, '2026-11-10T09:00:00Z', { mark: 'm-household' });
  await event(orgA, 'support.case.read', adviser, 'support_case', caseId, '2026-11-20T09:00:00Z', { mark: 'm-adviser-read' });
  await event(orgA, 'support.case.read', manager, 'support_case', caseId, '2026-11-25T09:00:00Z', { mark: 'm-manager-read' });
  await event(orgA, 'support.case.updated', adviser, 'support_case', caseId, '2026-11-26T09:00:00Z', { mark: 'm-update' });
  await event(orgA, 'support.case.read', adviser, 'support_case', otherCase, '2026-11-21T09:00:00Z', { mark: 'm-unrelated' });
  // Another landlord's row naming the very same case id: never shown to this organisation.
  await event(orgB, 'support.case.read', adviser, 'support_case', caseId, '2026-11-22T09:00:00Z', { mark: 'm-foreign' });
});

const marks = (html: string) => [...html.matchAll(/mark: (m-[a-z0-9-]+)/g)].map((m) => m[1]);

describe('audit review for the data-protection officer', () => {
  it('shows every access to a household and its support cases, newest first, from the household reference', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const res = await dpo.get(`/admin/privacy/audit?person=${HH}`);
    expect(res.status).toBe(200);
    // Views and exports by default: the update is not an access; the other case and the other landlord never appear.
    expect(marks(await res.text())).toEqual(['m-manager-read', 'm-adviser-read', 'm-household']);
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${HH}&action=all`)).text())).toEqual(['m-update', 'm-manager-read', 'm-adviser-read', 'm-household']);
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${HH}&action=directory.household.viewed`)).text())).toEqual(['m-household']);
  });

  it('filters by case reference, staff member and date range', async () => {
    const dpo = await asDemo(t, 'org_admin');
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${CASE}`)).text())).toEqual(['m-manager-read', 'm-adviser-read']);
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${CASE}&staff=${adviser}`)).text())).toEqual(['m-adviser-read']);
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${HH}&from=2026-11-15&to=2026-11-20`)).text())).toEqual(['m-adviser-read']);
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${HH}&from=2026-11-21`)).text())).toEqual(['m-manager-read']);
    expect(marks(await (await dpo.get(`/admin/privacy/audit?person=${otherCase}`)).text())).toEqual(['m-unrelated']);
    expect(marks(await (await dpo.get('/admin/privacy/audit?person=no-such-reference')).text())).toEqual([]);
  });

  it('refuses bad dates field by field, keeps the values, shows no row and records no read', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const before = await trail('privacy.audit.read');
    const bad = await dpo.get(`/admin/privacy/audit?person=${HH}&from=2026-02-30&to=hier`);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-from-error"');
    expect(html).toContain('id="f-to-error"');
    expect(html).toContain('Indiquez une date réelle');
    expect(html).toContain('value="2026-02-30"');
    expect(marks(html)).toEqual([]);
    const inverted = await dpo.get(`/admin/privacy/audit?person=${HH}&from=2026-11-30&to=2026-11-01`);
    expect(inverted.status).toBe(422);
    expect(await inverted.text()).toMatch(/id="f-to-error"[^>]*>[^<]*La date de fin doit venir après/);
    expect((await dpo.post('/language', { locale: 'en', next: '/admin/privacy/audit' })).status).toBe(303);
    const en = await dpo.get('/admin/privacy/audit?from=2026-13-01');
    await dpo.post('/language', { locale: 'fr', next: '/admin/privacy/audit' });
    expect(en.status).toBe(422);
    expect(await en.text()).toMatch(/id="f-from-error"[^>]*>[^<]*Give a real date as YYYY-MM-DD/);
    expect(await trail('privacy.audit.read')).toBe(before);
  });

  it('pages by 50, newest first, keeping the filters in the links', async () => {
    const ref = randomUUID();
    for (let i = 0; i < 55; i++) await event(orgA, 'support.case.read', adviser, 'support_case', ref, new Date(Date.UTC(2026, 9, 1, 8, i)).toISOString(), { mark: `m-n${String(i).padStart(2, '0')}` });
    const dpo = await asDemo(t, 'org_admin');
    const first = await (await dpo.get(`/admin/privacy/audit?person=${ref}`)).text();
    const one = marks(first);
    expect(one).toHaveLength(50);
    expect(one[0]).toBe('m-n54');
    expect(one[49]).toBe('m-n05');
    expect(first).toContain(`href="/admin/privacy/audit?person=${ref}&amp;page=2"`);
    const second = await (await dpo.get(`/admin/privacy/audit?person=${ref}&page=2`)).text();
    expect(marks(second)).toEqual(['m-n04', 'm-n03', 'm-n02', 'm-n01', 'm-n00']);
    expect(second).not.toContain('page=3');
  });

  it('audits its own reading and the CSV export of the filtered view', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const dpoId = await userId(t.database.owner, demo('org_admin'));
    await dpo.get(`/admin/privacy/audit?person=${CASE}&staff=${manager}`);
    const read = await t.database.owner.query("select organisation_id, details from audit_events where action = 'privacy.audit.read' and actor_user_id = $1 order by id desc limit 1", [dpoId]);
    expect(read.rows[0].organisation_id).toBe(orgA);
    expect(read.rows[0].details).toMatchObject({ filter: { person: CASE, staff: manager, action: 'accesses' }, page: 1, rows: 1 });

    const before = await trail('privacy.audit.export');
    const csv = await dpo.get(`/admin/privacy/audit/export.csv?person=${HH}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const body = await csv.text();
    const lines = body.trim().split('\r\n');
    expect(lines[0]).toContain('Qui');
    expect(lines).toHaveLength(4);
    expect(body).toContain(caseId);
    expect(body).toContain(householdId);
    expect(body).not.toContain('m-foreign');
    expect(body).not.toContain('m-update');
    expect(await trail('privacy.audit.export')).toBe(before + 1);
    const exported = await t.database.owner.query("select details from audit_events where action = 'privacy.audit.export' order by id desc limit 1");
    expect(exported.rows[0].details).toMatchObject({ filter: { person: HH }, rows: 3 });
  });

  it('refuses every other role (403) and records nothing for them', async () => {
    const reads = await trail('privacy.audit.read');
    const exports = await trail('privacy.audit.export');
    for (const role of ['resident', 'concierge', 'social_adviser', 'programme_manager', 'facilitator', 'partner_staff', 'platform_admin'] as const) {
      const b = await asDemo(t, role);
      expect((await b.get(`/admin/privacy/audit?person=${HH}`)).status, role).toBe(403);
      const csv = await b.get(`/admin/privacy/audit/export.csv?person=${HH}`);
      expect(csv.status, role).toBe(403);
      expect(await csv.text()).not.toContain(caseId);
    }
    expect(await trail('privacy.audit.read')).toBe(reads);
    expect(await trail('privacy.audit.export')).toBe(exports);
  });
});
