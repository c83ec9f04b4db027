import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCoOrganiser } from '../../src/modules/community/commands/co-organisers.js';
import { saveEventReport } from '../../src/modules/community/commands/event-report.js';
import { addClosureDays } from '../../src/modules/spaces/commands/closures.js';
import { createSeries } from '../../src/modules/spaces/commands/create-series.js';
import { handOverKey } from '../../src/modules/spaces/commands/key-handover.js';
import { recordSupport } from '../../src/modules/spaces/commands/record-support.js';
import { nameSteward } from '../../src/modules/spaces/commands/stewards.js';
import { demoSpace, relaxRules, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { createNeighbourhood } from '../../src/modules/directory/commands/neighbourhoods.js';
import { actorFor } from '../../src/modules/support/test-helpers.js';
import { parisToday } from '../../src/modules/support/domain/local-date.js';
import { demo, testApp } from '../app.js';
import { addMember, browserFor, changedTables, routeTable, type TestApp, tableFingerprints } from './helpers.js';
import { checkParented, fillPath, type MatrixActor, matrixPeople, newTally, type Parented, residenceLimitedFacilitators, type Route } from './record-matrix-shared.js';

/**
 * The record matrix of the other routes that reach a record through its parent: a space's resources, closures,
 * key handovers, stewards, help sessions and garden seasons (staff and API), a steward's decisions, an activity's
 * photos, co-organisers and households, a concierge request's events at the desk and for providers, a residence
 * attached to a neighbourhood. Each record is
 * made through its module's commands (the garden's season and allocation, and the residence attached to the demo's neighbourhood, are the demo seed's) and requested under
 * its own parent and under another parent the same people may read (`checkParented`). Staff limited to some
 * residences are told apart: a facilitator limited to the space's residence is answered, one limited to another
 * residence is refused (403, `authorize` on the space's residence).
 * Every route of the route table with two ids belongs to a family here or in `record-matrix.test.ts`, and every
 * route of a family needs a fixture: a new route without one fails the test.
 */
const FAMILIES = {
  space: /^(\/staff\/spaces|\/api\/v1\/spaces)\/:id\/(resources|settings\/closures|closures|keys\/hand|keys\/return|keys|stewards|support)\/:[a-zA-Z]+(\/[a-z-]+)*$/,
  garden: /^(\/staff\/spaces|\/api\/v1\/spaces)\/:id\/garden\/seasons\/:[a-zA-Z]+(\/[a-z-]+\/?(:[a-zA-Z]+)?)*(\/[a-z-]+)*$/,
  stewarding: /^(\/api\/v1)?\/spaces\/stewarding\/:id\//,
  event: /^(\/api\/v1)?\/community\/(manage\/)?events\/:id\/[a-z-]+\/:[a-zA-Z]+/,
  concierge: /^\/concierge\/(desk|provider)\/requests\/:id\/:event$/,
  neighbourhood: /^\/admin\/neighbourhoods\/:id\/residences\/:[a-zA-Z]+(\/[a-z-]+)*$/,
};
type Family = keyof typeof FAMILIES;
/** Families checked by `record-matrix.test.ts` (a case's, a space's booking, a session's dossier). */
const ELSEWHERE = [/^(\/api\/v1)?\/support\/cases\/:id\//, /^(\/api\/v1\/spaces|\/staff\/spaces)\/:id\/bookings\//, /^(\/api\/v1)?\/support\/sessions\/:id\/dossiers\//];
/** Two parameters, one of them not an id: the moderation queue's kind (`proposal`, `comment`), checked by the IDOR suite. */
const NOT_TWO_IDS = ['/community/manage/moderate/:kind/:id'];

let t: TestApp;
let dataDir = '';
const actors: MatrixActor[] = [];
const fixtures: { family: Family; fixture: Parented }[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-record-parents-'));
  t = await testApp({ DATA_DIR: dataDir });
  const owner = t.database.owner;
  const db = t.database.db;
  const people = await matrixPeople(t);
  actors.push(...people.actors);
  const { plurial } = people;
  const one = async (text: string, args: unknown[]) => (await owner.query(text, args)).rows[0];
  const admin = await actorFor(db, demo('org_admin'));
  if (admin.orgId !== plurial) throw new Error('the demo administrator is not Plurial Novilia’s');

  // Plurial Novilia's spaces: the Arc-en-Ciel room, the garden and the bikes of Réma’Vert; facilitators limited to the
  // room's residence and to a residence without any of them.
  const room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  const garden = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  const bikes = await demoSpace(t.database, 'Vélos électriques de Réma’Vert');
  await relaxRules(t.database, room.spaceId);
  actors.push(...(await residenceLimitedFacilitators(t, plurial, room.residenceId)));
  const series = await createSeries(db, admin, room.spaceId, { resourceId: room.resourceId, date: workingDayAhead(45), start: '14:00', minutes: 60, purpose: 'leisure', householdId: room.households[0], weeks: 2, onConflict: 'skip' }, 'counter');
  if (series.kind !== 'booked') throw new Error(`series: ${JSON.stringify(series)}`);
  const [toHand, handed] = series.bookings.map((b) => b.id);
  const handover = await handOverKey(db, admin, room.spaceId, handed, 'Mme Matrice');
  const closure = (await addClosureDays(db, admin, room.spaceId, { resourceId: null, fromDate: workingDayAhead(80), toDate: workingDayAhead(80), reason: 'Matrice' })).closureId;
  const stewardUser = await addMember(owner, plurial, 'resident', 'Steward of the room', { household_id: room.households[1] });
  await nameSteward(db, admin, room.spaceId, stewardUser);
  actors.push({ name: 'steward of the room', role: 'resident', org: plurial, browser: await browserFor(t, stewardUser, plurial) });
  const help = await recordSupport(db, admin, room.spaceId, { householdId: null, heldOn: parisToday(), minutes: 30, topic: 'cv', outcome: null });
  const children = { resources: room.resourceId, closures: closure, hand: toHand, return: handover, keys: handover, stewards: stewardUser, support: help };
  fixtures.push({
    family: 'space',
    fixture: { label: 'the room’s resource, closure, key, steward and help session', org: plurial, own: { spaces: room.spaceId, ...children }, other: { spaces: bikes.spaceId, ...children }, grants: new Set(), staffPermission: 'route', residences: [room.residenceId, bikes.residenceId] },
  });
  const season = await one('select s.id::text as season, a.id::text as allocation from garden_seasons s join garden_allocations a on a.season_id = s.id where s.space_id = $1 limit 1', [garden.spaceId]);
  const gardenSteward = (await one('select user_id::text as id from space_stewards where space_id = $1 limit 1', [garden.spaceId])).id;
  actors.push({ name: 'steward of the garden', role: 'resident', org: plurial, browser: await browserFor(t, gardenSteward, plurial) });
  const seasonIds = { seasons: season.season, allocations: season.allocation };
  fixtures.push({
    family: 'garden',
    fixture: { label: 'the garden’s season and allocation', org: plurial, own: { spaces: garden.spaceId, ...seasonIds }, other: { spaces: bikes.spaceId, ...seasonIds }, grants: new Set(), staffPermission: 'route', residences: [garden.residenceId, bikes.residenceId] },
  });
  // A steward acts on their own space only: under another space of the landlord, 404; staff hold no stewarding.
  fixtures.push({
    family: 'stewarding',
    fixture: { label: 'the room’s booking and key, by its steward', org: plurial, own: { stewarding: room.spaceId, bookings: toHand, hand: toHand, return: handover }, other: { stewarding: bikes.spaceId, bookings: toHand, hand: toHand, return: handover }, grants: new Set(['steward of the room']) },
  });
  fixtures.push({
    family: 'stewarding',
    fixture: { label: 'the garden’s season and allocation, by its steward', org: plurial, own: { stewarding: garden.spaceId, ...seasonIds }, other: { stewarding: room.spaceId, ...seasonIds }, grants: new Set(['steward of the garden']) },
  });

  // Community: a past activity of Plurial Novilia open to all its residents, its report's photo and a co-organiser,
  // both through the module's commands; another activity of the landlord open to all holds neither.
  const events = (await owner.query('select id::text from community_events where organisation_id = $1 and residence_id is null and cancelled_at is null order by starts_at < now() desc, starts_at desc limit 2', [plurial])).rows;
  const png = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4ee0000000049454e44ae426082', 'hex'));
  await saveEventReport(db, admin, dataDir, events[0].id, { body: 'Compte rendu de la matrice.', walkIns: '', caption: '', consent: 'on' }, { name: 'photo.png', bytes: png });
  const photo = (await one('select id::text from community_event_photos where event_id = $1', [events[0].id])).id;
  const coOrganiser = await addMember(owner, plurial, 'resident', 'Co-organiser of the activity');
  const coEmail = (await one('select email from users where id = $1', [coOrganiser])).email;
  await addCoOrganiser(db, admin, events[0].id, { email: coEmail });
  fixtures.push({
    family: 'event',
    fixture: { label: 'an activity’s photo and co-organiser', org: plurial, own: { events: events[0].id, photos: photo, 'co-organisers': coOrganiser }, other: { events: events[1].id, photos: photo, 'co-organisers': coOrganiser }, grants: new Set(), staffPermission: 'route' },
  });
  // An activity of one residence (the room's when the landlord has one there): its co-organiser, managed by the
  // landlord's staff and, among residence-limited staff, only by those of that residence (403 for the others).
  const local = await one('select id::text, residence_id::text as residence from community_events where organisation_id = $1 and residence_id is not null and cancelled_at is null order by residence_id = $2 desc, starts_at desc limit 1', [plurial, room.residenceId]);
  await addCoOrganiser(db, admin, local.id, { email: coEmail });
  fixtures.push({
    family: 'event',
    fixture: { label: 'a co-organiser of an activity of one residence', org: plurial, own: { events: local.id, 'co-organisers': coOrganiser }, other: { events: events[1].id, 'co-organisers': coOrganiser }, grants: new Set(), staffPermission: 'route', residences: [local.residence, ''] },
  });
  // Registering a household for an activity: a household of the landlord (staff of the landlord, a write: not sent);
  // under the same activity, a household of another landlord (404 for everyone).
  const foreignHousehold = (await one('select id::text from households where organisation_id <> $1 order by reference limit 1', [plurial])).id;
  fixtures.push({
    family: 'event',
    fixture: { label: 'a household for an activity (another landlord’s as the other)', org: plurial, own: { events: events[0].id, households: room.households[0] }, other: { events: events[0].id, households: foreignHousehold }, grants: new Set(), staffPermission: 'route' },
  });

  // Directory: a residence Plurial Novilia attached to the demo's Réma’Vert neighbourhood (the landlord's managers
  // may detach it); a neighbourhood its administrator makes here, which they also manage, does not hold it.
  const remaVert = (await one("select id::text from neighbourhoods where name = 'Réma’Vert'", [])).id;
  const attached = (await one('select residence_id::text as id from neighbourhood_residences where neighbourhood_id = $1 and organisation_id = $2 limit 1', [remaVert, plurial])).id;
  const made = await createNeighbourhood(db, admin, { name: 'Quartier de la matrice', city: 'Reims' });
  if (!made.ok) throw new Error(`neighbourhood: ${JSON.stringify(made)}`);
  fixtures.push({ family: 'neighbourhood', fixture: { label: 'a residence attached to a neighbourhood', org: plurial, own: { neighbourhoods: remaVert, residences: attached }, other: { neighbourhoods: made.id, residences: attached }, grants: new Set(), staffPermission: 'route' } });

  // Concierge: a live request of a household (Plurial Novilia's when it has one); its events at the desk (the desk's
  // own staff: the request is the association's row, whichever landlord's household asked; the landlord's concierges
  // are refused) and for providers (a provider account serving it: none among these people). Under the other
  // "parent", an event that does not exist: 404 for everyone.
  const request = await one(
    "select r.id::text, r.organisation_id::text as org from concierge_requests r join households h on h.id = r.household_id where r.status not in ('closed', 'cancelled') order by h.organisation_id = $1 desc, r.created_at desc limit 1",
    [plurial],
  );
  fixtures.push({ family: 'concierge', fixture: { label: 'a household’s concierge request', org: request.org, own: { requests: request.id, event: 'cancel' }, other: { requests: request.id, event: 'unknown-event' }, grants: new Set(), staffPermission: 'concierge.staff', missingKey: 'requests' } });
}, 180_000);

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const ids = (path: string) => (path.match(/:[a-zA-Z]+/g) ?? []).length;
const familyOf = (route: Route) => (ids(route.path) >= 2 ? (Object.keys(FAMILIES) as Family[]).find((f) => FAMILIES[f].test(route.path)) : undefined);

describe('authorisation matrix × records reached through their parent (spaces, stewards, activities, concierge)', () => {
  it('every route with two ids belongs to a family, here or in record-matrix.test.ts', () => {
    const loose = routeTable().filter((r) => r.permission !== 'public' && ids(r.path) >= 2 && !NOT_TWO_IDS.includes(r.path) && !ELSEWHERE.some((re) => re.test(r.path)) && !familyOf(r));
    expect(loose.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers each role, organisation, residence and relationship as the policy says, 404 under another parent, and a refused write changes nothing', async () => {
    const before = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']);
    const tally = newTally();
    const unfixtured: string[] = [];
    const perFamily = new Map<Family, number>();
    for (const route of routeTable()) {
      const family = familyOf(route);
      if (!family) continue;
      perFamily.set(family, (perFamily.get(family) ?? 0) + 1);
      const mine = fixtures.filter((f) => f.family === family && fillPath(route.path, f.fixture.own));
      // A route of a family without a record to try fails the test: a new kind of record must get its fixture.
      if (!mine.length) unfixtured.push(`${route.method} ${route.path}`);
      for (const { fixture } of mine) await checkParented(route, fixture, actors, tally);
    }
    process.stdout.write(`record matrix, parents: ${tally.checked} checks — ${tally.routes.size} routes (${[...perFamily].map(([f, n]) => `${f}: ${n}`).join(', ')}) × ${actors.length} actors × ${fixtures.length} parented records, own and another parent; ${tally.beforeLookup} refused before the lookup as a missing id is\n`);
    expect(unfixtured).toEqual([]);
    expect(tally.mismatches).toEqual([]);
    expect(changedTables(before, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']))).toEqual([]);
  }, 300_000);
});
