import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import { type Client, testApp } from '../app.js';
import { PUBLIC } from '../../src/platform/access/authorize.js';
import { candidateUrls, mayCall, type Person, shapePeople } from './field-shapes.js';
import { asDemo, browserFor, formFields, orgId, routeTable, scrapeForms, type TestApp, tableFingerprints } from './helpers.js';
import { hostileFields, injectionWatch } from './injected.js';
import { EXEMPT, WALK_SOMETIMES } from './mass-assignment-exempt.js';
import { SCENARIOS } from './mass-assignment-scenarios.js';
import { scenarioKit } from './scenario-kit.js';

let t: TestApp;
let orgA: string;
let orgB: string;
let otherUser: string;
beforeAll(async () => {
  t = await testApp();
  orgA = await orgId(t.database.owner, 'plurial-novilia');
  orgB = await orgId(t.database.owner, 'logirep');
  otherUser = (await t.database.owner.query("select id from users where email = 'platform-admin@demo.palier.fr'")).rows[0].id;
});

/** What an attacker adds to a form: fields naming the tenant, the role, the owner and the outcome. */
const hostile = (): [string, string][] => [
  ['organisation_id', orgB],
  ['organisationId', orgB],
  ['orgId', orgB],
  ['role', 'platform_admin'],
  ['roles', 'platform_admin'],
  ['roles[]', 'org_admin'],
  ['user_id', otherUser],
  ['userId', otherUser],
  ['owner', otherUser],
  ['created_by', otherUser],
  ['status', 'granted'],
  ['decision', 'granted'],
  ['state', 'approved'],
  ['amount_cents', '99999999'],
  ['__proto__[polluted]', 'yes'],
  ['__proto__', 'yes'],
  ['constructor[prototype][polluted]', 'yes'],
];

type Case = { module: string; role: Role; optional?: boolean; page: (browser: Client) => Promise<string>; action: RegExp };
const first = async (sql: string) => (await t.database.owner.query(sql, [orgA])).rows[0]?.id as string;

