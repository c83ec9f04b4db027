import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { apiTokenFor } from '../../../../test/api-token.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// Staff registering a household at the desk (page and API) name one of their landlord's households within
// the activity's audience; a guest registration names no household at all.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let staffToken = '';
let elsewhere = '';

const staffApi = (path: string, body: unknown, lang = 'fr') =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) });
const count = async (eventId: string) => Number((await f.q('select count(*)::int n from community_registrations where event_id = $1', [eventId])).rows[0].n);

beforeAll(async () => {
  t = await testApp();
  f = await neighbourFixture(t);
  staffToken = await apiTokenFor(t, demo('facilitator'), ['community.read', 'community.events.manage']);
  // A Plurial Novilia household living in a residence of its own, outside the Réma'Vert neighbourhood.
  const pn = f.org['plurial-novilia'];
  const residence = (await f.q("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'PN-DESK-HORS', 'Résidence Hors-Quartier', '1 rue Loin', '51100', 'Reims') returning id", [pn])).rows[0].id;
  const dwelling = (await f.q("insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, 'HQ-1', 2, 0, 35000) returning id", [pn, residence])).rows[0].id;
  elsewhere = (await f.q("insert into households (organisation_id, reference, name) values ($1, 'HQ-F1', 'Foyer hors quartier') returning id", [pn])).rows[0].id;
  await f.q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2021-01-01')", [pn, elsewhere, dwelling]);
});

describe('registration at the desk', () => {
  it('refuses a household of another landlord at the household field (page and API, FR and EN), writing nothing', async () => {
    const event = await f.newEvent({ title: 'Goûter au guichet' });
    const page = await f.facilitator.post(`/community/manage/events/${event}/register`, { household: f.hh.nb1, adults: '1', children: '0' });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Ce foyer n’est pas un foyer de l’organisme');
    const api = await staffApi(`/api/v1/community/events/${event}/households/${f.hh.nb1}/registrations`, { adults: 1 });
    expect(api.status).toBe(422);
    expect(((await api.json()) as { fields: Record<string, string> }).fields.household).toMatch(/pas un foyer de l’organisme/);
    const en = await staffApi(`/api/v1/community/events/${event}/households/${f.hh.nb1}/registrations`, { adults: 1 }, 'en');
    expect(((await en.json()) as { fields: Record<string, string> }).fields.household).toMatch(/not one of the landlord’s/);
    expect(await count(event)).toBe(0);
    // The same desk registers the landlord's own household of the residence.
    expect((await staffApi(`/api/v1/community/events/${event}/households/${f.hh.pn1}/registrations`, { adults: 1 })).status).toBe(201);
    expect(await count(event)).toBe(1);
  });

  it('refuses a household outside the activity’s audience: another residence, or outside the neighbourhood', async () => {
    const residenceOnly = await f.newEvent({ title: 'Café de la résidence', audience: '' });
    const page = await f.facilitator.post(`/community/manage/events/${residenceOnly}/register`, { household: elsewhere, adults: '1', children: '0' });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Ce foyer n’habite pas la résidence');
    const api = await staffApi(`/api/v1/community/events/${residenceOnly}/households/${elsewhere}/registrations`, { adults: 2 }, 'en');
    expect(api.status).toBe(422);
    expect(((await api.json()) as { fields: Record<string, string> }).fields.household).toMatch(/does not live in the residence/);
    const openToNeighbourhood = await f.newEvent({ title: 'Goûter du quartier au guichet' });
    expect((await staffApi(`/api/v1/community/events/${openToNeighbourhood}/households/${elsewhere}/registrations`, { adults: 1 })).status).toBe(422);
    expect(await count(residenceOnly)).toBe(0);
    expect(await count(openToNeighbourhood)).toBe(0);
    // An activity for the whole landlord takes any of its households.
    const landlordWide = await f.newEvent({ title: 'Fête de l’organisme', residenceId: '', audience: '' });
    expect((await staffApi(`/api/v1/community/events/${landlordWide}/households/${elsewhere}/registrations`, { adults: 1 })).status).toBe(201);
    // An unknown id is the same field error, never a 500.
    expect((await staffApi(`/api/v1/community/events/${landlordWide}/households/not-an-id/registrations`, { adults: 1 })).status).toBe(422);
  });

  it('a guest registration names no household: a household id slipped into the body is not kept', async () => {
    const landlordWide = await f.newEvent({ title: 'Collecte de jouets', residenceId: '', audience: '' });
    const res = await staffApi(`/api/v1/community/events/${landlordWide}/guests`, { name: 'Mme Voisine', contact: '06 12 34 56 78', adults: 1, householdId: f.hh.nb1, household_id: f.hh.nb1 });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const [row] = (await f.q('select household_id, guest_org_id, guest_name from community_registrations where id = $1', [id])).rows;
    expect(row).toEqual({ household_id: null, guest_org_id: null, guest_name: 'Mme Voisine' });
  });
});
