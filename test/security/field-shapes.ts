import { openCase } from '../../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { PUBLIC, rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import { ROLES, type Role } from '../../src/platform/access/roles.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { type Client, demo } from '../app.js';
import { addMember, browserFor, routeTable, type TestApp, userId } from './helpers.js';
import { PROVIDER_ACCOUNTS } from '../../src/modules/concierge/seed-provider-accounts.js';
import { conciergeMaker } from './record-matrix-concierge.js';
import { ID_SOURCES } from './urls.js';

/**
 * What the field allowlist test reads: every GET route of the route table that answers JSON, as people of every role
 * the route's policy lets in, and the key paths of each 200 answer (`data[].id`, `account.email`). A path parameter is
 * filled with records of the person's organisation, tried one after the other until one answers 200.
 */
export type Person = { name: string; role: Role; org: string | null; user: string; browser: Client };

/** The key paths of a JSON value: `a.b`, `a[].c` (every item of an array); the root's array items are `[].x`. */
export function keyPaths(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) for (const v of value) keyPaths(v, `${path}[]`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (!out.has(p) || (out.get(p) === null && v !== null)) out.set(p, v);
      keyPaths(v, p, out);
    }
  return out;
}

/**
 * The people: each role's demo account; Logirem's support staff, who hold support records (a case is opened for
 * them here, with a canary situation); the demo's provider accounts with a request dispatched to one of them; and a
 * resident added to the household that holds the most records (bookings, requests, parcels, registrations).
 */
export async function shapePeople(t: TestApp): Promise<Person[]> {
  const owner = t.database.owner;
  const db = t.database.db;
  const people: Person[] = [];
  for (const role of ROLES) {
    const user = await userId(owner, demo(role));
    people.push({ name: `demo ${role}`, role, org: null, user, browser: await browserFor(t, user) });
  }
  const logirem: [string, Role][] = [
    [LOGIREM.adviserA, 'social_adviser'],
    [LOGIREM.manager, 'programme_manager'],
    [LOGIREM.member1, 'commission_member'],
    [LOGIREM.concierge, 'concierge'],
    [LOGIREM.admin, 'org_admin'],
    [LOGIREM.eliaReferent, 'partner_staff'],
  ];
  for (const [email, role] of logirem) {
    const actor = await actorFor(db, email);
    people.push({ name: email, role, org: actor.orgId as string, user: actor.userId, browser: await browserFor(t, actor.userId, actor.orgId) });
  }
  const adviser = await actorFor(db, LOGIREM.adviserA);
  const orgId = adviser.orgId as string;
  const { programmeId, householdId } = await withTenant(db, { orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string,
  }));
  await openCase(db, adviser, { programmeId, householdId, situation: 'Field allowlist canary situation', confidentialAddress: false });
  await (await conciergeMaker(t)).request(['dispatch']);
  // The serving provider's account (the request above is dispatched to it).
  const provider = await actorFor(db, PROVIDER_ACCOUNTS[0].email);
  people.push({ name: 'provider serving a request', role: 'partner_staff', org: provider.orgId as string, user: provider.userId, browser: await browserFor(t, provider.userId, provider.orgId) });
  const [richest] = (
    await owner.query(
      `select h.id, h.organisation_id, (select count(*) from space_bookings b where b.household_id = h.id) + (select count(*) from concierge_requests r where r.household_id = h.id)
         + (select count(*) from concierge_parcels p where p.household_id = h.id) + (select count(*) from community_registrations g where g.household_id = h.id) as n
       from households h order by n desc, h.id limit 1`,
    )
  ).rows;
  const resident = await addMember(owner, richest.organisation_id, 'resident', 'Field allowlist resident', { household_id: richest.id });
  people.push({ name: 'resident of the household with most records', role: 'resident', org: richest.organisation_id, user: resident, browser: await browserFor(t, resident, richest.organisation_id) });
  return people;
}

export type Observed = Map<string, Map<Role, Map<string, unknown>[]>>;

/** May `role` call a route declared with `permission`? Public routes are read once, as a resident. */
export function mayCall(permission: unknown, role: Role): boolean {
  if (permission === PUBLIC) return role === 'resident';
  return permission === SIGNED_IN || rolesWith(permission as string).includes(role);
}

/**
 * The URLs to try for a route as a person: each parameter filled with records of the person's organisation (up to
 * six per table, newest first); routes with two ids take the first candidate of the parent.
 */
export function candidateUrls(t: TestApp) {
  const owner = t.database.owner;
  const orgs = new Map<Person, string>();
  const candidates = new Map<string, string[]>();
  const idsOf = async (table: string, org: string): Promise<string[]> => {
    const key = `${table}/${org}`;
    if (!candidates.has(key)) {
      const cols = (await owner.query('select column_name from information_schema.columns where table_name = $1', [table])).rows.map((r) => r.column_name);
      const where = cols.includes('organisation_id') ? 'where organisation_id = $1' : 'where $1::text is not null';
      const order = cols.includes('created_at') ? 'created_at desc, id' : 'id';
      candidates.set(key, (await owner.query(`select id::text from "${table}" ${where} order by ${order} limit 6`, [org])).rows.map((r) => r.id));
    }
    return candidates.get(key) as string[];
  };
  return async (person: Person, path: string): Promise<string[]> => {
    if (!orgs.has(person)) orgs.set(person, person.org ?? (await owner.query('select organisation_id from memberships where user_id = $1 order by created_at limit 1', [person.user])).rows[0]?.organisation_id);
    const org = orgs.get(person) as string;
    const segments = path.split('/');
    const params = segments.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
    const last = params.at(-1);
    for (const i of params.slice(0, -1)) segments[i] = (await idsOf((ID_SOURCES[segments[i - 1]] ?? ['households'])[0], org))[0] ?? 'none';
    if (last === undefined) return [segments.join('/')];
    return (await idsOf((ID_SOURCES[segments[last - 1]] ?? ['households'])[0], org)).map((id) => segments.map((s, i) => (i === last ? id : s)).join('/'));
  };
}

/** Every GET route × person: the key paths of each 200 JSON answer, by route and role. */
export async function observeShapes(t: TestApp, people: Person[]): Promise<{ observed: Observed; answers: number; jsonRoutes: Set<string> }> {
  const urls = candidateUrls(t);
  const observed: Observed = new Map();
  const jsonRoutes = new Set<string>();
  let answers = 0;
  const gets = routeTable().filter((r) => r.method === 'GET' && !/\.(pdf|csv|ics|xlsx)$/.test(r.path));
  for (const person of people) {
    for (const r of gets) {
      if (!mayCall(r.permission, person.role)) continue;
      if (r.permission === PUBLIC && !person.name.startsWith('demo')) continue;
      const tries = await urls(person, r.path);
      for (const url of tries) {
        const res = await person.browser.get(url);
        if (!res.headers.get('content-type')?.includes('json')) break;
        jsonRoutes.add(r.path);
        if (res.status !== 200) {
          await res.body?.cancel();
          continue;
        }
        answers++;
        const byRole = observed.get(r.path) ?? new Map();
        observed.set(r.path, byRole);
        byRole.set(person.role, [...(byRole.get(person.role) ?? []), keyPaths(await res.json())]);
        break;
      }
    }
  }
  return { observed, answers, jsonRoutes };
}
