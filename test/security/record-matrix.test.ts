import { beforeAll, describe, expect, it } from 'vitest';
import { rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import type { Role } from '../../src/platform/access/roles.js';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { referToPartner } from '../../src/modules/support/commands/referrals.js';
import { addDays, parisToday } from '../../src/modules/support/domain/local-date.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import type { Client } from '../app.js';
import { demo, testApp } from '../app.js';
import { addMember, browserFor, changedTables, orgId, routeTable, type TestApp, tableFingerprints, UNKNOWN_ID, userId } from './helpers.js';

/**
 * The authorisation matrix of record-bearing routes: role × own/other organisation × the person's relationship
 * to the record (assigned or managing, referred, own household, unrelated). The routes come from the route table
 * (every route whose only parameter is the record's id); the expected answer from the route's permission and
 * the record's rule:
 *   - the role does not hold the route's permission → 403;
 *   - it does, and the relationship grants the record → answered (never 403/404/5xx);
 *   - it does, but the record is not theirs (unrelated, another household, another organisation) → 404,
 *     so the record's existence does not leak.
 * Fixtures: support cases opened and referred through the module's own commands; residents' bookings, concierge
 * requests and registrations are the demo seed's, split by household.
 */

type Kind = 'support_case' | 'booking' | 'concierge_request' | 'registration';
const ROUTES: Record<Kind, RegExp> = {
  support_case: /^(\/api\/v1)?\/support\/cases\/:id(\/[a-z-]+)*(\.[a-z]+)?$/,
  booking: /^(\/api\/v1)?\/spaces\/bookings\/:id(\/[a-z-]+)*$/,
  concierge_request: /^(\/api\/v1)?\/concierge\/requests\/:id(\/[a-z-]+)*$/,
  registration: /^(\/api\/v1)?\/community\/registrations\/:id(\/[a-z-]+)*$/,
};

type Actor = { name: string; role: Role; org: string; browser: Client };
/**
 * A record, the people its relationship grants it to (when their role holds the route's permission), and the
 * permission that lets staff of the record's own organisation act on it for a household (community: the events'
 * managers cancel a registration), if any.
 */
type Fixture = { kind: Kind; label: string; id: string; org: string; grants: Set<string>; staffPermission?: string };

let t: TestApp;
const actors: Actor[] = [];
const fixtures: Fixture[] = [];
let referred = '';
let unrelatedCase = '';
let partner: Client;

beforeAll(async () => {
  t = await testApp();
  const owner = t.database.owner;
  const db = t.database.db;
  // Support: Logirem's people, as their sessions would see them.
  const people: Record<string, { email: string; role: Role }> = {
    'assigned adviser': { email: LOGIREM.adviserA, role: 'social_adviser' },
    'unassigned adviser': { email: LOGIREM.adviserB, role: 'social_adviser' },
    'programme manager': { email: LOGIREM.manager, role: 'programme_manager' },
    'commission member': { email: LOGIREM.member1, role: 'commission_member' },
    'concierge (same org)': { email: LOGIREM.concierge, role: 'concierge' },
    'administrator (same org)': { email: LOGIREM.admin, role: 'org_admin' },
    'partner referent (Elia)': { email: LOGIREM.eliaReferent, role: 'partner_staff' },
  };
  const logirem = await orgId(owner, 'logirem');
  for (const [name, p] of Object.entries(people)) {
    const actor = await actorFor(db, p.email);
    actors.push({ name, role: p.role, org: actor.orgId as string, browser: await browserFor(t, actor.userId, actor.orgId) });
  }
  // Plurial Novilia's demo staff (another organisation for Logirem's cases, the same for its residents' records),
  // and Logirep's, made for the test (another organisation for everything).
  const plurial = await orgId(owner, 'plurial-novilia');
  const logirep = await orgId(owner, 'logirep');
  const STAFF: Role[] = ['social_adviser', 'programme_manager', 'org_admin', 'concierge', 'facilitator', 'commission_member'];
  for (const role of STAFF) {
    actors.push({ name: `${role} of Plurial Novilia`, role, org: plurial, browser: await browserFor(t, await userId(owner, demo(role)), plurial) });
    actors.push({ name: `${role} of Logirep`, role, org: logirep, browser: await browserFor(t, await addMember(owner, logirep, role, `Logirep ${role}`), logirep) });
  }
  const logiremResident = await addMember(owner, logirem, 'resident', 'Logirem resident');
  actors.push({ name: 'resident of Logirem without a case', role: 'resident', org: logirem, browser: await browserFor(t, logiremResident, logirem) });

  const adviser = await actorFor(db, LOGIREM.adviserA);
  const { programmeId, householdId } = await withTenant(db, { orgId: logirem }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference', 'desc').executeTakeFirstOrThrow()).id as string,
  }));
  const open = async () => {
    const r = await openCase(db, adviser, { programmeId, householdId, situation: 'Matrix fixture', confidentialAddress: false });
    if (!r.ok) throw new Error(`open case: ${JSON.stringify(r)}`);
    return r.caseId;
  };
  referred = await open();
  unrelatedCase = await open();
  const elia = await actorFor(db, LOGIREM.eliaReferent);
  const r = await referToPartner(db, adviser, referred, { partnerId: elia.orgId as string, fields: ['household_size'], purpose: 'Matrix', consentUntil: addDays(parisToday(), 30), consent: 'on' });
  if (!r.ok) throw new Error(`refer: ${JSON.stringify(r)}`);
  partner = actors.find((a) => a.role === 'partner_staff')?.browser as Client;
  // The case's need-to-know: its assigned adviser and its programme's manager; a referral gives the partner no case.
  const caseReaders = new Set(['assigned adviser', 'programme manager']);
  fixtures.push({ kind: 'support_case', label: 'case referred to Elia', id: referred, org: logirem, grants: caseReaders });
  fixtures.push({ kind: 'support_case', label: 'case not referred', id: unrelatedCase, org: logirem, grants: caseReaders });

  // Residents: for each kind of record, a resident whose household holds one (the demo seed's, Plurial Novilia's
  // when it has one), another household's record of the same landlord, a neighbour without records and a resident of another landlord.
  const plurialNeighbour = await addMember(owner, plurial, 'resident', 'Neighbour without records');
  actors.push({ name: 'resident of Plurial Novilia without records', role: 'resident', org: plurial, browser: await browserFor(t, plurialNeighbour, plurial) });
  actors.push({ name: 'resident of Logirep', role: 'resident', org: logirep, browser: await browserFor(t, await addMember(owner, logirep, 'resident', 'Far resident'), logirep) });
  const tables: [Kind, string, string, string | undefined][] = [
    ['booking', 'space_bookings', "r.status = 'confirmed' and upper(r.during) > now()", undefined],
    ['concierge_request', 'concierge_requests', "r.status not in ('closed', 'cancelled')", undefined],
    ['registration', 'community_registrations', "r.status <> 'cancelled'", 'community.events.manage'],
  ];
  for (const [kind, table, live, staffPermission] of tables) {
    // The household's resident: an account added to it as the directory's import would (its records stay the seed's).
    const own = await owner.query(
      `select r.id::text, r.household_id::text as household, h.organisation_id::text as org from "${table}" r join households h on h.id = r.household_id
        where ${live} order by h.organisation_id = $1 desc, r.created_at desc limit 1`,
      [plurial],
    );
    if (!own.rows[0]) continue;
    const name = `resident owning the ${kind}`;
    const holder = await addMember(owner, own.rows[0].org, 'resident', `Holder ${kind}`, { household_id: own.rows[0].household });
    actors.push({ name, role: 'resident', org: own.rows[0].org, browser: await browserFor(t, holder, own.rows[0].org) });
    const other = await owner.query(
      `select r.id::text from "${table}" r join households h on h.id = r.household_id
        where h.organisation_id = $1 and r.household_id <> (select household_id from "${table}" where id = $2) and ${live} order by r.created_at desc limit 1`,
      [own.rows[0].org, own.rows[0].id],
    );
    fixtures.push({ kind, label: `a household's ${kind}`, id: own.rows[0].id, org: own.rows[0].org, grants: new Set([name]), staffPermission });
    if (other.rows[0]) fixtures.push({ kind, label: `another household's ${kind}`, id: other.rows[0].id, org: own.rows[0].org, grants: new Set(), staffPermission });
  }
}, 120_000);

