import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignAdviser } from '../../src/modules/support/commands/case-actions.js';
import { decide } from '../../src/modules/support/commands/decide.js';
import { uploadDocument } from '../../src/modules/support/commands/documents.js';
import { referExternally } from '../../src/modules/support/commands/external-referrals.js';
import { nominate } from '../../src/modules/support/commands/nominate.js';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { buildAgenda, openSession } from '../../src/modules/support/commands/sessions.js';
import { decisionSchema } from '../../src/modules/support/schemas.js';
import { createSeries } from '../../src/modules/spaces/commands/create-series.js';
import { demoSpace, relaxRules, staffActor, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { referToPartner } from '../../src/modules/support/commands/referrals.js';
import { addDays, parisToday } from '../../src/modules/support/domain/local-date.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import type { Client } from '../app.js';
import { demo, testApp } from '../app.js';
import { addMember, browserFor, changedTables, routeTable, type TestApp, tableFingerprints, UNKNOWN_ID, userId } from './helpers.js';
import { conciergeMaker, DESK, DESK_CONCIERGE, OTHER_PROVIDER, providerPeople, SERVING } from './record-matrix-concierge.js';
import { checkParented, fillPath, type MatrixActor, matrixPeople, newTally, type Parented, residenceLimitedFacilitators } from './record-matrix-shared.js';

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

type Kind = 'support_case' | 'booking' | 'concierge_request' | 'provider_request' | 'desk_request' | 'registration';
const ROUTES: Record<Kind, RegExp> = {
  support_case: /^(\/api\/v1)?\/support\/cases\/:id(\/[a-z-]+)*(\.[a-z]+)?$/,
  booking: /^(\/api\/v1)?\/spaces\/bookings\/:id(\/[a-z-]+)*$/,
  concierge_request: /^(\/api\/v1)?\/concierge\/requests\/:id(\/[a-z-]+)*$/,
  // A provider's account on a request (its page, accept / decline / complete through the API); the page's events
  // (`/concierge/provider/requests/:id/:event`) are in `record-matrix-parents.test.ts` and `record-matrix-writes.test.ts`.
  provider_request: /^(\/api\/v1)?\/concierge\/provider\/requests\/:id(\/[a-z-]+)*$/,
  // The desk's own routes on a request (its page; dispatch and cancel through the API); the page's events are in
  // `record-matrix-parents.test.ts`.
  desk_request: /^(\/api\/v1)?\/concierge\/desk\/requests\/:id(\/[a-z-]+)*$/,
  registration: /^(\/api\/v1)?\/community\/registrations\/:id(\/[a-z-]+)*$/,
};

type Actor = MatrixActor;
const ADVISER_INSIDE = 'adviser limited to the case’s residence';
const ADVISER_ELSEWHERE = 'adviser limited to another residence, assigned';
/**
 * A record, the people its relationship grants it to (when their role holds the route's permission), and the
 * permission that lets staff of the record's own organisation act on it for a household (community: the events'
 * managers cancel a registration), if any.
 */
type Fixture = { kind: Kind; label: string; id: string; org: string; grants: Set<string>; staffPermission?: string; grantsOn?: (route: Route) => string[] };
type Route = ReturnType<typeof routeTable>[number];
/**
 * The body a refused write sends, when the route's schema would otherwise refuse `{}` before the record is looked up
 * (then every refusal would be the same 400 and prove nothing about the record).
 */
const BODIES: Record<string, (f: Fixture) => Record<string, string>> = {};

let t: TestApp;
const actors: Actor[] = [];
const fixtures: Fixture[] = [];
let referred = '';
let unrelatedCase = '';
let partner: Client;
let dataDir = '';

/**
 * Records reached through a second id (`/support/cases/:id/documents/:documentId`, `/staff/spaces/:id/bookings/:bid/…`,
 * `/support/sessions/:id/dossiers/:dossierId`): each family's routes, and its record made through the module's
 * commands, requested under its own parent and under another parent the same people may read (`checkParented`).
 */
const SECOND_ROUTES = {
  case: /^(\/api\/v1)?\/support\/cases\/:id\/([a-z-]+)\/:[a-zA-Z]+(\/[a-z-]+)*(\.[a-z]+)?$/,
  booking: /^(\/api\/v1\/spaces|\/staff\/spaces)\/:id\/(bookings)\/:[a-zA-Z]+(\/[a-z-]+)*$/,
  session: /^(\/api\/v1)?\/support\/sessions\/:id\/(dossiers)\/:[a-zA-Z]+(\/[a-z-]+)*$/,
};
type Family = keyof typeof SECOND_ROUTES;
const seconds = new Map<Family, Parented>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-record-matrix-'));
  t = await testApp({ DATA_DIR: dataDir });
  const owner = t.database.owner;
  const db = t.database.db;
  // The people (Logirem's support staff, two other organisations' staff, residents without records).
  const people = await matrixPeople(t);
  actors.push(...people.actors);
  const { logirem, plurial } = people;

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
  // The referred case's own records, made through the module's commands: a document, an external referral, the
  // commission's grant (a decision and its instalments), its steps.
  const must = <T,>(label: string, res: { ok: true } & T | { ok: false }): T => {
    if (!res.ok) throw new Error(`${label}: ${JSON.stringify(res)}`);
    return res as T;
  };
  // Staff limited to some residences (`memberships.residence_ids`) on support cases. The need-to-know is by name
  // (assigned advisers, the programme's team and manager), so a residence limit neither widens nor narrows it: an
  // adviser limited to the case's own residence who is not assigned gets 404 as any unassigned colleague; one limited
  // to another residence whom the case's adviser assigned is answered — the assignment is the named grant
  // (docs/security.md, "Staff limited to some residences").
  const residence = (await owner.query('select d.residence_id::text as id from occupancies o join dwellings d on d.id = o.dwelling_id where o.household_id = $1 and o.ends_on is null', [householdId])).rows[0]?.id as string;
  if (!residence) throw new Error('the case’s household has no residence');
  // Logirem's demo has one residence (Air Bel): another is added, as the directory's import would.
  const elsewhere = (await owner.query("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'LM-MATRICE', 'Résidence de la matrice', '1 rue de la Matrice', '13011', 'Marseille') returning id::text", [logirem])).rows[0].id as string;
  for (const [name, limit] of [
    [ADVISER_INSIDE, residence],
    [ADVISER_ELSEWHERE, elsewhere],
  ] as const) {
    const user = await addMember(owner, logirem, 'social_adviser', name, { residence_ids: [limit] });
    actors.push({ name, role: 'social_adviser', org: logirem, browser: await browserFor(t, user, logirem), residenceIds: [limit] });
    if (name === ADVISER_ELSEWHERE) must('assign', await assignAdviser(db, adviser, referred, user));
  }
  const doc = must<{ documentId: string }>('document', await uploadDocument(db, adviser, dataDir, referred, { name: 'justificatif.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n') }));
  const ext = must<{ referralId: string }>('external referral', await referExternally(db, adviser, referred, { association: 'Association Matrice', contact: '', fields: ['household_size'], purpose: 'Matrix', consentUntil: addDays(parisToday(), 30) }));
  const manager = await actorFor(db, LOGIREM.manager);
  const dossier = must<{ dossierId: string }>('nominate', await nominate(db, adviser, referred, { hardship: 'bereavement', resources: 80_000, facts: 'Matrix fixture.' }));
  const sessionId = await withTenant(db, { orgId: logirem }, async (tx) => (await tx.selectFrom('support_sessions').select('id').where('programme_id', '=', programmeId).where('status', '=', 'planned').orderBy('held_on').executeTakeFirstOrThrow()).id as string);
  must('agenda', await buildAgenda(db, manager, sessionId));
  const members = await Promise.all([LOGIREM.member1, LOGIREM.member2, LOGIREM.member3].map((e) => actorFor(db, e)));
  must('open session', await openSession(db, manager, sessionId, members.map((m) => m.userId)));
  const decision = must<{ decisionId: string }>('decide', await decide(db, manager, sessionId, dossier.dossierId, decisionSchema.parse({ outcome: 'granted', monthly: '100', months: '3', votesFor: '3', votesAgainst: '0', votesAbstain: '0' })));
  const sub = await owner.query(
    `select (select id::text from support_instalments where decision_id = $1 limit 1) as instalment, (select id::text from support_case_steps where case_id = $2 limit 1) as step`,
    [decision.decisionId, referred],
  );
  const children = { decisions: decision.decisionId, documents: doc.documentId, 'external-referrals': ext.referralId, referrals: r.referralId, instalments: sub.rows[0].instalment, steps: sub.rows[0].step };
  seconds.set('case', { label: 'the referred case’s records', org: logirem, own: { cases: referred, ...children }, other: { cases: unrelatedCase, ...children }, grants: new Set(['assigned adviser', 'programme manager', ADVISER_ELSEWHERE]) });
  // The commission's dossier, by session membership: the session's members and the programme's manager answered; a
  // commission member of Logirem who does not sit on it, 404 as a missing one. Another session of the programme, open,
  // on which the same members sit, does not hold the dossier (404). Refused writes send a valid decision.
  actors.push({ name: 'commission member not sitting', role: 'commission_member', org: logirem, browser: await browserFor(t, await addMember(owner, logirem, 'commission_member', 'Commission member not sitting'), logirem) });
  const otherSession = await withTenant(db, { orgId: logirem }, async (tx) => (await tx.selectFrom('support_sessions').select('id').where('programme_id', '=', programmeId).where('status', '=', 'planned').orderBy('held_on').executeTakeFirstOrThrow()).id as string);
  must('open another session', await openSession(db, manager, otherSession, members.map((m) => m.userId)));
  seconds.set('session', {
    label: 'a dossier on the agenda',
    org: logirem,
    own: { sessions: sessionId, dossiers: dossier.dossierId },
    other: { sessions: otherSession, dossiers: dossier.dossierId },
    grants: new Set(['commission member', 'programme manager']),
    body: { outcome: 'granted', monthly: '100', months: '3', votesFor: '3', votesAgainst: '0', votesAbstain: '0' },
  });
  partner = actors.find((a) => a.role === 'partner_staff')?.browser as Client;
  // The case's need-to-know: its assigned adviser and its programme's manager; a referral gives the partner no case.
  const caseReaders = new Set(['assigned adviser', 'programme manager']);
  fixtures.push({ kind: 'support_case', label: 'case referred to Elia', id: referred, org: logirem, grants: new Set([...caseReaders, ADVISER_ELSEWHERE]) });
  fixtures.push({ kind: 'support_case', label: 'case not referred', id: unrelatedCase, org: logirem, grants: caseReaders });

  // Residents: for each kind of record, a resident whose household holds one (the demo seed's, Plurial Novilia's
  // when it has one), another household's record of the same landlord, a neighbour without records and a resident of another landlord.
  const tables: [Kind, string, string, string | undefined][] = [
    ['booking', 'space_bookings', "r.status = 'confirmed' and upper(r.during) > now()", undefined],
    ['concierge_request', 'concierge_requests', "r.status not in ('closed', 'cancelled')", undefined],
    ['registration', 'community_registrations', "r.status <> 'cancelled'", 'community.events.manage'],
  ];
  // No fixture may belong to a holder of another kind (that holder would rightly be answered for it): each kind's
  // own and other records are chosen among households no earlier kind used, and later kinds avoid both. Which
  // households the demo seed gives records to depends on the day it runs, so candidates are tried in turn.
  // Seeded rows share their created_at: the id breaks the tie, so the choice does not depend on a plan's row order.
  const used: string[] = [];
  // The scarcest first: the demo registers few households to activities, and books and serves many.
  for (const [kind, table, live, staffPermission] of [...tables].reverse()) {
    const candidates = await owner.query(
      `select r.id::text, r.household_id::text as household, h.organisation_id::text as org from "${table}" r join households h on h.id = r.household_id
        where ${live} and r.household_id <> all($2::uuid[]) order by h.organisation_id = $1 desc, r.created_at desc, r.id limit 20`,
      [plurial, used],
    );
    let pair: { own: { id: string; household: string; org: string }; other: { id: string; household: string } } | null = null;
    for (const own of candidates.rows) {
      const other = await owner.query(
        `select r.id::text, r.household_id::text as household from "${table}" r join households h on h.id = r.household_id
          where h.organisation_id = $1 and r.household_id <> all($2::uuid[]) and ${live} order by r.created_at desc, r.id limit 1`,
        [own.org, [...used, own.household]],
      );
      if (other.rows[0]) {
        pair = { own, other: other.rows[0] };
        break;
      }
    }
    if (!pair) continue;
    used.push(pair.own.household, pair.other.household);
    // The household's resident: an account added to it as the directory's import would (its records stay the seed's).
    const name = `resident owning the ${kind}`;
    const holder = await addMember(owner, pair.own.org, 'resident', `Holder ${kind}`, { household_id: pair.own.household });
    actors.push({ name, role: 'resident', org: pair.own.org, browser: await browserFor(t, holder, pair.own.org) });
    fixtures.push({ kind, label: `a household's ${kind}`, id: pair.own.id, org: pair.own.org, grants: new Set([name]), staffPermission });
    fixtures.push({ kind, label: `another household's ${kind}`, id: pair.other.id, org: pair.own.org, grants: new Set(), staffPermission });
  }

  // Provider accounts: three requests taken at the desk's counter now (after the residents' records were chosen among
  // the seed's), one dispatched to the provider serving it, one to another provider, one not dispatched. A provider
  // reads and answers only what was dispatched to it: the other provider's and the undispatched request are 404.
  const concierge = await conciergeMaker(t);
  actors.push(...(await providerPeople(t)));
  const requests: [string, string, Set<string>][] = [
    ['a request dispatched to the provider', await concierge.request(['dispatch'], concierge.providerIds[0]), new Set([SERVING])],
    ['a request dispatched to another provider', await concierge.request(['dispatch'], concierge.providerIds[1]), new Set([OTHER_PROVIDER])],
    ['a request not dispatched', await concierge.request(), new Set()],
  ];
  // The desk's partner_staff also holds `concierge.provider`: through the providers' API it acts as the desk relaying a
  // provider's answer (`actOnRequest` takes it as the desk, on any request of the association), which its desk page
  // already lets it do; the providers' pages need a provider account (404).
  const relay = (route: Route) => (route.path.startsWith('/api/') ? [DESK] : []);
  for (const [label, id, grants] of requests) fixtures.push({ kind: 'provider_request', label, id, org: concierge.desk.orgId as string, grants, grantsOn: relay });
  // The same requests at the desk: its own staff (partner_staff and concierge of the association) read and move every
  // one of them; the staff of another desk serving the same landlord, the landlord's concierges and the providers 404.
  for (const [label, id] of requests) fixtures.push({ kind: 'desk_request', label: `${label}, at the desk`, id, org: concierge.desk.orgId as string, grants: new Set([DESK, DESK_CONCIERGE]) });
  BODIES['/api/v1/concierge/desk/requests/:id/dispatch'] = () => ({ providerId: concierge.providerIds[0] });
  BODIES['/api/v1/concierge/desk/requests/:id/cancel'] = () => ({ reason: 'Matrice' });
  // Landlord staff limited to the requests' residence or to another: no concierge request route is theirs (the
  // household's are residents', the desk's the association's, whose memberships cannot be limited to residences).
  const served = (await owner.query('select r.landlord_id::text as landlord, d.residence_id::text as residence from concierge_requests r join occupancies o on o.household_id = r.household_id and o.ends_on is null join dwellings d on d.id = o.dwelling_id where r.id = $1', [requests[0][1]])).rows[0];
  const away = (await owner.query("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'PN-MATRICE', 'Résidence de la matrice', '1 rue de la Matrice', '51100', 'Reims') returning id::text", [served.landlord])).rows[0].id as string;
  for (const [name, limit] of [
    ['concierge limited to the request’s residence', served.residence],
    ['concierge limited to another residence', away],
  ] as const) {
    const user = await addMember(owner, served.landlord, 'concierge', name, { residence_ids: [limit] });
    actors.push({ name, role: 'concierge', org: served.landlord, browser: await browserFor(t, user, served.landlord), residenceIds: [limit] });
  }

  // A booking of a weekly series, booked at the counter, reached through its space: the space's staff (the
  // board's permission, same organisation) answered; under another space of the same landlord, 404.
  const cowork = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  await relaxRules(t.database, cowork.spaceId);
  const facilitator = staffActor(cowork.orgId, await userId(owner, demo('facilitator')));
  const series = await createSeries(db, facilitator, cowork.spaceId, { resourceId: cowork.resourceId, date: workingDayAhead(50), start: '10:00', minutes: 60, purpose: 'leisure', householdId: cowork.households[0], weeks: 3, onConflict: 'skip' }, 'counter');
  if (series.kind !== 'booked') throw new Error(`series: ${JSON.stringify(series)}`);
  // Another space of the landlord: 404 under it. A facilitator limited to the booking's residence is answered; one
  // limited to another residence of the landlord is refused (403) under any space outside it.
  const other = (await owner.query('select id::text, residence_id::text as residence from spaces where organisation_id = $1 and id <> $2 order by id limit 1', [cowork.orgId, cowork.spaceId])).rows[0];
  actors.push(...(await residenceLimitedFacilitators(t, cowork.orgId, cowork.residenceId)));
  seconds.set('booking', { label: 'a booking of a series', org: cowork.orgId, own: { spaces: cowork.spaceId, bookings: series.bookings[0].id }, other: { spaces: other.id, bookings: series.bookings[0].id }, grants: new Set(), staffPermission: 'spaces.board', residences: [cowork.residenceId, other.residence] });
}, 120_000);

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('authorisation matrix × record relationship', () => {
  it('answers each role, organisation and relationship as the policy says, and a refused write changes nothing', async () => {
    const byKind = new Map<Kind, ReturnType<typeof routeTable>>();
    for (const kind of Object.keys(ROUTES) as Kind[]) byKind.set(kind, routeTable().filter((r) => ROUTES[kind].test(r.path)));
    // Every record kind has routes and fixtures (own and other), so the matrix never checks nothing.
    for (const kind of Object.keys(ROUTES) as Kind[]) {
      expect(byKind.get(kind)?.length, kind).toBeGreaterThan(0);
      expect(fixtures.filter((f) => f.kind === kind).length, kind).toBeGreaterThanOrEqual(2);
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
            const granted = holds && (fixture.grants.has(actor.name) || staff || !!fixture.grantsOn?.(route).includes(actor.name));
            if (route.method === 'POST' && granted) return;
            const expected = !holds ? '403' : granted ? 'answered' : '404';
            const url = route.path.replace(':id', fixture.id);
            const body = BODIES[route.path]?.(fixture) ?? {};
            const res = route.method === 'GET' ? await actor.browser.get(url) : await actor.browser.post(url, body);
            checked++;
            routesChecked.add(`${route.method} ${route.path}`);
            const got = res.status;
            let ok = expected === 'answered' ? got < 400 || (![401, 403, 404].includes(got) && got < 500) : String(got) === expected;
            // Refused before any lookup (an API body refused by its schema, 400; a resident without a concierge
            // subscription, 403): as good as 404 when a missing id gets the same answer, since nothing leaks.
            if (!ok && expected === '404' && [400, 403].includes(got)) {
              const none = route.method === 'GET' ? await actor.browser.get(route.path.replace(':id', UNKNOWN_ID)) : await actor.browser.post(route.path.replace(':id', UNKNOWN_ID), body);
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
  }, 300_000);
});

describe('authorisation matrix × records reached through a second id', () => {
  it('answers a case’s decisions, documents, referrals, instalments and steps, a space’s booking of a series and a session’s dossier as the policy says, 404 under another parent, and a refused write changes nothing', async () => {
    const routes = (family: Family) => routeTable().filter((r) => SECOND_ROUTES[family].test(r.path));
    const families = Object.keys(SECOND_ROUTES) as Family[];
    for (const family of families) {
      expect(routes(family).length, family).toBeGreaterThan(0);
      expect(seconds.has(family), family).toBe(true);
    }
    const before = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']);
    const tally = newTally();
    const unfixtured = new Set<string>();
    for (const family of families) {
      const fixture = seconds.get(family) as Parented;
      for (const route of routes(family)) {
        // A second-id route without a record to try fails the test: a new kind of record must get its fixture.
        if (!fillPath(route.path, fixture.own)) unfixtured.add(`${route.method} ${route.path}`);
        else await checkParented(route, fixture, actors, tally);
      }
    }
    process.stdout.write(`record matrix, second ids: ${tally.checked} checks — ${tally.routes.size} routes (${families.map((f) => `${f}: ${routes(f).length}`).join(', ')}) × ${actors.length} actors × ${seconds.size} parents (${[...seconds.values()].map((f) => f.label).join('; ')}), own and another parent; ${tally.beforeLookup} refused before the lookup as a missing id is\n`);
    expect([...unfixtured]).toEqual([]);
    expect(tally.mismatches).toEqual([]);
    expect(changedTables(before, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']))).toEqual([]);
  }, 180_000);
});
