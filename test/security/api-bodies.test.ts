import { createHash } from 'node:crypto';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { apiEndpoints, apiScopes } from '../../src/platform/api/registry.js';
import { demo, testApp } from '../app.js';
import { bodySampler, type Sampler, type Schema } from './api-sample.js';
import { changedTables, orgId, type TestApp, tableFingerprints } from './helpers.js';
import { candidateUrls, type Person, shapePeople } from './field-shapes.js';
import { hostileFields, injectionWatch } from './injected.js';
import { type RealRoute, realRoutes } from './urls.js';

/**
 * The /api/v1 JSON bodies, attacked with API tokens that carry every scope (one per demo role, so each
 * endpoint is called by a role its policy lets in): SQL-injection payloads in every string field, and
 * fields naming another tenant, a role, an owner or an outcome added to a valid body (mass assignment).
 * Bodies are made from each endpoint's declared zod schema, with real ids of the token's organisation.
 */
const CORPUS = [
  "'",
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "' UNION SELECT email, password_hash FROM users--",
  "'; SELECT pg_sleep(3)--",
  "' AND 1=CAST((SELECT version()) AS int)--",
  "'||(SELECT current_user)||'",
  '1) OR (1=1',
  '$$; SELECT 1; $$',
  "00000000-0000-0000-0000-000000000000' OR 'x'='x",
  '\u02bc OR \u02bc1\u02bc=\u02bc1',
  "'; COPY (SELECT '') TO PROGRAM 'id'--",
  "x'::uuid--",
  "'; SET row_security = off; --",
  "'; SELECT set_config('app.org_id', '00000000-0000-0000-0000-000000000000', false)--",
];
const PG_ERROR =
  /syntax error at or near|invalid input syntax|unterminated quoted|relation "[^"]+" does not exist|column "[^"]+" does not exist|SQLSTATE|violates [a-z -]*constraint|current transaction is aborted|invalid byte sequence|operator does not exist|function [^ ]+ does not exist|value too long for type|out of range for type|DatabaseError|error: .* at character|kysely|node_modules/;
const pick = (key: string): string[] => {
  const h = createHash('sha256').update(key).digest().readUInt32BE(0);
  const chosen = [CORPUS[0]];
  for (let k = 0; chosen.length < 4; k++) {
    const p = CORPUS[1 + ((h + k * 5) % (CORPUS.length - 1))];
    if (!chosen.includes(p)) chosen.push(p);
  }
  return chosen;
};

let t: TestApp;
let routes: RealRoute[];
let orgB: string;
let otherUser: string;
let sampler: Sampler;
const sample = (s: Schema, name: string, role: Role) => sampler.sample(s, name, role);
const tokens = new Map<Role, string>();
const stats = { requests: 0, fields: 0, endpoints: 0, accepted: 0 };

async function tokenFor(role: Role, fresh = false): Promise<string> {
  if (!fresh && tokens.has(role)) return tokens.get(role) as string;
  const secret = `plr_attack_${role}_${Math.random().toString(36).slice(2)}`;
  await t.database.owner.query(
    "insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) select m.organisation_id, 'Attack', $2, $3, u.id from users u join memberships m on m.user_id = u.id where u.email = $1 order by m.organisation_id limit 1",
    [demo(role), hashSecret(secret), apiScopes()],
  );
  tokens.set(role, secret);
  return secret;
}

/** The paths of the string fields of a body (top level, and one level into objects and arrays of objects). */
function stringPaths(s: Schema, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return stringPaths(alt.find((a) => a.type !== 'null') ?? alt[0], prefix, depth);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (type === 'string' || (!type && !s.properties)) return prefix.length ? [prefix] : [];
  if (depth > 2) return [];
  if (type === 'object') return Object.entries(s.properties ?? {}).flatMap(([k, v]) => stringPaths(v, [...prefix, k], depth + 1));
  if (type === 'array' && s.items) return stringPaths(s.items, [...prefix, 0], depth + 1);
  return [];
}

function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  path.slice(0, -1).forEach((k, i) => {
    if (at[k] === undefined || at[k] === null || typeof at[k] !== 'object') at[k] = typeof path[i + 1] === 'number' ? [] : {};
    at = at[k] as Record<string | number, unknown>;
  });
  at[path[path.length - 1]] = value;
  return copy;
}

type Target = { route: RealRoute; role: Role; schema: Schema };
let targets: Target[] = [];
/** Every POST endpoint, with a body schema or none (a body it never reads must change nothing either). */
let massTargets: Target[] = [];

