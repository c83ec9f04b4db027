import type pg from 'pg';
import type { Role } from '../../src/platform/access/roles.js';
import { createSession, STAFF_SESSION } from '../../src/platform/auth/sessions.js';
import { declaredRoutes } from '../../src/platform/http/routes.js';
import { type Client, demo, type testApp } from '../app.js';

export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** A uuid no table holds. */
export const UNKNOWN_ID = '7a1d1f0e-0000-4000-8000-000000000000';

/** A route pattern with every parameter replaced by `id` (`/spaces/:id/book` → `/spaces/<id>/book`). */
export const concrete = (path: string, id = UNKNOWN_ID) => path.replace(/:[a-zA-Z_]+(\{[^}]*\})?/g, id);

/** The declared routes as [method, pattern] pairs. */
export function routeTable(): { method: 'GET' | 'POST'; path: string; permission: unknown }[] {
  return [...declaredRoutes()].map(([key, permission]) => {
    const [method, path] = key.split(' ') as ['GET' | 'POST', string];
    return { method, path, permission };
  });
}

export async function userId(owner: pg.Pool, email: string): Promise<string> {
  const r = await owner.query('select id from users where lower(email) = lower($1)', [email]);
  return r.rows[0].id;
}

export async function orgId(owner: pg.Pool, slug: string): Promise<string> {
  const r = await owner.query('select id from organisations where slug = $1', [slug]);
  return r.rows[0].id;
}

/** A fresh signed-in browser for a user, its session made directly (the sign-in form has its own tests). */
export async function browserFor(t: TestApp, user: string, organisationId: string | null = null): Promise<Client> {
  const browser = t.client();
  const token = await createSession(t.database.db, user, STAFF_SESSION, { organisationId, mfaPassed: true });
  browser.cookies.set('palier_session', token);
  await browser.csrf();
  return browser;
}

export async function asDemo(t: TestApp, role: Role): Promise<Client> {
  return browserFor(t, await userId(t.database.owner, demo(role)));
}

/** Adds a person with one membership in an organisation (directly, as an administrator's import would). */
export async function addMember(owner: pg.Pool, org: string, role: Role, name: string, extra: { household_id?: string; residence_ids?: string[] } = {}): Promise<string> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 8)}@attacker.example`;
  const u = await owner.query('insert into users (email, display_name) values ($1, $2) returning id', [email, name]);
  await owner.query('insert into memberships (organisation_id, user_id, role, household_id, residence_ids) values ($1, $2, $3, $4, $5)', [org, u.rows[0].id, role, extra.household_id ?? null, extra.residence_ids ?? null]);
  return u.rows[0].id;
}

/**
 * A fingerprint of every table's content (row count and a hash of the rows), read as the owner so
 * row-level security hides nothing. Sessions (their last activity moves on reads) and the audit log
 * (reads of sensitive records are audited) are compared separately.
 */
export async function tableFingerprints(owner: pg.Pool, except: string[] = ['sessions', 'audit_events']): Promise<Map<string, string>> {
  const { rows } = await owner.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by tablename");
  const out = new Map<string, string>();
  for (const { tablename } of rows) {
    if (except.includes(tablename)) continue;
    const r = await owner.query(`select count(*)::int as n, coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as h from "${tablename}" t`);
    out.set(tablename, `${r.rows[0].n}:${r.rows[0].h}`);
  }
  return out;
}

/** The names of the tables whose fingerprint differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}

export async function maxAuditId(owner: pg.Pool): Promise<number> {
  const r = await owner.query('select coalesce(max(id), 0)::int as id from audit_events');
  return r.rows[0].id;
}

export async function auditActionsSince(owner: pg.Pool, id: number): Promise<string[]> {
  const r = await owner.query('select distinct action from audit_events where id > $1 order by action', [id]);
  return r.rows.map((x) => x.action);
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};

export type ScrapedForm = { method: 'GET' | 'POST'; action: string; fields: [string, string][] };

/**
 * Every form of a page with the values a browser would send: what the page filled in, and `filler` in empty
 * text fields. `checkboxes: 'checked'` sends only ticked boxes, as a browser does; `'all'` sends every box
 * (to reach every parameter).
 */
export function scrapeForms(html: string, opts: { filler: string; checkboxes: 'checked' | 'all' }): ScrapedForm[] {
  const out: ScrapedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const method = /post/i.test(attr(m[1], 'method') ?? '') ? 'POST' : 'GET';
    const fields: [string, string][] = [];
    const seen = new Set<string>();
    for (const input of m[2].matchAll(/<input\b[^>]*>/g)) {
      const name = attr(input[0], 'name');
      const type = attr(input[0], 'type') ?? 'text';
      if (!name || type === 'file' || type === 'submit') continue;
      if (type === 'checkbox' && opts.checkboxes === 'checked' && !/\schecked/.test(input[0])) continue;
      if (type === 'radio' && seen.has(name)) continue;
      if (type === 'radio') seen.add(name);
      let value = attr(input[0], 'value') ?? '';
      if (!value && type === 'date') value = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
      if (!value && type === 'time') value = '10:00';
      if (!value && type === 'number') value = attr(input[0], 'min') ?? '1';
      if (!value && type === 'email') value = 'someone@example.org';
      if (!value && type === 'tel') value = '0612345678';
      if (!value && type !== 'hidden') value = opts.filler;
      fields.push([name, value]);
    }
    for (const select of m[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(select[1], 'name');
      const options = [...select[2].matchAll(/<option\b([^>]*)>/g)].map((o) => ({ value: attr(o[1], 'value') ?? '', selected: /\sselected/.test(o[1]) }));
      const chosen = options.find((o) => o.selected) ?? options.find((o) => o.value);
      if (name && chosen) fields.push([name, chosen.value]);
    }
    for (const area of m[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(area[1], 'name');
      if (name) fields.push([name, decode(area[2]) || opts.filler]);
    }
    out.push({ method, action: attr(m[1], 'action') ?? '', fields });
  }
  return out;
}

/** The fields a browser would send for the first post form of a page whose action matches: as filled in by the page. */
export function formFields(html: string, action: RegExp): { action: string; fields: [string, string][] } | null {
  const form = scrapeForms(html, { filler: 'Mass assignment test', checkboxes: 'checked' }).find((f) => f.method === 'POST' && action.test(f.action));
  return form ? { action: form.action, fields: form.fields } : null;
}

