import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { type DemoSpace, demoSpace } from '../testing.js';
import { residentAccount } from '../testing-garden.js';

let t: Awaited<ReturnType<typeof testApp>>;
let garden: DemoSpace;
let concierge: Client;
const gardeners: Client[] = [];
const today = parisParts(new Date()).date;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);

beforeAll(async () => {
  t = await testApp();
  garden = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  concierge = t.client();
  await concierge.signIn(demo('concierge'));
  for (let i = 0; i < 4; i++) {
    await residentAccount(t.database, garden.orgId, garden.households[i], `plot-${i}@demo.palier.fr`, `Jardinier ${i}`);
    const c = t.client();
    await c.signIn(`plot-${i}@demo.palier.fr`);
    gardeners.push(c);
  }
});

describe('garden plots in the browser’s forms', () => {
  it('staff open a season (bad dates answered at the field), residents apply from “My garden plot”, staff allocate, the last waits', async () => {
    const base = `/staff/spaces/${garden.spaceId}/garden`;
    expect(await (await concierge.get(`/staff/spaces/${garden.spaceId}`)).text()).toContain(`href="${base}"`);
    const bad = await concierge.post(`${base}/seasons`, { name: 'Saison 1', startsOn: addDays(today, 10), endsOn: today, allocation: 'draw' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('La fin doit venir après le début.');
    expect(html).toContain('value="Saison 1"');
    expect((await concierge.post(`${base}/seasons`, { name: 'Saison 1', startsOn: today, endsOn: addDays(today, 120), allocation: 'first_come' })).status).toBe(303);
    const season = (await q("select id from garden_seasons where name = 'Saison 1'")).rows[0].id;
    const mine = await (await gardeners[0].get('/spaces/garden')).text();
    expect(mine).toContain('Saison 1');
    for (const g of gardeners) expect((await g.post(`/spaces/garden/seasons/${season}/apply`, {})).status).toBe(303);
    const twice = await gardeners[0].post(`/spaces/garden/seasons/${season}/apply`, {});
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('déjà une demande');
    const done = await concierge.post(`${base}/seasons/${season}/allocate`, {});
    expect(done.headers.get('location')).toBe(`${base}?allocated=3`);
    expect(await (await gardeners[0].get('/spaces/garden')).text()).toContain('Carré potager 1');
    expect(await (await gardeners[3].get('/spaces/garden')).text()).toContain('rang 1 sur la liste d’attente');
    const page = await (await concierge.get(base)).text();
    expect(page).toContain('Liste d’attente : Saison 1');
    const alloc = (await q('select id from garden_allocations where season_id = $1 and household_id = $2', [season, garden.households[0]])).rows[0].id;
    const rel = await concierge.post(`${base}/seasons/${season}/allocations/${alloc}/release`, {});
    expect(rel.headers.get('location')).toBe(`${base}?released=promoted`);
    expect(await (await gardeners[3].get('/spaces/garden')).text()).toContain('Carré potager 1');
  });

  it('residents cannot run the garden; another landlord’s staff get 404', async () => {
    const season = (await q("select id from garden_seasons where name = 'Saison 1'")).rows[0].id;
    expect((await gardeners[1].get(`/staff/spaces/${garden.spaceId}/garden`)).status).toBe(403);
    expect((await gardeners[1].post(`/staff/spaces/${garden.spaceId}/garden/seasons/${season}/allocate`, {})).status).toBe(403);
    const other = t.client();
    await other.signIn('facilitator-sotteville@demo.palier.fr');
    expect((await other.get(`/staff/spaces/${garden.spaceId}/garden`)).status).toBe(404);
  });

  it('a resident named steward of the garden runs it from “Spaces I steward” (season, allocation); other residents get 404', async () => {
    const stewardUser = (await q("select id from users where email = 'plot-2@demo.palier.fr'")).rows[0].id;
    await q('insert into space_stewards (organisation_id, space_id, user_id) values ($1, $2, $3)', [garden.orgId, garden.spaceId, stewardUser]);
    const steward = gardeners[2];
    const list = await (await steward.get('/spaces/stewarding')).text();
    const base = `/spaces/stewarding/${garden.spaceId}/garden`;
    expect(list).toContain(`href="${base}"`);
    const page = await steward.get(base);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Saison 1');
    const bad = await steward.post(`${base}/seasons`, { name: '', startsOn: addDays(today, 130), endsOn: addDays(today, 250), allocation: 'first_come' });
    expect(bad.status).toBe(422);
    const made = await steward.post(`${base}/seasons`, { name: 'Saison 2', startsOn: addDays(today, 130), endsOn: addDays(today, 250), allocation: 'draw' });
    expect([made.status, made.headers.get('location')]).toEqual([303, `${base}?created=1`]);
    const season = (await q("select id from garden_seasons where name = 'Saison 2'")).rows[0].id;
    await gardeners[0].post(`/spaces/garden/seasons/${season}/apply`, {});
    const drawn = await steward.post(`${base}/seasons/${season}/allocate`, {});
    expect(drawn.headers.get('location')).toBe(`${base}?allocated=1`);
    expect((await q('select drawn_by from garden_seasons where id = $1', [season])).rows[0].drawn_by).toBe(stewardUser);
    expect((await gardeners[1].get(base)).status).toBe(404);
    expect((await gardeners[1].post(`${base}/seasons/${season}/allocate`, {})).status).toBe(404);
  });
});
