import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import type { Actor } from '../../../platform/access/actor.js';
import { drawOrder } from '../domain/garden-draw.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, residentActor, staffActor, userId } from '../testing.js';
import { residentAccount } from '../testing-garden.js';
import { allocatePlots, answerRenewal, offerRenewals, releasePlot } from './garden-allocate.js';
import { applyForPlot, createSeason } from './garden-seasons.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let garden: DemoSpace;
let staff: Actor;
const residents: Actor[] = [];
const today = parisParts(new Date()).date;
const q = (text: string, args: unknown[] = []) => database.owner.query(text, args);

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  garden = await demoSpace(database, 'Jardins partagés de Réma’Vert');
  staff = staffActor(garden.orgId, await userId(database, 'facilitator@demo.palier.fr'));
  for (let i = 0; i < 5; i++) {
    const u = await residentAccount(database, garden.orgId, garden.households[i], `gardener-${i}@demo.palier.fr`, `Jardinier ${i}`);
    residents.push(residentActor(garden.orgId, u, garden.households[i]));
  }
});

const season = (name: string, allocation: 'first_come' | 'draw', from = today, to = addDays(today, 180)) => createSeason(database.db, staff, garden.spaceId, { name, startsOn: from, endsOn: to, allocation });

describe('garden plots allocated per season', () => {
  it('first come: the three plots go to the first three applications, the others wait; a household applies once', async () => {
    const s = await season('Printemps', 'first_come');
    for (const r of residents) await applyForPlot(database.db, r, s);
    expect((await refusal(applyForPlot(database.db, residents[0], s))).code).toBe('spaces.garden.error.alreadyApplied');
    const r = await allocatePlots(database.db, staff, garden.spaceId, s);
    expect(r).toEqual({ allocated: 3, waiting: 2, seed: null });
    const holders = (await q('select household_id from garden_allocations where season_id = $1 and released_at is null order by allocated_at', [s])).rows.map((x) => x.household_id);
    expect(new Set(holders)).toEqual(new Set(garden.households.slice(0, 3)));
    expect((await q("select count(*)::int as n from notifications where subject like 'Parcelle attribuée%'")).rows[0].n).toBe(3);
  });

  it('the database refuses a plot allocated twice in a season, or two plots to one household', async () => {
    const a = (await q("select a.season_id, a.resource_id, a.household_id, a.organisation_id from garden_allocations a join garden_seasons s on s.id = a.season_id where s.name = 'Printemps' limit 1")).rows[0];
    await expect(q('insert into garden_allocations (organisation_id, season_id, resource_id, household_id) values ($1, $2, $3, $4)', [a.organisation_id, a.season_id, a.resource_id, garden.households[4]])).rejects.toMatchObject({ code: '23505' });
    const other = (await q('select resource_id from garden_allocations where season_id = $1 and resource_id <> $2 limit 1', [a.season_id, a.resource_id])).rows[0].resource_id;
    await expect(q('insert into garden_allocations (organisation_id, season_id, resource_id, household_id) values ($1, $2, $3, $4)', [a.organisation_id, a.season_id, other, a.household_id])).rejects.toMatchObject({ code: '23505' });
  });

  it('a released plot goes to the first on the waiting list', async () => {
    const s = (await q("select id from garden_seasons where name = 'Printemps'")).rows[0].id;
    const first = (await q('select id, resource_id from garden_allocations where season_id = $1 and household_id = $2', [s, garden.households[0]])).rows[0];
    expect(await releasePlot(database.db, staff, garden.spaceId, s, first.id)).toEqual({ promoted: true });
    const now = (await q('select household_id from garden_allocations where season_id = $1 and resource_id = $2 and released_at is null', [s, first.resource_id])).rows[0].household_id;
    expect(now).toBe(garden.households[3]);
    expect((await q('select status from garden_applications where season_id = $1 and household_id = $2', [s, garden.households[4]])).rows[0].status).toBe('waiting');
    expect((await refusal(releasePlot(database.db, staff, garden.spaceId, s, first.id))).status).toBe(404);
  });

  it('by draw: the seed is stored, the order is the one the seed gives, and a draw happens once', async () => {
    const s = await season('Été', 'draw');
    const ids: string[] = [];
    for (const r of residents) ids.push(await applyForPlot(database.db, r, s));
    const r = await allocatePlots(database.db, staff, garden.spaceId, s);
    expect(r.allocated).toBe(3);
    const stored = (await q('select draw_seed, drawn_at from garden_seasons where id = $1', [s])).rows[0];
    expect(stored.draw_seed).toBe(r.seed);
    const expected = drawOrder(stored.draw_seed, ids);
    const ranks = (await q('select id from garden_applications where season_id = $1 order by draw_rank', [s])).rows.map((x) => x.id);
    expect(ranks).toEqual(expected);
    const winners = (await q("select id from garden_applications where season_id = $1 and status = 'allocated'", [s])).rows.map((x) => x.id);
    expect(new Set(winners)).toEqual(new Set(expected.slice(0, 3)));
    expect((await refusal(allocatePlots(database.db, staff, garden.spaceId, s))).code).toBe('spaces.garden.error.drawn');
    // The waiting list keeps the draw's order: a released plot goes to rank 4.
    const a = (await q('select id from garden_allocations where season_id = $1 and released_at is null limit 1', [s])).rows[0].id;
    await releasePlot(database.db, staff, garden.spaceId, s, a);
    expect((await q('select status from garden_applications where id = $1', [expected[3]])).rows[0].status).toBe('allocated');
  });

  it('a replayed draw with the stored seed gives the same winners', async () => {
    const order1 = drawOrder('0123456789abcdef', ['b', 'a', 'c']);
    expect(drawOrder('0123456789abcdef', ['c', 'b', 'a'])).toEqual(order1);
  });

  it('end of season: holders are offered to keep their plot; accepting keeps it, declining passes it to the waiting list', async () => {
    const from = (await q("select id, ends_on from garden_seasons where name = 'Printemps'")).rows[0];
    const next = await season('Printemps suivant', 'first_come', addDays(today, 181), addDays(today, 360));
    expect(await offerRenewals(database.db, staff, garden.spaceId, from.id, next)).toBe(3);
    expect(await offerRenewals(database.db, staff, garden.spaceId, from.id, next)).toBe(0);
    const offers = (await q("select id, household_id, offered_resource_id from garden_applications where season_id = $1 and status = 'renewal_offered' order by household_id", [next])).rows;
    expect(offers).toHaveLength(3);
    // A newcomer applies; all plots are kept for the holders until they answer.
    await applyForPlot(database.db, residents[0], next);
    expect((await allocatePlots(database.db, staff, garden.spaceId, next)).allocated).toBe(0);
    const byHousehold = (h: string) => residents[garden.households.indexOf(h)];
    const [keep, leave] = offers;
    expect((await refusal(answerRenewal(database.db, byHousehold(leave.household_id), keep.id, 'accept'))).status).toBe(404);
    await answerRenewal(database.db, byHousehold(keep.household_id), keep.id, 'accept');
    expect((await q('select resource_id from garden_allocations where season_id = $1 and household_id = $2 and released_at is null', [next, keep.household_id])).rows[0].resource_id).toBe(keep.offered_resource_id);
    await answerRenewal(database.db, byHousehold(leave.household_id), leave.id, 'decline');
    expect((await q('select resource_id from garden_allocations where season_id = $1 and household_id = $2 and released_at is null', [next, garden.households[0]])).rows[0].resource_id).toBe(leave.offered_resource_id);
    expect((await refusal(answerRenewal(database.db, byHousehold(keep.household_id), keep.id, 'decline'))).code).toBe('spaces.garden.error.answered');
  });

  it('refuses a season on a space that is not a garden, and a resident who is neither staff nor steward', async () => {
    const cowork = await demoSpace(database, 'Salle commune Arc-en-Ciel');
    expect((await refusal(createSeason(database.db, staff, cowork.spaceId, { name: 'X', startsOn: today, endsOn: addDays(today, 10), allocation: 'draw' }))).code).toBe('spaces.garden.error.notGarden');
    const s = (await q("select id from garden_seasons where name = 'Été'")).rows[0].id;
    expect((await refusal(allocatePlots(database.db, residents[1], garden.spaceId, s))).status).toBe(404);
  });
});
