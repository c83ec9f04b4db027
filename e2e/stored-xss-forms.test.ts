import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC, rolesWith, SIGNED_IN } from '../src/platform/access/authorize.js';
import { ROLES, type Role } from '../src/platform/access/roles.js';
import { createSession, STAFF_SESSION } from '../src/platform/auth/sessions.js';
import { type Client, demo } from '../test/app.js';
import { browserSession } from '../test/browser.js';
import { browserFor, routeTable, userId } from '../test/security/helpers.js';
import { conciergeMaker } from '../test/security/record-matrix-concierge.js';
import { PROVIDER_ACCOUNTS } from '../src/modules/concierge/seed-provider-accounts.js';
import { LOGIREM } from '../src/modules/support/test-helpers.js';

/**
 * Stored XSS through the forms whose rules span several fields, which `stored-xss.test.ts` (one scraper for every
 * form, plain values where a field is refused) cannot fill validly: a new activity (date, times, capacity), a
 * space's settings and its closures (hours, quotas, dates), the board's closure of a slot, a new support case and its
 * note, a concierge service (code, price, VAT, days), the desk's office hours and closures, a new residence, a
 * request cancelled at the desk and declined by its provider (records in the state the form needs, made through the
 * module's commands). Each scenario posts the real form as its page gives it, valid values where the rules need them
 * and a distinct payload in every free-text field (script, attribute breaking with both quotes, SVG onload,
 * `javascript:` URL, template literal, JSON-in-script breaking); then every page that shows a payload — the record's
 * pages, and every list page (no parameter) of the modules — is opened in Chromium, JavaScript on, as each role and
 * anonymously. Nothing may run (no dialog, no `window.__xss`), no CSP violation be reported, no element carry an
 * injected event handler or `javascript:` link.
 */
/** Every payload carries a tag as well, so that it attacks a text context too, whatever context the field is rendered in. */
const PAYLOADS = [
  (n: number) => `XSS${n}<script>window.__xss=${n};alert(${n})</script>`,
  (n: number) => `XSS${n}"><img src=x onerror="window.__xss=${n}">`,
  (n: number) => `XSS${n}'><svg onload=window.__xss=${n}>`,
  (n: number) => `XSS${n}\`;window.__xss=${n};\`\${window.__xss=${n}}<img src=x onerror=window.__xss=${n}>`,
  (n: number) => `XSS${n}"};window.__xss=${n};//</script><script>window.__xss=${n}</script>`,
  (n: number) => `XSS${n}" autofocus onfocus="window.__xss=${n}" x="<svg onload=window.__xss=${n}>`,
  (n: number) => `XSS${n}' onmouseover='window.__xss=${n}' x='<img src=x onerror=window.__xss=${n}>`,
];
/** A link-like field gets a URL payload. */
const URL_PAYLOAD = (n: number) => `javascript:window.__xss=${n}//XSS${n}`;
/** A shorter payload, for a field whose length is bounded. */
const SHORT = (n: number) => `XSS${n}"'><svg onload=__xss=${n}>`;
const MARKER = /XSS(\d+)/g;
const NOT_TEXT = /^(_csrf|idempotencyKey|next|locale)$/;

/** Who posts a form or opens a page: a role's demo account, a provider's account, Logirem's support staff (the demo's support cases are Logirem's), or nobody. */
type Who = { name: string; email: string | null; role: Role | null };
const IDENTITIES: Who[] = [
  { name: 'anonymous', email: null, role: null },
  ...ROLES.map((role) => ({ name: role, email: demo(role), role })),
  { name: 'a provider', email: PROVIDER_ACCOUNTS[0].email, role: 'partner_staff' },
  { name: 'Logirem’s case adviser', email: LOGIREM.adviserA, role: 'social_adviser' },
  { name: 'Logirem’s other adviser', email: LOGIREM.adviserB, role: 'social_adviser' },
  { name: 'Logirem’s programme manager', email: LOGIREM.manager, role: 'programme_manager' },
  { name: 'Logirem’s administrator', email: LOGIREM.admin, role: 'org_admin' },
];
const as = (name: string) => IDENTITIES.find((w) => w.name === name) as Who;

type Scenario = {
  label: string;
  who: Who;
  /** The page that offers the form. */
  page: () => Promise<string>;
  action: RegExp;
  /** Valid values the form's rules need (dates, times, numbers, codes), sent as they are. */
  set?: Record<string, string>;
  /** Pages that show the record, besides where the form sends the person. */
  show?: () => Promise<string[]>;
};

