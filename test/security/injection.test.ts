import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import type { Client } from '../app.js';
import { testApp } from '../app.js';
import { asDemo, changedTables, scrapeForms, type TestApp, tableFingerprints } from './helpers.js';
import { type RealRoute, realRoutes } from './urls.js';

/**
 * SQL injection: a corpus of payloads in every path parameter, query parameter and form field of
 * every route of the route table, as a role that may reach it. To keep the run to a few minutes,
 * each parameter gets a deterministic sample of the corpus (the bare quote always, then SAMPLE
 * payloads chosen by a hash of the route and parameter name), so every payload is tried many times
 * across the table and a rerun tries exactly the same requests.
 */
const CORPUS = [
  "'",
  "' OR '1'='1",
  "' OR 1=1--",
  '" OR "1"="1',
  "1' OR '1'='1' --",
  "'; DROP TABLE users; --",
  '1; DROP TABLE memberships--',
  "' UNION SELECT NULL,NULL,NULL--",
  "' UNION SELECT email, password_hash FROM users--",
  "'; SELECT pg_sleep(3)--",
  "1 AND (SELECT 1 FROM pg_sleep(3)) IS NOT NULL",
  "' AND 1=CAST((SELECT version()) AS int)--",
  "'||(SELECT current_user)||'",
  '1) OR (1=1',
  "admin'--",
  "\\' OR 1=1 --",
  '%27%20OR%201%3D1--',
  '$$; SELECT 1; $$',
  "00000000-0000-0000-0000-000000000000' OR 'x'='x",
  '\u02bc OR \u02bc1\u02bc=\u02bc1',
  "'; COPY (SELECT '') TO PROGRAM 'id'--",
  '*/ SELECT /*',
  '-1',
  '99999999999999999999999999',
  "x'::uuid--",
  "'; SET row_security = off; --",
  "'; SELECT set_config('app.org_id', '00000000-0000-0000-0000-000000000000', false)--",
];
const SAMPLE = 3;

const SLEEPS = /pg_sleep/;

