import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import { sameOrigin } from '../../src/platform/http/security.js';
import { demo, testApp } from '../app.js';
import { asDemo, auditActionsSince, changedTables, concrete, maxAuditId, orgId, routeTable, type TestApp, tableFingerprints } from './helpers.js';
import { ID_SOURCES } from './urls.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

type Attack = { name: string; headers: Record<string, string>; body: (token: string, other: string) => BodyInit };
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const FIELDS = { name: 'x', title: 'x', identifier: demo('resident'), password: 'palier-demo-2026', reason: 'x', note: 'x' };
const ATTACKS: Attack[] = [
  { name: 'no token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: () => form(FIELDS) },
  { name: 'wrong token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: () => form({ ...FIELDS, _csrf: randomBytes(32).toString('base64url') }) },
  { name: "another session's token", headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: (_, other) => form({ ...FIELDS, _csrf: other }) },
  { name: 'foreign Origin', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: (token) => form({ ...FIELDS, _csrf: token }) },
  { name: 'Origin: null', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' }, body: (token) => form({ ...FIELDS, _csrf: token }) },
  { name: 'text/plain body', headers: { 'content-type': 'text/plain' }, body: (token) => `_csrf=${token}&name=x&title=x` },
  { name: 'JSON body with the token', headers: { 'content-type': 'application/json' }, body: (token) => JSON.stringify({ ...FIELDS, _csrf: token }) },
  { name: 'multipart without token', headers: {}, body: () => Object.assign(new FormData(), { _x: 0 }) },
];

describe('CSRF: every state-changing route refuses forged requests', () => {
  it('answers 403 to each variant on every POST route, for a signed-in administrator, and nothing changes', async () => {
    const posts = routeTable().filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(50);
    const admin = await asDemo(t, 'org_admin');
    const token = admin.cookies.get('palier_csrf') as string;
    const other = await t.client().csrf();
    expect(other).not.toBe(token);
    const before = await tableFingerprints(t.database.owner);
    const audit = await maxAuditId(t.database.owner);
    const sessions = (await t.database.owner.query('select count(*)::int as n from sessions')).rows[0].n;
    const failures: string[] = [];
    let tried = 0;
    for (const r of posts) {
      for (const a of ATTACKS) {
        const res = await admin.request(concrete(r.path), { method: 'POST', headers: a.headers, body: a.body(token, other) });
        tried++;
        if (res.status !== 403) failures.push(`${r.path} with ${a.name} → ${res.status}`);
      }
    }
    process.stdout.write(`CSRF: ${tried} forged POSTs on ${posts.length} routes\n`);
    expect(failures).toEqual([]);
    expect(changedTables(before, await tableFingerprints(t.database.owner))).toEqual([]);
    expect(await auditActionsSince(t.database.owner, audit)).toEqual([]);
    // A forged sign-in opens no session.
    expect((await t.database.owner.query('select count(*)::int as n from sessions')).rows[0].n).toBe(sessions);
  }, 300_000);

  it('still accepts the real form, with or without an Origin naming this site', async () => {
    const browser = t.client();
    const csrf = await browser.csrf();
    const res = await browser.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.services.config.publicUrl.replace(/\/$/, '') },
      body: form({ _csrf: csrf, identifier: demo('resident'), password: 'palier-demo-2026' }),
    });
    expect(res.status).toBe(303);
    expect(browser.cookies.has('palier_session')).toBe(true);
  });

  it('knows which origins are its own', () => {
    expect(sameOrigin('https://palier.example', 'https://palier.example/', undefined)).toBe(true);
    expect(sameOrigin('https://palier.example:8443', 'https://palier.example', undefined)).toBe(false);
    expect(sameOrigin('http://localhost:3000', 'https://palier.example', 'localhost:3000')).toBe(true);
    expect(sameOrigin('https://evil.example', 'https://palier.example', 'palier.example')).toBe(false);
    expect(sameOrigin('https://palier.example.evil.example', 'https://palier.example', 'palier.example')).toBe(false);
    expect(sameOrigin('null', 'https://palier.example', 'palier.example')).toBe(false);
    expect(sameOrigin('not a url', 'https://palier.example', 'palier.example')).toBe(false);
  });
});