let s: Awaited<ReturnType<typeof browserSession>>;
const clients = new Map<string, Client>();
const saved: { label: string; fields: Map<string, number> }[] = [];
const failures: string[] = [];
/** Fields that refused both payloads and were saved with plain text (printed, so that a rule turning a field away shows). */
const plain: string[] = [];
const shown = new Set<string>();

const decode = (x: string) => x.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};
const day = (ahead: number) => new Date(Date.now() + ahead * 86400_000).toISOString().slice(0, 10);

/** The fields of the page's POST form whose action matches, as a browser would send them; `text` marks free text. */
function formOf(html: string, action: RegExp): { action: string; fields: { name: string; value: string; text: boolean }[] } | null {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const to = attr(m[1], 'action') ?? '';
    if (!/post/i.test(attr(m[1], 'method') ?? '') || !action.test(to)) continue;
    const fields: { name: string; value: string; text: boolean }[] = [];
    for (const input of m[2].matchAll(/<input\b[^>]*>/g)) {
      const name = attr(input[0], 'name');
      const type = attr(input[0], 'type') ?? 'text';
      if (!name || type === 'submit' || type === 'file') continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(input[0])) continue;
      const numeric = /inputmode="(numeric|decimal)"/.test(input[0]);
      fields.push({ name, value: attr(input[0], 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''), text: ['text', 'search', 'url'].includes(type) && !numeric && !NOT_TEXT.test(name) });
    }
    for (const select of m[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(select[1], 'name');
      const options = [...select[2].matchAll(/<option\b([^>]*)>/g)].map((o) => ({ value: attr(o[1], 'value') ?? '', selected: /\sselected/.test(o[1]) }));
      const chosen = options.find((o) => o.selected) ?? options.find((o) => o.value);
      if (name && chosen) fields.push({ name, value: chosen.value, text: false });
    }
    for (const area of m[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(area[1], 'name');
      if (name) fields.push({ name, value: decode(area[2]), text: true });
    }
    return { action: to, fields };
  }
  return null;
}

async function client(who: Who): Promise<Client> {
  if (!who.email) return s.client();
  if (!clients.has(who.name)) clients.set(who.name, await browserFor(s, await userId(s.database.owner, who.email)));
  return clients.get(who.name) as Client;
}

