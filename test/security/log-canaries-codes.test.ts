import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { parisToday } from '../../src/modules/support/domain/local-date.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { DEMO_RESIDENT_PHONE } from '../../src/platform/auth/demo.js';
import { useSmsSender } from '../../src/platform/auth/sms.js';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { startTestSmtp } from '../../src/platform/mail/test-smtp.js';
import { type Client, testApp } from '../app.js';
import { addMember, asDemo, browserFor, orgId, type TestApp } from './helpers.js';

// Secrets and sensitive values never reach the logs (issue 9, item 9), for the doors `log-canaries.test.ts` does not
// open: activation letters' codes, SMS sign-in codes (with a provider installed, as in production), a second factor's
// secret and recovery codes, an uploaded document's name and content, the data-protection exports, and a 500 whose
// PostgreSQL error quotes the value it choked on. The app runs in process with its log at debug level written here;
// mail goes to a local SMTP server (without one, development writes mail text to the log on purpose).
const CANARY = {
  residentName: 'Canari Lettre-Activation',
  wrongActivation: 'CNRY-WXYZ-2345',
  activationPassword: 'canary-activation-pw-2b7f',
  activationPhone: '0698765432',
  docName: 'CANARY-certificat-medical-6c3a.pdf',
  docBody: 'CANARY-DOC-BODY violences 9e4b',
  exportName: 'Canari Export-Personne',
  exportDetails: 'CANARY-DPO-DETAILS courrier 3f8d',
  pgCast: 'canary-pg-cast-7e21',
  pgUnique: 'canary-pg-unique-5c90@example.org',
};

const lines: string[] = [];
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let dataDir = '';
const seen: string[] = [];
/** Six digits could sit inside a timestamp: a numeric code counts only where no digit touches it. */
const numeric: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-log-canaries-'));
  smtp = await startTestSmtp();
  t = await testApp({ DATA_DIR: dataDir, SMTP_URL: smtp.url }, { logTo: { write: (l: string) => lines.push(l) } });
  // No route of the product should answer 500, so two are made here, before the first request builds the router:
  // real SQL on the app's own connection that PostgreSQL refuses with an error quoting a canary value.
  t.app.get('/__canary/cast', async () => {
    await sql`select ${CANARY.pgCast}::uuid`.execute(t.database.db);
    return new Response('unreachable');
  });
  t.app.get('/__canary/unique', async () => {
    await t.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 2; i++) await tx.insertInto('users').values({ email: CANARY.pgUnique, display_name: 'Canari' }).execute();
    });
    return new Response('unreachable');
  });
}, 120_000);