/** Texts PostgreSQL or the driver would put in an error: none may reach an answer. */
const PG_ERROR =
  /syntax error at or near|invalid input syntax|unterminated quoted|relation "[^"]+" does not exist|column "[^"]+" does not exist|SQLSTATE|violates [a-z -]*constraint|current transaction is aborted|invalid byte sequence|operator does not exist|function [^ ]+ does not exist|value too long for type|out of range for type|DatabaseError|error: .* at character|kysely|node_modules/

/** Query parameters the handlers read (grep of `c.req.query`), sent all at once on every GET route. */
const QUERY_NAMES = ['q', 'page', 'date', 'start', 'year', 'quarter', 'period', 'residence', 'resource', 'network', 'chart', 'next', 'code', 'done', 'saved', 'status', 'kind', 'limit', 'cursor', 'from', 'to', 'since', 'series', 'booked'];

const pick = (key: string): string[] => {
  const h = createHash('sha256').update(key).digest().readUInt32BE(0);
  const chosen = [CORPUS[0]];
  for (let k = 0; chosen.length < SAMPLE + 1; k++) {
    const p = CORPUS[1 + ((h + k * 7) % (CORPUS.length - 1))];
    if (!chosen.includes(p)) chosen.push(p);
  }
  return chosen;
};

let t: TestApp;
let routes: RealRoute[];
const clients = new Map<string, Client>();
const as = async (role: Role | null): Promise<Client> => {
  const key = role ?? 'anonymous';
  if (!clients.has(key)) {
    const c = role ? await asDemo(t, role) : t.client();
    if (!role) await c.csrf();
    clients.set(key, c);
  }
  return clients.get(key) as Client;
};
/** A fresh session, for requests that may end the one they run in (a password change, a sign-out). */
const fresh = async (role: Role | null): Promise<Client> => {
  clients.delete(role ?? 'anonymous');
  return as(role);
};

type Finding = string;
const stats = { requests: 0, payloads: new Set<string>(), parameters: 0 };

async function send(browser: Client, method: 'GET' | 'POST', url: string, fields: [string, string][] = [], payload = '', field = ''): Promise<{ status: number; problems: Finding[] }> {
  const started = Date.now();
  let res: Response;
  if (method === 'GET') res = await browser.get(url);
  else {
    const body = new URLSearchParams(fields);
    body.set('_csrf', await browser.csrf());
    res = await browser.request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  const text = await res.text();
  const took = Date.now() - started;
  stats.requests++;
  stats.payloads.add(payload);
  const problems: Finding[] = [];
  const where = `${method} ${url.slice(0, 160)}${field ? ` field ${field} ${JSON.stringify(payload)}` : ''}`;
  if (res.status >= 500 && res.status !== 503) problems.push(`${where} → ${res.status}`);
  const leak = PG_ERROR.exec(text);
  if (leak) problems.push(`${where} → database error text in the answer: ${leak[0]}`);
  if (SLEEPS.test(payload) && took > 2500) problems.push(`${where} → took ${took} ms: the sleep ran`);
  return { status: res.status, problems };
}

beforeAll(async () => {
  t = await testApp();
  // A data-protection request, so that its page and answer form are attacked too.
  await t.database.owner.query(
    "insert into privacy_requests (organisation_id, subject_name, kind, received_on, due_on) select id, 'Lina Haddad', 'access', '2026-12-01', '2027-01-01' from organisations where slug = 'plurial-novilia'",
  );
  routes = await realRoutes(t);
}, 120_000);

describe('SQL injection in every parameter of every route', () => {
  it('path parameters: never a 5xx or a database error, never a success, nothing changes', async () => {
    const problems: Finding[] = [];
    const before = await tableFingerprints(t.database.owner);
    for (const r of routes.filter((x) => x.params.length)) {
      for (const i of r.params) {
        stats.parameters++;
        for (const payload of pick(`${r.method} ${r.path} ${i}`)) {
          const segments = [...r.segments];
          segments[i] = encodeURIComponent(payload);
          const out = await send(await as(r.role), r.method, segments.join('/'), [], payload);
          problems.push(...out.problems);
          // A made-up id is never a record; a literal parameter (an organisation's slug) may show a not-found page.
          if (out.status < 400 && !/^:(org|kind|token)/.test(r.path.split('/')[i])) problems.push(`${r.method} ${r.path} with ${JSON.stringify(payload)} in parameter ${i} → ${out.status}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await tableFingerprints(t.database.owner))).toEqual([]);
  }, 600_000);

  it('query parameters of every GET route: never a 5xx or a database error, nothing changes', async () => {
    const problems: Finding[] = [];
    const before = await tableFingerprints(t.database.owner);
    for (const r of routes.filter((x) => x.method === 'GET')) {
      stats.parameters += QUERY_NAMES.length;
      for (const payload of pick(`query ${r.path}`)) {
        const query = new URLSearchParams(QUERY_NAMES.map((n) => [n, payload]));
        const out = await send(await as(r.role), 'GET', `${r.segments.join('/')}?${query}`, [], payload);
        problems.push(...out.problems);
      }
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await tableFingerprints(t.database.owner))).toEqual([]);
  }, 600_000);

  it('form fields of every form the pages offer: never a 5xx or a database error; a refused form changes nothing', async () => {
    const problems: Finding[] = [];
    const seen = new Set<string>();
    let forms = 0;
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const page = r.segments.join('/');
      const res = await (await as(r.role)).get(page);
      if (res.status !== 200 || !res.headers.get('content-type')?.includes('text/html')) continue;
      const html = await res.text();
      for (const form of scrapeForms(html, { filler: 'Injection test', checkboxes: 'all' })) {
        form.action ||= page;
        const key = `${form.method} ${form.action.replace(/[0-9a-f-]{36}/g, ':id')} ${form.fields.map(([k]) => k).join(',')}`;
        if (seen.has(key) || !form.action.startsWith('/') || /\/signout$/.test(form.action)) continue;
        seen.add(key);
        forms++;
        const names = [...new Set(form.fields.map(([k]) => k))].filter((k) => k !== '_csrf');
        for (const name of names) {
          stats.parameters++;
          for (const payload of pick(`${key} ${name}`)) {
            const fields = form.fields.map(([k, v]): [string, string] => [k, k === name ? payload : v]);
            if (form.method === 'GET') {
              const out = await send(await as(r.role), 'GET', `${form.action}?${new URLSearchParams(fields.filter(([k]) => k !== '_csrf'))}`, [], payload);
              problems.push(...out.problems);
              continue;
            }
            const browser = await fresh(r.role);
            const fp = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']);
            const out = await send(browser, 'POST', form.action, fields, payload, name);
            problems.push(...out.problems);
            if (out.status >= 400) {
              const changed = changedTables(fp, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']));
              if (changed.length) problems.push(`POST ${form.action} with ${JSON.stringify(payload)} in ${name} → ${out.status} but ${changed.join(', ')} changed`);
            }
          }
        }
      }
    }
    process.stdout.write(
      `SQL injection: ${stats.requests} requests, ${stats.payloads.size} distinct payloads of ${CORPUS.length}, ${stats.parameters} parameters over ${routes.length} routes and ${forms} forms\n`,
    );
    expect(forms).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 900_000);
});