const CASES: Case[] = [
  { module: 'account', role: 'resident', page: async () => '/account', action: /^\/account/ },
  { module: 'account (password)', role: 'resident', page: async () => '/account/password', action: /^\/account\/password$/ },
  { module: 'directory (member)', role: 'org_admin', page: async () => `/admin/members/${await first("select id from memberships where organisation_id = $1 and role = 'concierge'")}`, action: /^\/admin\/members\// },
  { module: 'directory (residence)', role: 'org_admin', page: async () => `/admin/residences/${await first('select id from residences where organisation_id = $1 order by id')}/edit`, action: /^\/admin\/residences\// },
  { module: 'spaces (booking)', role: 'resident', page: async () => `/spaces/${await first('select id from spaces where organisation_id = $1 order by id')}/book?date=${new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10)}&start=10:00`, action: /\/book$/ },
  { module: 'concierge (request)', role: 'resident', optional: true, page: async (b) => /href="(\/concierge\/services\/[0-9a-f-]{36})"/.exec(await (await b.get('/concierge/services')).text())?.[1] ?? '/concierge/services', action: /^\/concierge\/services\// },
  { module: 'community (event)', role: 'facilitator', page: async () => '/community/manage/events/new', action: /^\/community\/manage\/events/ },
  { module: 'community (registration)', role: 'resident', page: async () => `/community/events/${await first('select id from community_events where organisation_id = $1 and starts_at > now() order by starts_at')}`, action: /register/ },
  { module: 'support (case)', role: 'social_adviser', page: async () => '/support/cases/new', action: /^\/support\/cases/ },
];

/** Per organisation, each tenant table's fingerprint: another organisation's rows must never move. */
async function orgFingerprint(org: string): Promise<Map<string, string>> {
  const { rows } = await t.database.owner.query<{ table_name: string }>("select table_name from information_schema.columns where table_schema = 'public' and column_name = 'organisation_id' and table_name not in ('audit_events', 'sessions')");
  const out = new Map<string, string>();
  for (const { table_name } of rows) {
    const r = await t.database.owner.query(`select count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from "${table_name}" x where organisation_id = $1`, [org]);
    out.set(table_name, `${r.rows[0].n}:${r.rows[0].h}`);
  }
  return out;
}

/** How many rows anywhere mention the injected owner's id (audit and sessions aside). */
async function mentionsOf(id: string): Promise<number> {
  const { rows } = await t.database.owner.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' and tablename not in ('audit_events', 'sessions', 'login_attempts')");
  let n = 0;
  for (const { tablename } of rows) n += (await t.database.owner.query(`select count(*)::int as n from "${tablename}" x where x::text like $1`, [`%${id}%`])).rows[0].n;
  return n;
}

describe('mass assignment: injected fields never reach the database', () => {
  it('ignores organisation, role, owner, outcome and prototype fields added to a form of every module', async () => {
    const outcomes: string[] = [];
    const problems: string[] = [];
    for (const c of CASES) {
      const browser = await asDemo(t, c.role);
      const page = await c.page(browser);
      const html = await (await browser.get(page)).text();
      const form = formFields(html, c.action);
      if (!form && c.optional) {
        outcomes.push(`${c.module} → no form offered to the demo ${c.role}`);
        continue;
      }
      if (!form) {
        problems.push(`${c.module}: no form matching ${c.action} on ${page}`);
        continue;
      }
      const privileged = await t.database.owner.query('select user_id, organisation_id, role from memberships order by 1, 2, 3');
      const users = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']).then((m) => m.get('users'));
      const otherOrg = await orgFingerprint(orgB);
      const mentions = await mentionsOf(otherUser);
      const body = new URLSearchParams([...form.fields.filter(([k]) => !hostile().some(([h]) => h === k)), ...hostile()]);
      body.set('_csrf', await browser.csrf());
      const res = await browser.request(form.action, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      outcomes.push(`${c.module} → ${res.status}`);
      if (res.status >= 500) problems.push(`${c.module}: ${form.action} → ${res.status}`);
      if (({} as Record<string, unknown>).polluted !== undefined) problems.push(`${c.module}: Object.prototype polluted`);
      const after = await t.database.owner.query('select user_id, organisation_id, role from memberships order by 1, 2, 3');
      if (JSON.stringify(after.rows) !== JSON.stringify(privileged.rows)) problems.push(`${c.module}: memberships changed`);
      if (c.module !== 'account (password)' && (await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']).then((m) => m.get('users'))) !== users && !c.module.startsWith('account')) problems.push(`${c.module}: users changed`);
      if ((await mentionsOf(otherUser)) !== mentions) problems.push(`${c.module}: the injected user id was stored`);
      const otherAfter = await orgFingerprint(orgB);
      for (const [table, fp] of otherAfter) if (otherOrg.get(table) !== fp) problems.push(`${c.module}: rows of another organisation changed in ${table}`);
      // Whatever was created or changed carries no injected outcome or owner.
      const granted = await t.database.owner.query("select count(*)::int as n from support_decisions where created_at > now() - interval '1 minute'").catch(() => ({ rows: [{ n: 0 }] }));
      if (granted.rows[0].n > 0) problems.push(`${c.module}: a decision appeared`);
    }
    process.stdout.write(`mass assignment: ${outcomes.join(', ')}\n`);
    expect(problems).toEqual([]);
    // At least most forms were accepted (303), so the injected fields went through the real write path.
    expect(outcomes.filter((o) => o.endsWith('303')).length).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('every form of the route table: the injected keys change nothing outside the form’s own fields', async () => {
    // Every page of the route table, as people of every role that may open it (the demo accounts, Logirem's support
    // staff with a case opened for them, a provider with a request, a resident of the household with most records;
    // public pages anonymously), each record parameter tried with up to six records of the person's organisation.
    // Each POST form found is kept, once per route, with the person who was shown it.
    const people = await shapePeople(t);
    const anonymous: Person = { name: 'anonymous', role: 'resident', org: null, user: '', browser: t.client() };
    const urls = candidateUrls(t);
    const posts = routeTable().filter((r) => r.method === 'POST' && !r.path.startsWith('/api/'));
    const patterns = posts.map((r) => ({ path: r.path, re: new RegExp(`^${r.path.replace(/:[a-zA-Z_]+(\{[^}]*\})?/g, '[^/]+')}$`) }));
    const forms = new Map<string, { page: string; person: Person; action: string; fields: [string, string][] }>();
    for (const r of routeTable()) {
      if (r.method !== 'GET' || r.path.startsWith('/api/') || /\.(pdf|csv|ics|json|xlsx)$/.test(r.path)) continue;
      const openers = r.permission === PUBLIC ? [anonymous] : people.filter((p) => mayCall(r.permission, p.role));
      // Every person who may open the page (the records differ: Logirem's staff hold the support records), each record
      // candidate in turn while it shows a form of a route not yet found.
      for (const person of openers) {
        for (const page of await urls(person.name === 'anonymous' ? people[0] : person, r.path)) {
          const res = await person.browser.get(page);
          if (res.status !== 200 || !res.headers.get('content-type')?.includes('html')) {
            await res.body?.cancel();
            continue;
          }
          let found = 0;
          for (const form of scrapeForms(await res.text(), { filler: 'Mass assignment test', checkboxes: 'checked' })) {
            if (form.method !== 'POST') continue;
            const target = patterns.find((p) => p.re.test(form.action.split('?')[0]));
            if (target && !forms.has(target.path)) {
              forms.set(target.path, { page, person, action: form.action, fields: form.fields });
              found++;
            }
          }
          if (!found) break;
        }
      }
    }
    const kit = await scenarioKit(t);
    const hostile = Object.entries(hostileFields(orgB, otherUser));
    const watch = await injectionWatch(t.database.owner, orgB, otherUser);
    const problems: string[] = [];
    const outcomes = new Map<number, number>();
    const sent = new Set<string>();
    let changedSome = 0;
    const sendForm = async (path: string, browser: Client, who: string, page: string, action: string, fields: [string, string][]) => {
      const own = new Set(fields.map(([k]) => k));
      const body = new URLSearchParams([...fields, ...hostile.filter(([k]) => !own.has(k)), ['__proto__[polluted]', 'yes'], ['constructor[prototype][polluted]', 'yes'], ['constructor.prototype.polluted', 'yes']]);
      body.set('_csrf', await browser.csrf());
      const res = await browser.request(action, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await res.body?.cancel();
      sent.add(path);
      outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
      if (res.status >= 500) problems.push(`POST ${path} → ${res.status} (as ${who}, form of ${page})`);
      if (({} as Record<string, unknown>).polluted !== undefined) problems.push(`POST ${path}: Object.prototype polluted`);
      const { changed, found } = await watch.check();
      if (changed.length) changedSome++;
      for (const f of found) problems.push(`POST ${path} (as ${who}, form of ${page}): ${f}`);
    };
    // A scenario's record is made just before its send: the walk's form of the same route, if any, is not sent.
    const byScenario = async (path: string) => {
      const pattern = patterns.find((p) => p.path === path);
      if (!pattern) return;
      try {
        const opening = await SCENARIOS[path](kit, t);
        const browser = opening.user ? await browserFor(t, opening.user, opening.org) : t.client();
        await opening.before?.(browser);
        const res = await browser.get(opening.page);
        const form = res.status === 200 ? scrapeForms(await res.text(), { filler: 'Mass assignment test', checkboxes: 'checked' }).find((f) => f.method === 'POST' && pattern.re.test(f.action.split('?')[0])) : undefined;
        if (!form) problems.push(`scenario ${path}: no form of the route on ${opening.page} (${res.status})`);
        else await sendForm(path, browser, `scenario user ${opening.user}`, opening.page, form.action, form.fields);
      } catch (e) {
        problems.push(`scenario ${path}: ${(e as Error).message}`);
      }
    };
    // Routes that end the session or the account go last; each send has its own signed-in browser.
    const ending = (path: string) => /signout|sign-out|disable|delete|revoke/.test(path) && !(path in SCENARIOS);
    const walked = [...forms].filter(([path]) => !(path in SCENARIOS));
    for (const [path, form] of walked.filter(([p]) => !ending(p))) await sendForm(path, form.person.user ? await browserFor(t, form.person.user, form.person.org) : t.client(), form.person.name, form.page, form.action, form.fields);
    for (const path of Object.keys(SCENARIOS)) await byScenario(path);
    for (const [path, form] of walked.filter(([p]) => ending(p))) await sendForm(path, form.person.user ? await browserFor(t, form.person.user, form.person.org) : t.client(), form.person.name, form.page, form.action, form.fields);
    const routes = new Set(posts.map((r) => r.path));
    const unreached = posts.map((r) => r.path).filter((p) => !sent.has(p) && !(p in EXEMPT));
    // An exemption the walk happened to send is said, not failed: whether a page offers a form can depend on the hour
    // and on the day the seed was made for (a registration still cancellable, a roll-call open), so "now sent" is not a
    // stable fact. A route gone, or one a scenario sends, makes its exemption stale.
    const sentAnyway = Object.keys(EXEMPT).filter((p) => sent.has(p) && !WALK_SOMETIMES.has(p) && !(p in SCENARIOS));
    if (sentAnyway.length) process.stdout.write(`mass assignment (forms), exempt but sent by the walk this run (review the exemption): ${sentAnyway.join(', ')}\n`);
    const stale = [
      ...Object.keys(EXEMPT).filter((p) => !routes.has(p) || p in SCENARIOS),
      ...[...WALK_SOMETIMES].filter((p) => !(p in EXEMPT)),
      ...Object.keys(SCENARIOS).filter((p) => !routes.has(p)),
    ];
    const scenarioSent = Object.keys(SCENARIOS).filter((p) => sent.has(p)).length;
    const summary = [...outcomes].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s}`).join(', ');
    process.stdout.write(`mass assignment (forms): ${sent.size} of ${posts.length} form routes sent (${sent.size - scenarioSent} by the walk, ${scenarioSent} by scenarios) with ${hostile.length + 3} injected keys → ${summary}; ${changedSome} wrote to the database (${watch.tables} tables watched); ${Object.keys(EXEMPT).length} exempt with a reason (of them sent by the walk this run: ${[...WALK_SOMETIMES].filter((p) => sent.has(p)).join(', ') || 'none'}); neither sent nor exempt: ${unreached.length} (${unreached.join(', ')}); stale: ${stale.join(', ') || 'none'}\n`);
    expect(problems).toEqual([]);
    expect({ unreached, stale }).toEqual({ unreached: [], stale: [] });
    expect(changedSome).toBeGreaterThan(20);
  }, 900_000);
});