describe('authorisation matrix × record relationship', () => {
  it('answers each role, organisation and relationship as the policy says, and a refused write changes nothing', async () => {
    const byKind = new Map<Kind, ReturnType<typeof routeTable>>();
    for (const kind of Object.keys(ROUTES) as Kind[]) byKind.set(kind, routeTable().filter((r) => ROUTES[kind].test(r.path)));
    // Every record kind has routes and fixtures (own and other), so the matrix never checks nothing.
    for (const kind of Object.keys(ROUTES) as Kind[]) {
      expect(byKind.get(kind)?.length, kind).toBeGreaterThan(0);
      expect(fixtures.filter((f) => f.kind === kind).length, kind).toBe(2);
    }
    const before = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']);
    const mismatches: string[] = [];
    let checked = 0;
    let beforeLookup = 0;
    const routesChecked = new Set<string>();
    // Reads first for every fixture; writes only where the answer must be a refusal (a granted write would change the record).
    for (const fixture of fixtures) {
      for (const route of byKind.get(fixture.kind) ?? []) {
        const allowedRoles = route.permission === SIGNED_IN ? null : rolesWith(route.permission as string);
        await Promise.all(
          actors.map(async (actor) => {
            const holds = allowedRoles === null || allowedRoles.includes(actor.role);
            const staff = fixture.staffPermission !== undefined && actor.org === fixture.org && rolesWith(fixture.staffPermission).includes(actor.role);
            const granted = holds && (fixture.grants.has(actor.name) || staff);
            if (route.method === 'POST' && granted) return;
            const expected = !holds ? '403' : granted ? 'answered' : '404';
            const url = route.path.replace(':id', fixture.id);
            const res = route.method === 'GET' ? await actor.browser.get(url) : await actor.browser.post(url, {});
            checked++;
            routesChecked.add(`${route.method} ${route.path}`);
            const got = res.status;
            let ok = expected === 'answered' ? got < 400 || (![401, 403, 404].includes(got) && got < 500) : String(got) === expected;
            // Refused before any lookup (an API body refused by its schema, 400; a resident without a concierge
            // subscription, 403): as good as 404 when a missing id gets the same answer, since nothing leaks.
            if (!ok && expected === '404' && [400, 403].includes(got)) {
              const none = route.method === 'GET' ? await actor.browser.get(route.path.replace(':id', UNKNOWN_ID)) : await actor.browser.post(route.path.replace(':id', UNKNOWN_ID), {});
              ok = none.status === got;
              if (ok) beforeLookup++;
            }
            if (!ok) mismatches.push(`${route.method} ${route.path} on ${fixture.label} as ${actor.name} (${actor.org === fixture.org ? 'same' : 'other'} organisation) → ${got}, expected ${expected}`);
          }),
        );
      }
    }
    // A referral shows the partner the referred case's reference (in their list), never the other case's.
    const refs = await t.database.owner.query('select id::text, reference from support_cases where id = any($1)', [[referred, unrelatedCase]]);
    const refOf = new Map(refs.rows.map((r) => [r.id, r.reference as string]));
    const list = await (await partner.get('/support/referrals')).text();
    checked++;
    if (!list.includes(refOf.get(referred) as string)) mismatches.push('the partner’s referral list lacks the referred case');
    if (list.includes(refOf.get(unrelatedCase) as string)) mismatches.push('the partner’s referral list shows a case not referred to them');
    process.stdout.write(`record matrix: ${checked} checks — ${routesChecked.size} routes × ${actors.length} actors × ${fixtures.length} records (${fixtures.map((f) => f.label).join(', ')}); ${beforeLookup} refused before the lookup as a missing id is\n`);
    expect(mismatches).toEqual([]);
    expect(changedTables(before, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']))).toEqual([]);
  }, 120_000);
});
