import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { workingDayAhead } from '../../src/modules/spaces/testing.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';
import { killLeftovers, type Running, runTs, urlOf } from '../ops/spawn.js';
import { scrapeForms } from './helpers.js';
import { runAll, type SqlmapTarget } from './sqlmap.js';

/**
 * Debian's sqlmap against the main forms and API endpoints of the real server on loopback (issue 9): the
 * sign-in form, the residences search, a booking, a request taken at the concierge desk, a community
 * proposal, the support search of households, an API list with query parameters and an API JSON body, each
 * signed in as someone who may use it (session cookie and CSRF token in the form, or a Bearer token). The test
 * fails if sqlmap calls any parameter injectable, and checks that sqlmap really tested every parameter named.
 */
// All at once, each stopped after 150 s: the whole test stays under three minutes even on a loaded machine.
const LIMIT_SECONDS = 150;
const PARALLEL = 8;

let database: Awaited<ReturnType<typeof testDatabase>>;
let app: Running;
let base = '';

beforeAll(async () => {
  database = await testDatabase();
  app = runTs('src/main.ts', [], { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: 'false', LOG_LEVEL: 'warn', PUBLIC_URL: 'http://127.0.0.1' });
  base = await urlOf(app);
}, 120_000);

afterAll(async () => {
  await killLeftovers([]);
});

const browser = () => new Client({ request: (path, init) => fetch(`${base}${path}`, init) });

async function signedIn(email: string): Promise<{ b: Client; cookie: string; csrf: string }> {
  const b = browser();
  const res = await b.signIn(email);
  expect(res.status, `${email} signs in`).toBe(303);
  const csrf = await b.csrf();
  return { b, csrf, cookie: `palier_session=${b.cookies.get('palier_session')}; palier_csrf=${csrf}` };
}

