import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp } from '../../src/platform/mail/test-smtp.js';
import { createMailer } from '../../src/platform/mail/mailer.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, type Running, runTs, urlOf } from '../ops/spawn.js';

// Secrets and sensitive values never reach the logs (issue 9, security suite item 9). The real server
// runs as its own process, logging at debug level (more than production's info); everything it writes
// to stdout and stderr is captured while canary values go through every door a secret can take.
const CANARY = {
  password: 'canary-pw-3f9a1c7e5b',
  newPassword: 'canary-new-pw-8d2e4b6a',
  wrongResetCode: 'canaryResetCode0a1b2c3d4e5f6g7h8i9j0k1l2m3n',
  bearer: 'plr_canaryToken5e6f7a8b9c0d1e2f3a4b',
  sessionCookie: 'canary-session-9b8a7c6d5e4f',
  note: 'CANARY-NOTE violences conjugales 41c7',
  apiNote: 'CANARY-API-NOTE dette locative 77e2',
  json: 'canary-json-5a5b5c',
};

let database: Awaited<ReturnType<typeof testDatabase>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let app: Running;
let base = '';

beforeAll(async () => {
  database = await testDatabase();
  smtp = await startTestSmtp();
  app = runTs('src/main.ts', [], {
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    JOBS: 'false',
    NODE_ENV: 'development',
    DEMO: 'false',
    LOG_LEVEL: 'debug',
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://palier.test',
  });
  base = await urlOf(app);
}, 120_000);

afterAll(async () => {
  await killLeftovers([]);
  await smtp?.close();
});