afterAll(async () => {
  useSmsSender(null);
  await smtp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const form = async (browser: Client, path: string, fields: Record<string, string | File>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('_csrf', await browser.csrf());
  return browser.request(path, { method: 'POST', body });
};

describe('secrets and sensitive values in the logs, beyond passwords and notes', () => {
  it('an activation letter’s code, and what the resident types with it', async () => {
    const concierge = await asDemo(t, 'concierge');
    expect((await concierge.post('/admin/activation/residents', { household: 'PN-REMAVERT-ARC-F1', name: CANARY.residentName, phone: '' })).status).toBe(303);
    const user = (await t.database.owner.query('select id::text from users where display_name = $1', [CANARY.residentName])).rows[0].id as string;
    expect((await concierge.post(`/admin/activation/${user}/code`, {})).status).toBe(303);
    const letter = await (await concierge.get(`/admin/activation/${user}/letter`)).text();
    const code = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/.exec(letter)?.[0] as string;
    expect(code).toBeDefined();
    const resident = t.client();
    expect((await resident.post('/activate', { code: CANARY.wrongActivation })).status).toBe(422);
    expect((await resident.post('/activate', { code })).status).toBe(303);
    expect((await resident.post('/activate/password', { password: CANARY.activationPassword, phone: CANARY.activationPhone })).status).toBe(303);
    seen.push(code, code.replace(/-/g, ''), CANARY.wrongActivation, CANARY.activationPassword, CANARY.activationPhone);
  });

  it('an SMS sign-in code, sent through an installed provider as in production', async () => {
    const texts: string[] = [];
    useSmsSender({ send: async (_to, text) => void texts.push(text) });
    const browser = t.client();
    expect((await browser.post('/signin/sms', { phone: DEMO_RESIDENT_PHONE })).status).toBe(303);
    for (let i = 0; i < 50 && !texts.length; i++) await new Promise((r) => setTimeout(r, 20));
    const code = /\b(\d{6})\b/.exec(texts[0] ?? '')?.[1] as string;
    expect(code, texts.join('\n')).toBeDefined();
    const wrong = String((Number(code) + 500_001) % 1_000_000).padStart(6, '0');
    expect((await browser.post('/signin/sms/code', { code: wrong })).status).toBe(401);
    expect((await browser.post('/signin/sms/code', { code })).status).toBe(303);
    numeric.push(code, wrong);
    seen.push(DEMO_RESIDENT_PHONE);
    useSmsSender(null);
  });

  it('a second factor’s secret at enrolment, its first code and the recovery codes', async () => {
    const plurial = await orgId(t.database.owner, 'plurial-novilia');
    const user = await addMember(t.database.owner, plurial, 'facilitator', 'Canari Second-Facteur');
    const browser = await browserFor(t, user, plurial);
    expect((await browser.post('/account/mfa/begin', {})).status).toBe(303);
    const secret = (await t.database.owner.query('select totp_secret from users where id = $1', [user])).rows[0].totp_secret as string;
    expect((await browser.get('/account/mfa')).status).toBe(200);
    const first = currentTotp(secret);
    const codes = await browser.post('/account/mfa/confirm', { confirm_code: first });
    expect(codes.status).toBe(200);
    const recovery = (await codes.text()).match(/\b[A-Z0-9]{4}-[A-Z0-9]{4}\b/g) ?? [];
    expect(recovery.length).toBeGreaterThanOrEqual(10);
    seen.push(secret, ...recovery);
    numeric.push(first);
  });

  it('an uploaded document’s name and content, on the way in and out', async () => {
    const db = t.database.db;
    const adviser = await actorFor(db, LOGIREM.adviserA);
    const logirem = adviser.orgId as string;
    const { programmeId, householdId } = await withTenant(db, { orgId: logirem }, async (tx) => ({
      programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
      householdId: (await tx.selectFrom('households').select('id').orderBy('reference', 'desc').executeTakeFirstOrThrow()).id as string,
    }));
    const opened = await openCase(db, adviser, { programmeId, householdId, situation: 'Canari', confidentialAddress: false });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const browser = await browserFor(t, adviser.userId, logirem);
    const pdf = new File([`%PDF-1.4\n% ${CANARY.docBody}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`], CANARY.docName, { type: 'application/pdf' });
    expect((await form(browser, `/support/cases/${opened.caseId}/documents`, { document: pdf })).status).toBe(303);
    const doc = (await t.database.owner.query('select id::text from support_case_documents where case_id = $1', [opened.caseId])).rows[0].id as string;
    const file = await browser.get(`/support/cases/${opened.caseId}/documents/${doc}`);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain(CANARY.docBody);
    seen.push(CANARY.docName, CANARY.docBody);
  });

  it('a person’s data export, downloaded by the person and by the data-protection officer', async () => {
    const plurial = await orgId(t.database.owner, 'plurial-novilia');
    const household = (await t.database.owner.query("select id::text from households where organisation_id = $1 and reference = 'PN-REMAVERT-ARC-F1'", [plurial])).rows[0].id as string;
    const user = await addMember(t.database.owner, plurial, 'resident', CANARY.exportName, { household_id: household });
    const email = (await t.database.owner.query('select email from users where id = $1', [user])).rows[0].email as string;
    const person = await browserFor(t, user, plurial);
    expect(await (await person.get('/account/data.json')).text()).toContain(CANARY.exportName);
    expect((await person.get('/account/data')).status).toBe(200);
    const dpo = await asDemo(t, 'org_admin');
    const made = await dpo.post('/admin/privacy/requests', { subjectName: CANARY.exportName, subjectEmail: email, kind: 'access', receivedOn: parisToday(), details: CANARY.exportDetails });
    expect(made.status).toBe(303);
    const id = /\/admin\/privacy\/requests\/([0-9a-f-]{36})/.exec(made.headers.get('location') ?? '')?.[1] as string;
    expect((await dpo.get(`/admin/privacy/requests/${id}`)).status).toBe(200);
    expect(await (await dpo.get(`/admin/privacy/requests/${id}/export.json`)).text()).toContain(CANARY.exportName);
    seen.push(CANARY.exportName, CANARY.exportDetails, email);
  });

  it('a 500 whose PostgreSQL error quotes a value logs the error’s code, never the value', async () => {
    seen.push(CANARY.pgCast, CANARY.pgUnique);
    expect((await t.client().get('/__canary/cast')).status).toBe(500);
    expect((await t.client().get('/__canary/unique')).status).toBe(500);
    const failed = lines.filter((l) => l.includes('"msg":"request failed"'));
    expect(failed.length).toBe(2);
    // The log still says what went wrong: the SQLSTATE, the constraint.
    expect(failed.join('\n')).toContain('"code":"22P02"');
    expect(failed.join('\n')).toContain('"code":"23505"');
  });

  it('none of them is in the captured log', () => {
    const logs = lines.join('');
    const requests = lines.filter((l) => l.includes('"msg":"request"')).length;
    process.stdout.write(`log canaries (codes, letters, uploads, exports, 500): ${seen.length + numeric.length} secrets and sensitive values sent, ${requests} request log lines (${lines.length} lines, ${logs.length} bytes) searched\n`);
    expect(requests).toBeGreaterThan(20);
    expect(seen.length).toBeGreaterThan(20);
    const leaked = seen.filter((s) => logs.includes(s) || logs.includes(encodeURIComponent(s)));
    const leakedNumbers = numeric.filter((n) => new RegExp(`(?<![0-9])${n}(?![0-9])`).test(logs));
    expect([...leaked, ...leakedNumbers]).toEqual([]);
  });
});