let n = 100;
let lastLocation = '';
/** Posts the scenario's form with a payload in every free-text field; a field the form refuses gets a shorter payload, then plain text. */
async function run(sc: Scenario): Promise<string[]> {
  const browser = await client(sc.who);
  const page = await sc.page();
  const res = await browser.get(page);
  const form = res.status === 200 ? formOf(await res.text(), sc.action) : null;
  if (!form) {
    failures.push(`${sc.label}: no form on ${page} (${res.status})`);
    return [];
  }
  const values = new Map<string, string>();
  const numbers = new Map<string, number>();
  for (const f of form.fields) {
    if (!f.text || sc.set?.[f.name] !== undefined) continue;
    n++;
    numbers.set(f.name, n);
    values.set(f.name, /link|url|website|address/i.test(f.name) ? URL_PAYLOAD(n) : PAYLOADS[n % PAYLOADS.length](n));
  }
  let out: Response = new Response(null, { status: 0 });
  const tries = new Map<string, number>();
  for (let round = 0; round < 3; round++) {
    const body = new URLSearchParams();
    for (const f of form.fields) {
      if (sc.set?.[f.name] !== undefined || values.has(f.name)) continue;
      body.append(f.name, f.value);
    }
    for (const [k, v] of Object.entries(sc.set ?? {})) body.set(k, v);
    for (const [k, v] of values) body.set(k, v);
    body.set('_csrf', await browser.csrf());
    out = await browser.request(form.action, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (out.status !== 422) break;
    const named = [...(await out.text()).matchAll(/id="f-([A-Za-z0-9_.-]+)-error"/g)].map((m) => m[1]).filter((x) => values.has(x));
    if (!named.length) break;
    for (const name of named) {
      const k = tries.get(name) ?? 0;
      tries.set(name, k + 1);
      values.set(name, k === 0 ? SHORT(numbers.get(name) as number) : 'Texte ordinaire');
      if (k > 0) {
        numbers.delete(name);
        plain.push(`${sc.label}: ${name}`);
      }
    }
  }
  if (out.status !== 303 || !numbers.size) {
    const errors = out.status === 422 || out.status === 409 ? [...(await out.text()).matchAll(/id="f-([A-Za-z0-9_.-]+)-error"[^>]*>([^<]*)/g)].map((m) => `${m[1]}: ${m[2]}`) : [];
    failures.push(`${sc.label}: ${form.action} → ${out.status}, payload fields [${[...numbers.keys()].join(', ')}] ${errors.join('; ')}`);
    return [];
  }
  saved.push({ label: sc.label, fields: numbers });
  const to = out.headers.get('location');
  lastLocation = to?.split(/[?#]/)[0] ?? '';
  return [page, ...(to?.startsWith('/') ? [to.split('#')[0]] : []), ...((await sc.show?.()) ?? [])];
}

const allowed = (permission: unknown, role: Role | null) =>
  permission === PUBLIC || (role !== null && (permission === SIGNED_IN || rolesWith(permission as string).includes(role)));
/** The modules' list pages: every GET route without a parameter, outside the API and downloads. */
const LISTS = routeTable()
  .filter((r) => r.method === 'GET' && !r.path.includes(':') && !r.path.startsWith('/api/') && !/\.(csv|json|pdf|ics|txt)$/.test(r.path) && !/signout|\/health|\/metrics/.test(r.path))
  .map((r) => ({ path: r.path, permission: r.permission }));
const pages = new Set<string>();

beforeAll(async () => {
  s = await browserSession();
  const owner = s.database.owner;
  const one = async (q: string, p: unknown[] = []) => (await owner.query(q, p)).rows[0];
  // Logirem's rent aid programme, for one of its households (as the record matrix opens its cases).
  const logirem = (await one("select id::text from organisations where slug = 'logirem'")).id as string;
  const support = {
    programmeId: (await one("select id::text from support_programmes where organisation_id = $1 and kind = 'rent_aid'", [logirem])).id as string,
    householdId: (await one('select id::text from households where organisation_id = $1 order by reference desc limit 1', [logirem])).id as string,
  };
  const room = (await one("select id::text from spaces where name = 'Salle commune Arc-en-Ciel'")).id as string;
  const concierge = await conciergeMaker(s);
  const cancelled = await concierge.request();
  const declined = await concierge.request(['dispatch'], concierge.providerIds[0]);
  const scenarios: Scenario[] = [
    {
      label: 'a new activity',
      who: as('facilitator'),
      page: async () => '/community/manage/events/new',
      action: /^\/community\/manage\/events\/new$/,
      set: { date: day(12), startTime: '14:00', endTime: '16:00', capacity: '20', repeatWeeks: '0', repeatCount: '', coOrganisers: '', registration: 'open' },
    },
    {
      label: 'a space’s settings',
      who: as('org_admin'),
      page: async () => `/staff/spaces/${room}/settings`,
      action: /\/settings$/,
      show: async () => [`/spaces/${room}`, `/staff/spaces/${room}`],
    },
    {
      label: 'a space’s closure (settings)',
      who: as('org_admin'),
      page: async () => `/staff/spaces/${room}/settings`,
      action: /\/settings\/closures$/,
      set: { fromDate: day(20), toDate: day(21) },
      show: async () => [`/spaces/${room}`],
    },
    {
      label: 'a slot closed from the board',
      who: as('facilitator'),
      page: async () => `/staff/spaces/${room}?date=${day(15)}`,
      action: /\/staff\/spaces\/[^/]+\/closures$/,
      set: { date: day(15), from: '20:00', to: '21:00' },
      show: async () => [`/staff/spaces/${room}?date=${day(15)}`, `/spaces/${room}?date=${day(15)}`],
    },
    {
      label: 'a new support case',
      who: as('Logirem’s case adviser'),
      page: async () => '/support/cases/new',
      action: /^\/support\/cases$/,
      set: support,
    },
    {
      label: 'a support case’s note',
      who: as('Logirem’s case adviser'),
      // The case the previous scenario opened (its page is where the form sent the adviser).
      page: async () => lastLocation,
      action: /\/notes$/,
    },
    {
      label: 'a concierge service',
      who: as('partner_staff'),
      page: async () => '/concierge/desk/catalogue/new',
      action: /\/catalogue\/new$/,
      set: { code: 'xss-retouches', unitCost: '7,5', leadTimeHours: '24', targetHours: '168' },
      show: async () => ['/concierge/desk/catalogue'],
    },
    {
      label: 'the desk’s office hours',
      who: as('partner_staff'),
      page: async () => '/concierge/desk/hours',
      action: /^\/concierge\/desk\/hours$/,
      set: { 'hours.2.weekday': '3', 'hours.2.startsAt': '10:00', 'hours.2.endsAt': '12:00', 'hours.3.place': '' },
    },
    {
      label: 'the desk’s closure',
      who: as('partner_staff'),
      page: async () => '/concierge/desk/hours',
      action: /\/hours\/closures$/,
      set: { from: day(30), to: day(31) },
    },
    {
      label: 'a new residence',
      who: as('org_admin'),
      page: async () => '/admin/residences/new',
      action: /^\/admin\/residences\/new$/,
      set: { reference: 'XSS-RES-1', postcode: '51100', latitude: '', longitude: '' },
    },
    {
      label: 'a request cancelled at the desk (its reason)',
      who: as('partner_staff'),
      page: async () => `/concierge/desk/requests/${cancelled}`,
      action: /\/cancel$/,
      show: async () => [`/concierge/desk/requests/${cancelled}`],
    },
    {
      label: 'a request declined by its provider (its reason)',
      who: as('a provider'),
      page: async () => `/concierge/provider/requests/${declined}`,
      action: /\/decline$/,
      show: async () => [`/concierge/desk/requests/${declined}`, `/concierge/provider/requests/${declined}`],
    },
  ];
  for (const sc of scenarios) for (const p of await run(sc)) pages.add(p);
}, 300_000);

async function contextFor(who: Who): Promise<BrowserContext> {
  const context = await s.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: true, locale: 'fr-FR' });
  if (who.email) {
    const token = await createSession(s.database.db, await userId(s.database.owner, who.email), STAFF_SESSION, { organisationId: null, mfaPassed: true });
    await context.addCookies([{ name: 'palier_session', value: token, url: s.base }]);
  }
  return context;
}

describe('stored XSS through multi-field forms, rendered in Chromium', () => {
  it('saves a payload in every free-text field of each form, shows it escaped and runs none, for every role', { timeout: 600_000 }, async () => {
    process.stdout.write(`stored XSS (multi-field forms): ${saved.length} forms saved:\n  ${saved.map((x) => `${x.label} [${[...x.fields.keys()].join(', ')}]`).join('\n  ')}\n`);
    process.stdout.write(`stored XSS (multi-field forms): fields saved with plain text: ${plain.join('; ') || 'none'}\n`);
    expect(failures).toEqual([]);
    const problems: string[] = [];
    const perPerson: string[] = [];
    let rendered = 0;
    // Every role's demo account (the desk's staff for partner_staff), a provider's account, Logirem's support staff, and anonymous.
    for (const person of IDENTITIES) {
      const who = person.name;
      const http = await client(person);
      const candidates = new Set([...pages, ...LISTS.filter((l) => allowed(l.permission, person.role)).map((l) => l.path)]);
      const showing: string[] = [];
      for (const page of candidates) {
        const res = await http.get(page);
        if (res.status !== 200 || !res.headers.get('content-type')?.includes('text/html')) continue;
        const html = await res.text();
        const found = [...html.matchAll(MARKER)].map((m) => m[1]);
        if (!found.length) continue;
        for (const x of found) shown.add(x);
        showing.push(page);
      }
      perPerson.push(`${who} ${showing.length}`);
      const context = await contextFor(person);
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      const tab = await context.newPage();
      let current = '';
      tab.on('dialog', (d) => {
        problems.push(`${current} as ${who}: a dialog opened (${d.message()})`);
        void d.dismiss();
      });
      tab.on('console', (m) => {
        if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) problems.push(`${current} as ${who}: ${m.text().slice(0, 200)}`);
      });
      for (const page of showing) {
        current = page;
        await tab.goto(`${s.base}${page}`, { waitUntil: 'load' });
        rendered++;
        // Focus and hover every element a payload could have turned into a handler's target.
        const found = await tab.evaluate(() => {
          const out: string[] = [];
          for (const el of Array.from(document.querySelectorAll('*'))) {
            for (const a of Array.from(el.attributes)) {
              if (/^on/i.test(a.name)) out.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
              if (/^(href|src|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) out.push(`<${el.tagName.toLowerCase()} ${a.name}=javascript:>`);
            }
          }
          if (document.querySelector('base')) out.push('<base>');
          return { injected: out, marker: (window as unknown as { __xss?: unknown }).__xss };
        });
        if (found.marker !== undefined) problems.push(`${page} as ${who}: window.__xss = ${found.marker}`);
        if (found.injected.length) problems.push(`${page} as ${who}: injected ${found.injected.join(', ')}`);
      }
      await context.close();
    }
    const unshown = saved.flatMap((x) => [...x.fields].filter(([, k]) => !shown.has(String(k))).map(([f]) => `${x.label}: ${f}`));
    process.stdout.write(`stored XSS (multi-field forms): ${rendered} renderings as ${IDENTITIES.length} people (every role, a provider, Logirem's support staff, anonymous: ${perPerson.join(', ')}); ${shown.size} payloads shown; not shown on any page tried: ${unshown.join('; ') || 'none'}\n`);
    // Every scenario's record reaches a page (its payloads are then rendered), and nothing ran.
    for (const x of saved) expect([...x.fields.values()].some((k) => shown.has(String(k))), x.label).toBe(true);
    expect(rendered).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