const browser = () => new Client({ request: (path, init) => fetch(`${base}${path}`, init) });
const api = (path: string, token: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

describe('secrets and sensitive values in the logs of the real server', () => {
  it('logs none of the passwords, reset codes, API tokens, session and CSRF tokens and case notes that went through it', async () => {
    const seen: string[] = [];

    // Sign-in with a wrong (canary) password, then the right one: the session and CSRF tokens are secrets too.
    const concierge = browser();
    expect((await concierge.signIn(demo('concierge'), CANARY.password)).status).toBe(401);
    expect((await concierge.signIn(demo('concierge'))).status).toBe(303);
    expect((await concierge.get('/account')).status).toBe(200);
    seen.push(concierge.cookies.get('palier_session') as string, concierge.cookies.get('palier_csrf') as string, DEMO_PASSWORD, CANARY.password);

    // A made-up session cookie and a made-up bearer token.
    const forged = browser();
    forged.cookies.set('palier_session', CANARY.sessionCookie);
    expect((await forged.get('/account')).status).toBe(303);
    expect((await api('/api/v1/residences', CANARY.bearer)).status).toBe(401);
    seen.push(CANARY.sessionCookie, CANARY.bearer);

    // Password reset: the real code from the mail, a made-up code, and the new password.
    const resident = demo('resident');
    const before = smtp.mails.length;
    expect((await browser().post('/reset', { email: resident })).status).toBe(303);
    const mail = await smtp.waitFor(resident, before, 15_000);
    const link = /http:\/\/palier\.test(\/reset\/[A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    const code = (link as RegExpExecArray)[1].slice('/reset/'.length);
    expect((await browser().get(`/reset/${CANARY.wrongResetCode}`)).status).toBe(400);
    const resetting = browser();
    expect((await resetting.get(`/reset/${code}`)).status).toBe(303);
    expect((await resetting.post('/reset/new', { password: CANARY.newPassword })).status).toBe(303);
    expect((await browser().signIn(resident, CANARY.newPassword)).status).toBe(303);
    seen.push(code, CANARY.wrongResetCode, CANARY.newPassword);

    // A real API token, made on the administrator's page and used in the Authorization header.
    const admin = browser();
    expect((await admin.signIn(demo('org_admin'))).status).toBe(303);
    const made = await admin.request('/admin/api-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', await admin.csrf()], ['name', 'Canary'], ['scopes', 'directory.residences.read']]),
    });
    expect(made.status).toBe(303);
    const token = /value="(plr_[\w-]+)"/.exec(await (await admin.get('/admin/api-tokens')).text())?.[1] as string;
    expect(token).toMatch(/^plr_/);
    expect((await api('/api/v1/residences', token)).status).toBe(200);
    // Malformed JSON with a canary in it, to an endpoint that parses the body.
    const bad = await api('/api/v1/support/cases/7a1d1f0e-0000-4000-8000-000000000000/notes', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"body": "${CANARY.json}"` });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    seen.push(token, CANARY.json);

    // A note on a case of a sensitive programme, by the adviser in charge (form), and one through the API.
    const adviser = browser();
    expect((await adviser.signIn('conseillere@logirem.demo.palier.fr')).status).toBe(303);
    const cases = (
      await database.owner.query(
        "select c.id from support_cases c join support_programmes p on p.id = c.programme_id join users u on u.email = 'conseillere@logirem.demo.palier.fr' where p.sensitivity = 'sensitive' and c.status not in ('closed') and exists (select 1 from memberships m where m.user_id = u.id and m.organisation_id = c.organisation_id) order by c.opened_at desc nulls last limit 20",
      )
    ).rows.map((r) => r.id as string);
    expect(cases.length).toBeGreaterThan(0);
    let noted: string | null = null;
    for (const id of cases) {
      const res = await adviser.post(`/support/cases/${id}/notes`, { body: CANARY.note });
      if (res.status === 303) {
        noted = id;
        break;
      }
    }
    expect(noted, 'no sensitive case took the adviser’s note').not.toBeNull();
    const stored = await database.owner.query('select count(*)::int as n from support_case_notes where body = $1', [CANARY.note]);
    expect(stored.rows[0].n).toBe(1);
    seen.push(CANARY.note);
    // The same through the API, with a token of the adviser's organisation made in the adviser's name.
    const adviserToken = `plr_canaryAdviser${Date.now().toString(36)}c4n4ry`;
    await database.owner.query(
      "insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) select c.organisation_id, 'Canary adviser', $2, array['support.cases.read', 'support.cases.write', 'support.cases.sensitive'], u.id from support_cases c, users u where c.id = $1 and u.email = 'conseillere@logirem.demo.palier.fr'",
      [noted, hashSecret(adviserToken)],
    );
    const viaApi = await api(`/api/v1/support/cases/${noted}/notes`, adviserToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: CANARY.apiNote }) });
    expect(viaApi.status, await viaApi.clone().text()).toBe(201);
    seen.push(adviserToken, CANARY.apiNote);

    // The request log is flushed by then; a last request makes sure.
    await fetch(`${base}/healthz`);
    await new Promise((r) => setTimeout(r, 300));
    const logs = `${app.stdout()}\n${app.stderr()}`;
    const requestLines = logs.split('\n').filter((l) => l.includes('"msg":"request"'));
    process.stdout.write(`log canaries: ${seen.length} secrets and sensitive values sent, ${requestLines.length} request log lines (${logs.length} bytes) searched\n`);
    // The capture works: the server logged the requests at debug level.
    expect(requestLines.length).toBeGreaterThan(20);
    expect(logs).toContain('"route":"/reset/:token"');
    const leaked = seen.filter((s) => logs.includes(s) || logs.includes(encodeURIComponent(s)));
    expect(leaked).toEqual([]);
    // No recipient address either (the request log names routes, never people).
    expect(logs).not.toContain(resident);
  }, 180_000);

  it('without SMTP_URL, a production server does not write the mail text (reset links, activation codes) to its log', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (l: string) => lines.push(l) });
    const mail = { to: 'someone@example.org', subject: 'Palier : choisir un nouveau mot de passe', text: 'https://palier.example/reset/canaryLinkToken1234567890' };
    await createMailer({ from: 'x <x@x>', log, production: true }).send(mail);
    expect(lines.join('\n')).toContain('SMTP_URL');
    expect(lines.join('\n')).not.toContain('canaryLinkToken1234567890');
    expect(lines.join('\n')).not.toContain('someone@example.org');
    // In development the mail is still written to the log, so a reset can be tried without a mail server.
    await createMailer({ from: 'x <x@x>', log }).send(mail);
    expect(lines.join('\n')).toContain('canaryLinkToken1234567890');
  });
});