async function token(email: string, scopes: string[]): Promise<string> {
  const secret = `plr_sqlmap_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const made = await database.owner.query(
    "insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) select m.organisation_id, 'sqlmap', $2, $3, u.id from users u join memberships m on m.user_id = u.id where u.email = $1 order by m.organisation_id limit 1",
    [email, hashSecret(secret), scopes],
  );
  expect(made.rowCount).toBe(1);
  return secret;
}

/** The first form of a page posting to `action`, with the values a browser sends and `filler` in the empty text fields. */
async function formOf(b: Client, page: string, action: RegExp): Promise<{ action: string; fields: [string, string][] }> {
  const res = await b.get(page);
  expect(res.status, page).toBe(200);
  const form = scrapeForms(await res.text(), { filler: 'Jardin partagé', checkboxes: 'all' }).find((f) => f.method === 'POST' && action.test(f.action));
  expect(form, `a form to ${action} on ${page}`).toBeDefined();
  return form as { action: string; fields: [string, string][] };
}

/** A link of a page matching `pattern` (the page decides what the person may reach). */
async function linkOf(b: Client, page: string, pattern: RegExp): Promise<string> {
  const html = await (await b.get(page)).text();
  const found = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')).find((h) => pattern.test(h));
  expect(found, `a link ${pattern} on ${page}`).toBeDefined();
  return found as string;
}

const encode = (fields: [string, string][]) => new URLSearchParams(fields).toString();
/** The form's fields to attack (those reaching the database as the person typed them): they must be in the form. */
function fieldsOf(form: { action: string; fields: [string, string][] }, names: string[]): string[] {
  expect(form.fields.map(([k]) => k), form.action).toEqual(expect.arrayContaining([...names, '_csrf']));
  return names;
}

describe('sqlmap against the real server', () => {
  it('finds no injectable parameter in the main forms and API endpoints', async () => {
    expect(execFileSync('sqlmap', ['--version'], { encoding: 'utf8' })).toMatch(/^1\./);
    const targets: SqlmapTarget[] = [];

    // Sign-in: anonymous, with a CSRF cookie; a failed sign-in is 401.
    const anonymous = browser();
    const anonCsrf = await anonymous.csrf();
    targets.push({
      name: 'sign-in form',
      url: `${base}/signin`,
      data: encode([['identifier', demo('resident')], ['password', 'not the password 1'], ['_csrf', anonCsrf]]),
      cookie: `palier_csrf=${anonCsrf}`,
      params: ['identifier', 'password'],
      ignoreCodes: [401],
    });

    const admin = await signedIn(demo('org_admin'));
    targets.push({ name: 'residences search', url: `${base}/admin/residences?q=Les&page=1`, cookie: admin.cookie, params: ['q', 'page'] });

    const resident = await signedIn(demo('resident'));
    const space = await linkOf(resident.b, '/spaces', /^\/spaces\/[0-9a-f-]{36}$/);
    const booking = await formOf(resident.b, `${space}/book?date=${workingDayAhead(3)}`, /\/book$/);
    // A fresh idempotency key per request, as each browser form has: a reused key would answer every variant with the same 422.
    targets.push({
      name: 'booking form',
      url: `${base}${booking.action}`,
      data: encode(booking.fields),
      cookie: resident.cookie,
      params: fieldsOf(booking, ['resourceId', 'purpose']),
      eval: 'import uuid; idempotencyKey=str(uuid.uuid4())',
    });

    const process_ = await linkOf(resident.b, '/community/processes', /^\/community\/processes\/[0-9a-f-]{36}$/);
    const proposal = await formOf(resident.b, `${process_}/propose`, /\/propose$/);
    targets.push({ name: 'community proposal form', url: `${base}${proposal.action}`, data: encode(proposal.fields), cookie: resident.cookie, params: fieldsOf(proposal, ['title', 'body', 'place']) });

    const desk = await signedIn(demo('partner_staff'));
    // A household subscribed at the desk, found as the desk finds it: by name in the counter's search.
    const subscribed = await database.owner.query(
      "select s.household_name from concierge_subscriptions s join memberships m on m.organisation_id = s.organisation_id join users u on u.id = m.user_id where u.email = $1 and s.status = 'active' and (s.ends_on is null or s.ends_on >= current_date) order by s.household_name limit 1",
      [demo('partner_staff')],
    );
    expect(subscribed.rowCount, 'an active subscription at the desk').toBe(1);
    const counter = await linkOf(desk.b, `/concierge/desk/counter?q=${encodeURIComponent(subscribed.rows[0].household_name)}`, /^\/concierge\/desk\/counter\/[0-9a-f-]{36}$/);
    const request = await formOf(desk.b, counter, /\/requests$/);
    targets.push({
      name: 'concierge request at the desk',
      url: `${base}${request.action}`,
      data: encode(request.fields),
      cookie: desk.cookie,
      params: fieldsOf(request, ['catalogueId', 'notes']),
      eval: 'import uuid; idempotencyKey=str(uuid.uuid4())',
    });

    const adviser = await signedIn(demo('social_adviser'));
    targets.push({ name: 'support household search', url: `${base}/support/cases/new?q=Ben&programmeId=x`, cookie: adviser.cookie, params: ['q', 'programmeId'] });

    const adminToken = await token(demo('org_admin'), ['directory.residences.read']);
    targets.push({ name: 'API list', url: `${base}/api/v1/residences?q=Les&limit=10&offset=0`, headers: [`Authorization: Bearer ${adminToken}`], params: ['q', 'limit', 'offset'] });

    const residentToken = await token(demo('resident'), ['community.read', 'community.propose']);
    targets.push({
      name: 'API JSON body',
      url: `${base}/api/v1${process_}/proposals`,
      data: JSON.stringify({ title: 'Un composteur', body: 'Dans la cour, près du local vélos.', category: 'environment', place: 'Cour' }),
      headers: [`Authorization: Bearer ${residentToken}`, 'Content-Type: application/json'],
    });

    for (const t of targets) process.stdout.write(`sqlmap target ${t.name}: ${t.url.replace(base, '')} ${t.params?.join(',') ?? '(JSON)'} ${t.data ?? ''}\n`);

    // Each target, sent once as sqlmap will send it, reaches its handler: signed in, allowed, no CSRF refusal.
    for (const t of targets) {
      const headers = new Headers(t.headers?.map((h) => h.split(': ', 2) as [string, string]));
      if (t.cookie) headers.set('cookie', t.cookie);
      if (t.data !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
      const res = await fetch(t.url, { method: t.data === undefined ? 'GET' : 'POST', body: t.data, headers, redirect: 'manual' });
      expect([401, 403, 404, 500].filter((s) => !t.ignoreCodes?.includes(s)), `${t.name}: ${res.status} ${(await res.text()).slice(0, 300)}`).not.toContain(res.status);
    }

    // The sign-in throttle would answer 429 after five tries of one account: cleared while sqlmap runs.
    const unthrottle = setInterval(() => void database.owner.query('delete from login_attempts').catch(() => {}), 100);
    const started = Date.now();
    const only = process.env.SQLMAP_ONLY;
    const reports = await runAll(only ? targets.filter((t) => t.name.includes(only)) : targets, LIMIT_SECONDS, PARALLEL).finally(() => clearInterval(unthrottle));
    const seconds = Math.round((Date.now() - started) / 1000);

    if (process.env.SQLMAP_LOG_DIR) for (const r of reports) writeFileSync(`${process.env.SQLMAP_LOG_DIR}/${r.target.name.replace(/\W+/g, '-')}.log`, r.output);
    for (const r of reports) process.stdout.write(`sqlmap ${r.target.name}: ${r.seconds} s, clean ${r.clean.join(', ')}${r.timedOut ? ' (timed out)' : ''}${r.injectable.length ? ` INJECTABLE: ${r.injectable.join(' | ')}` : ''}\n`);
    process.stdout.write(`sqlmap: ${reports.length} targets, ${reports.reduce((n, r) => n + r.clean.length, 0)} parameters tested in ${seconds} s\n`);

    expect(reports.flatMap((r) => r.injectable)).toEqual([]);
    for (const r of reports) {
      // sqlmap ran its tests: it tested each named parameter and said so.
      expect(r.output, r.target.name).toContain("testing 'AND boolean-based blind - WHERE or HAVING clause'");
      // A run cut short by its time bound fails here, unless it had tested every parameter by then.
      if (r.target.params) expect(r.clean.sort(), `${r.target.name}${r.timedOut ? ` (stopped after ${r.seconds} s)` : ''}: ${r.output.slice(-1500)}`).toEqual(r.target.params.map((p) => p).sort());
      else expect(r.clean.length, `${r.target.name}: ${r.output.slice(-1500)}`).toBeGreaterThanOrEqual(3);
    }
  }, 300_000);
});