async function call(target: Target, body: string): Promise<{ status: number; text: string; ms: number }> {
  const url = target.route.segments.join('/');
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    const res = await t.app.request(url, { method: 'POST', body, headers: { authorization: `Bearer ${await tokenFor(target.role, attempt > 0)}`, 'content-type': 'application/json', 'idempotency-key': `attack-${stats.requests}-${Math.random().toString(36).slice(2)}` } });
    const text = await res.text();
    stats.requests++;
    // An endpoint may revoke tokens or change the creator's roles: a new token, once.
    if (res.status === 401 && attempt === 0) continue;
    return { status: res.status, text, ms: Date.now() - started };
  }
}

beforeAll(async () => {
  t = await testApp();
  sampler = bodySampler(t);
  orgB = await orgId(t.database.owner, 'logirep');
  otherUser = (await t.database.owner.query("select id from users where email = 'platform-admin@demo.palier.fr'")).rows[0].id;
  routes = await realRoutes(t);
  for (const e of apiEndpoints().filter((x) => x.method === 'POST')) {
    const route = routes.find((r) => r.method === 'POST' && r.path === e.path);
    if (!route?.role) continue;
    if (!e.body) {
      massTargets.push({ route, role: route.role, schema: { type: 'object', properties: {} } });
      continue;
    }
    const { $schema: _s, ...schema } = z.toJSONSchema(e.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema & { $schema?: string };
    targets.push({ route, role: route.role, schema });
  }
  // Endpoints that end access (revoke, disable, sign out) last, so the others run with live tokens.
  const lastly = (a: Target, b: Target) => Number(/revoke|disable|delete|remove/.test(a.route.path)) - Number(/revoke|disable|delete|remove/.test(b.route.path));
  targets = targets.sort(lastly);
  massTargets = [...targets, ...massTargets].sort(lastly);
}, 120_000);

describe('API JSON bodies', () => {
  it('mass assignment: organisation, role, owner, outcome and prototype keys added to every body change nothing outside the allowlist', async () => {
    const problems: string[] = [];
    const outcomes = new Map<number, number>();
    const memberships = async () => JSON.stringify((await t.database.owner.query('select user_id, organisation_id, role, household_id, residence_ids from memberships order by 1, 2, 3')).rows);
    const otherOrg = async () => {
      const { rows } = await t.database.owner.query<{ table_name: string }>("select table_name from information_schema.columns where table_schema = 'public' and column_name = 'organisation_id' and table_name not in ('audit_events', 'sessions', 'api_tokens')");
      const parts: string[] = [];
      for (const { table_name } of rows) parts.push(`${table_name}:${(await t.database.owner.query(`select count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from "${table_name}" x where organisation_id = $1`, [orgB])).rows[0].h}`);
      return parts;
    };
    const mentions = async () => {
      const { rows } = await t.database.owner.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' and tablename not in ('audit_events', 'sessions', 'login_attempts', 'api_tokens')");
      let n = 0;
      for (const { tablename } of rows) n += (await t.database.owner.query(`select count(*)::int as n from "${tablename}" x where x::text like $1`, [`%${otherUser}%`])).rows[0].n;
      return n;
    };
    const hostile: Record<string, unknown> = { ...hostileFields(orgB, otherUser), roles: ['platform_admin'], amount_cents: 99999999, isAdmin: true };
    // Who sends: Logirem's support staff for the support module (their organisation holds the cases, one opened
    // for them by shapePeople), the role's demo account elsewhere; path ids are the newest records of their organisation.
    const people = await shapePeople(t);
    const urls = candidateUrls(t);
    const secrets = new Map<Person, string>();
    const secretOf = async (person: Person) => {
      if (!secrets.has(person)) {
        const secret = `plr_mass_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
        const org = person.org ?? (await t.database.owner.query('select organisation_id from memberships where user_id = $1 order by created_at limit 1', [person.user])).rows[0].organisation_id;
        await t.database.owner.query("insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, 'Mass assignment', $2, $3, $4)", [org, hashSecret(secret), apiScopes(), person.user]);
        secrets.set(person, secret);
      }
      return secrets.get(person) as string;
    };
    const before = { memberships: await memberships(), other: await otherOrg(), mentions: await mentions() };
    const watch = await injectionWatch(t.database.owner, orgB, otherUser);
    let wrote = 0;
    for (const target of massTargets) {
      const support = target.route.path.startsWith('/api/v1/support/');
      const person = (support && people.find((p) => p.role === target.role && p.name.endsWith('logirem.demo.palier.fr'))) || (people.find((p) => p.name === `demo ${target.role}`) as Person);
      sampler.setOrg(person.org);
      const url = (await urls(person, target.route.path))[0] ?? target.route.segments.join('/');
      const valid = (await sample(target.schema, '', target.role)) as Record<string, unknown>;
      sampler.setOrg(null);
      const allowed = new Set(Object.keys(target.schema.properties ?? {}));
      const extra = Object.fromEntries(Object.entries(hostile).filter(([k]) => !allowed.has(k)));
      // __proto__ and constructor.prototype as JSON.parse reads them: own keys of the parsed object.
      const json = JSON.stringify({ ...valid, ...extra }).replace(/^\{/, '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"constructor.prototype":{"polluted":"yes"},');
      const res = await t.app.request(url, { method: 'POST', body: json, headers: { authorization: `Bearer ${await secretOf(person)}`, 'content-type': 'application/json', 'idempotency-key': `mass-${Math.random().toString(36).slice(2)}` } });
      const out = { status: res.status, text: await res.text() };
      outcomes.set(out.status, (outcomes.get(out.status) ?? 0) + 1);
      if (process.env.API_BODIES_DEBUG) process.stdout.write(`${out.status} ${person.name} ${url} ${json.slice(0, 200)} ${out.text.slice(0, 200)}\n`);
      if (out.status >= 500) problems.push(`POST ${target.route.path} → ${out.status}`);
      if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined) problems.push(`POST ${target.route.path}: Object.prototype polluted`);
      for (const [what, value] of [['role', 'platform_admin'], ['owner', otherUser], ['organisation', orgB], ['outcome', hostile.status as string], ['id', hostile.id as string], ['date', hostile.createdAt as string]]) {
        if (out.text.includes(value) && !JSON.stringify(valid).includes(value)) problems.push(`POST ${target.route.path} → ${out.status}: the answer carries the injected ${what}`);
      }
      // In the database: no row the request wrote carries an injected value.
      const { changed, found } = await watch.check();
      if (changed.length) wrote++;
      for (const f of found) problems.push(`POST ${target.route.path} → ${out.status}: ${f}`);
    }
    if ((await memberships()) !== before.memberships) problems.push('memberships changed');
    const other = await otherOrg();
    const moved = other.filter((x, i) => x !== before.other[i]).map((x) => x.split(':')[0]);
    if (moved.length) problems.push(`rows of another organisation changed: ${moved.join(', ')}`);
    if ((await mentions()) !== before.mentions) problems.push('the injected user id was stored');
    const summary = [...outcomes].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s}`).join(', ');
    process.stdout.write(`API mass assignment: ${massTargets.length} POST endpoints (${targets.length} with a body schema) with ${Object.keys(hostile).length + 3} injected keys each → ${summary}; ${wrote} wrote to the database (${watch.tables} tables watched)\n`);
    expect(problems).toEqual([]);
    // Enough bodies were accepted that the injected keys went through the real write paths.
    expect([...outcomes].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThanOrEqual(5);
  }, 600_000);

  it('SQL injection in every string field of every body: never a 5xx, a database error or a sleep; a refused body changes nothing', async () => {
    const problems: string[] = [];
    for (const target of targets) {
      stats.endpoints++;
      const valid = await sample(target.schema, '', target.role);
      const before = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts', 'api_tokens']);
      let anyAccepted = false;
      for (const path of stringPaths(target.schema)) {
        stats.fields++;
        for (const payload of pick(`${target.route.path} ${path.join('.')}`)) {
          const out = await call(target, JSON.stringify(setAt(valid, path, payload)));
          const where = `POST ${target.route.path} (${target.role}) field ${path.join('.')} ${JSON.stringify(payload)}`;
          if (out.status >= 500) problems.push(`${where} → ${out.status}`);
          const leak = PG_ERROR.exec(out.text);
          if (leak) problems.push(`${where} → database error text: ${leak[0]}`);
          if (/pg_sleep/.test(payload) && out.ms > 2500) problems.push(`${where} → took ${out.ms} ms`);
          if (out.status < 300) anyAccepted = true;
        }
      }
      if (!anyAccepted) {
        const changed = changedTables(before, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts', 'api_tokens']));
        if (changed.length) problems.push(`POST ${target.route.path}: every injected body refused, yet ${changed.join(', ')} changed`);
      } else stats.accepted++;
    }
    process.stdout.write(`API JSON injection: ${stats.requests} requests, ${stats.fields} string fields of ${stats.endpoints} endpoints (${stats.accepted} stored a payload as text), tokens with all ${apiScopes().length} scopes for ${new Set(targets.map((x) => x.role)).size} roles\n`);
    expect(targets.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  }, 900_000);
});