describe('no GET changes state', () => {
  it('GET /spaces/:id/book without ?date= shows the form for today (spaces finding 3, fixed)', async () => {
    const resident = await asDemo(t, 'resident');
    const statuses: number[] = [];
    for (const { id } of (await t.database.owner.query('select id from spaces')).rows) statuses.push((await resident.get(`/spaces/${id}/book`)).status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses).toContain(200);
  });

  it('runs every GET route with real ids for every role and finds every table as it was', async () => {
    const owner = t.database.owner;
    const org = await orgId(owner, 'plurial-novilia');
    const ids = new Map<string, string[]>();
    const idsOf = async (table: string): Promise<string[]> => {
      if (!ids.has(table)) {
        const cols = (await owner.query('select column_name from information_schema.columns where table_name = $1', [table])).rows.map((r) => r.column_name);
        const where = cols.includes('organisation_id') ? 'where organisation_id = $1' : 'where $1::uuid is not null';
        const r = await owner.query(`select id::text from "${table}" ${where} order by id limit 3`, [org]);
        ids.set(table, r.rows.map((x) => x.id));
      }
      return ids.get(table) as string[];
    };
    const literal: Record<string, string[]> = { org: ['plurial-novilia'], kind: ['residences', 'households', 'dwellings', 'proposal', 'comment'], token: ['x'.repeat(43)] };
    const urls: string[] = [];
    for (const r of routeTable().filter((x) => x.method === 'GET')) {
      const segments = r.path.split('/');
      const params = segments.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
      if (!params.length) {
        urls.push(r.path);
        continue;
      }
      // One value list per parameter; every combination of their first values, then each value in turn.
      const choices: string[][] = [];
      for (const i of params) {
        const name = segments[i].slice(1).replace(/\{.*$/, '');
        if (literal[name]) choices.push(literal[name]);
        else {
          const tables = ID_SOURCES[segments[i - 1]] ?? ['households', 'users'];
          choices.push((await Promise.all(tables.map(idsOf))).flat());
        }
      }
      const variants = Math.max(...choices.map((c) => c.length), 1);
      for (let v = 0; v < variants; v++) {
        let k = 0;
        const fill = (s: string) => {
          if (!s.startsWith(':')) return s;
          const c = choices[k++];
          return c[v] ?? c[0] ?? 'x';
        };
        urls.push(segments.map(fill).join('/'));
      }
    }
    const before = await tableFingerprints(owner);
    const audit = await maxAuditId(owner);
    const roles: Role[] = ['org_admin', 'resident', 'concierge', 'facilitator', 'social_adviser', 'programme_manager', 'partner_staff', 'network_member', 'platform_admin'];
    const answered = new Map<number, number>();
    const crashes: string[] = [];
    for (const role of roles) {
      const browser = await asDemo(t, role);
      for (const url of urls) {
        const res = await browser.get(url);
        await res.arrayBuffer();
        answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && res.status !== 503) crashes.push(`${url} as ${role} → ${res.status}`);
      }
    }
    process.stdout.write(`GET without effect: ${urls.length} URLs × ${roles.length} roles, answers ${JSON.stringify(Object.fromEntries(answered))}\n`);
    expect(answered.get(200) ?? 0).toBeGreaterThan(urls.length);
    expect(crashes).toEqual([]);
    expect(changedTables(before, await tableFingerprints(owner))).toEqual([]);
    // Reads of sensitive records are audited; nothing else may be.
    const actions = await auditActionsSince(owner, audit);
    expect(actions.filter((a) => !/(read|viewed|list|download|export|pdf)/.test(a))).toEqual([]);
  }, 600_000);
});
