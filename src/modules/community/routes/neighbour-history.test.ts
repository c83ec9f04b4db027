import ICAL from 'ical.js';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { inDays } from '../test-helpers.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// A Clésence neighbour's own records at Plurial Novilia (proposals, supports, comments on a process open
// to the Réma'Vert neighbourhood; registrations to its activities) stay theirs: in their personal data
// export, and, after their household moves out of the neighbourhood, in "Mes activités", their feed and
// their export — without the neighbourhood's other activities, nor anything of the next tenants.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let nb1: Client;
let proposal = ''; // nb1's
let theirs = ''; // pn1's, supported and commented by nb1

type Section = { id: string; rows: Record<string, unknown>[] };
async function exportOf(client: Client): Promise<Section[]> {
  const data = (await (await client.get('/account/data.json')).json()) as unknown;
  const out: Section[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'string' && Array.isArray(o.rows)) out.push(o as unknown as Section);
      else for (const x of Object.values(o)) walk(x);
    }
  };
  walk(data);
  return out;
}
const rowsOf = (all: Section[], id: string) => all.find((s) => s.id === id)?.rows;
function uids(text: string): string[] {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid')).split('@')[0]);
}
async function feedPath(client: Client): Promise<string> {
  const html = await (await client.post('/community/mine/calendar', {})).text();
  return /\/c\/clesence\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(html)?.[0] as string;
}

beforeAll(async () => {
  t = await testApp();
  f = await neighbourFixture(t);
  nb1 = await f.browser('nb1');
  const process = (await f.q("insert into community_processes (organisation_id, title, residence_id, starts_on, open_to_neighbours) values ($1, 'Le square de demain', $2, current_date, true) returning id", [f.org['plurial-novilia'], f.arc])).rows[0].id;
  const made = await f.api('pn1', `/api/v1/community/processes/${process}/proposals`, { title: 'Des jeux pour les petits', body: 'Pour tout le monde.', category: 'play' });
  theirs = ((await made.json()) as { id: string }).id;
  const mine = await f.api('nb1', `/api/v1/community/processes/${process}/proposals`, { title: 'Un banc à l’ombre', body: 'Près du bac à sable.', category: 'green_spaces', place: 'Square' });
  expect(mine.status).toBe(201);
  proposal = ((await mine.json()) as { id: string }).id;
  expect((await f.api('nb1', `/api/v1/community/proposals/${theirs}/supports`, {})).status).toBe(201);
  expect((await f.api('nb1', `/api/v1/community/proposals/${theirs}/comments`, { body: 'Et un toboggan ?' })).status).toBe(201);
  expect((await f.api('nb1', `/api/v1/community/proposals/${theirs}/comments`, { body: 'Texte à masquer.' })).status).toBe(201);
  const hidden = (await f.q("select id from community_comments where body = 'Texte à masquer.'")).rows[0].id;
  await f.q("update community_comments set hidden_at = now(), hidden_reason = 'Hors sujet' where id = $1", [hidden]);
  // pn1 supports nb1's proposal: the organiser's resident, not in nb1's export.
  expect((await f.api('pn1', `/api/v1/community/proposals/${proposal}/supports`, {})).status).toBe(201);
});

describe('a neighbour’s proposals, supports and comments at another landlord', () => {
  it('are in their personal data export with the landlord that holds them, hidden comment and reason included', async () => {
    const all = await exportOf(nb1);
    expect(rowsOf(all, 'community.neighbourProposals')).toEqual([
      expect.objectContaining({ landlord: 'Plurial Novilia', process: 'Le square de demain', title: 'Un banc à l’ombre', body: 'Près du bac à sable.', category: 'green_spaces', place: 'Square', status: 'received' }),
    ]);
    expect(rowsOf(all, 'community.neighbourSupports')).toEqual([expect.objectContaining({ landlord: 'Plurial Novilia', proposal: 'Des jeux pour les petits' })]);
    const comments = rowsOf(all, 'community.neighbourComments') ?? [];
    expect(comments.map((c) => [c.proposal, c.body, c.hiddenReason]).sort()).toEqual(
      [
        ['Des jeux pour les petits', 'Et un toboggan ?', null],
        ['Des jeux pour les petits', 'Texte à masquer.', 'Hors sujet'],
      ].sort(),
    );
    // The landlord's own sections stay its own rows.
    expect(rowsOf(all, 'community.proposals')).toEqual([]);
    expect(rowsOf(all, 'community.supports')).toEqual([]);
  });

  it('nobody else gets them: another neighbour, the organiser’s resident, a forged person setting', async () => {
    const nb2 = await exportOf(await f.browser('nb2'));
    expect(nb2.some((s) => s.id.startsWith('community.neighbour'))).toBe(false);
    const pn1 = await exportOf(await f.browser('pn1'));
    expect(pn1.some((s) => s.id === 'community.neighbourProposals')).toBe(false);
    expect(JSON.stringify(pn1)).not.toContain('Près du bac à sable.');
    expect(rowsOf(pn1, 'community.supports')?.map((r) => r.proposal)).toEqual(['Un banc à l’ombre']);
    // The functions answer the transaction's own landlord (and person) only: nb1 or their household named in
    // Plurial Novilia's context gives nothing.
    const forged = await withTenant(t.database.db, { orgId: f.org['plurial-novilia'], userId: f.users.nb1 }, async (tx) => [
      (await sql<{ n: number }>`select count(*)::int n from community_my_guest_contributions()`.execute(tx)).rows[0].n,
      (await sql<{ n: number }>`select count(*)::int n from community_household_guest_registrations(${f.hh.nb1}::uuid)`.execute(tx)).rows[0].n,
    ]);
    expect(forged).toEqual([0, 0]);
    const own = await withTenant(t.database.db, { orgId: f.org.clesence, userId: f.users.nb1 }, async (tx) => (await sql<{ n: number }>`select count(*)::int n from community_my_guest_contributions()`.execute(tx)).rows[0].n);
    expect(own).toBe(4);
  });
});

describe('a neighbour household that moves out of the neighbourhood', () => {
  let tasting = '';
  let later = '';
  let path = '';
  let nb3: Client;

  it('before: registered to an activity, in its feed', async () => {
    nb3 = await f.browser('nb3');
    tasting = await f.newEvent({ title: 'Goûter des anciens voisins', date: inDays(12) });
    expect((await nb3.post(`/community/events/${tasting}/register`, { adults: '2', children: '0' })).status).toBe(303);
    path = await feedPath(nb3);
    expect(uids(await (await t.client().get(path)).text())).toContain(tasting);
  });

  it('keeps its registration in “Mes activités”, its feed and its export, without the neighbourhood’s other activities', async () => {
    // nb3 leaves Reims for Clésence's Amiens residence (outside the neighbourhood).
    const gregory = (await f.q("select id from residences where reference = 'CL-GREGORY'")).rows[0].id;
    const oldDwelling = (await f.q('select dwelling_id from occupancies where household_id = $1 and ends_on is null', [f.hh.nb3])).rows[0].dwelling_id;
    await f.q('update occupancies set ends_on = current_date - 1 where household_id = $1', [f.hh.nb3]);
    const dw = (await f.q("insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, 'AM-MOVE', 3, 2, 41000) returning id", [f.org.clesence, gregory])).rows[0].id;
    await f.q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)", [f.org.clesence, f.hh.nb3, dw]);
    // The next tenants of its old home register to another activity of the neighbourhood.
    const next = (await f.q("insert into households (organisation_id, reference, name) values ($1, 'NB-NEXT', 'Foyer suivant') returning id", [f.org.clesence])).rows[0].id;
    await f.q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)", [f.org.clesence, next, oldDwelling]);
    later = await f.newEvent({ title: 'Atelier des nouveaux arrivants', date: inDays(14) });
    await f.q("insert into community_registrations (organisation_id, event_id, household_id, guest_org_id, neighbour_name, adults, children, status) values ($1, $2, $3, $4, 'Foyer suivant', 1, 0, 'confirmed')", [f.org['plurial-novilia'], later, next, f.org.clesence]);

    const mine = await (await nb3.get('/community/mine')).text();
    expect(mine).toContain('Goûter des anciens voisins');
    expect(mine).toContain('Votre foyer n’habite plus le quartier de cette activité');
    // Its page is closed to the household now (no link), and the neighbourhood's other activities are not shown.
    expect(mine).not.toContain(`href="/community/events/${tasting}"`);
    expect(mine).not.toContain('Atelier des nouveaux arrivants');
    expect((await nb3.get(`/community/events/${tasting}`)).status).toBe(404);
    expect((await nb3.get(`/community/events/${later}`)).status).toBe(404);
    expect(await (await nb3.get('/community')).text()).not.toContain('Atelier des nouveaux arrivants');

    expect(uids(await (await t.client().get(path)).text())).toEqual([tasting]);
    const exported = rowsOf(await exportOf(nb3), 'community.neighbourRegistrations') ?? [];
    expect(exported.map((r) => [r.event, r.status])).toEqual([['Goûter des anciens voisins', 'confirmed']]);
  });

  it('may still free its place from “Mes activités”; another household cannot cancel it', async () => {
    const reg = (await f.q('select id from community_registrations where event_id = $1 and household_id = $2', [tasting, f.hh.nb3])).rows[0].id;
    expect(await (await nb3.get('/community/mine')).text()).toContain(`action="/community/registrations/${reg}/cancel"`);
    expect((await f.api('nb2', `/api/v1/community/registrations/${reg}/cancel`, {})).status).toBe(404);
    const done = await nb3.post(`/community/registrations/${reg}/cancel`, { next: '/community/mine' });
    expect(done.headers.get('location')).toBe('/community/mine?done=cancelled');
    expect((await f.q('select status from community_registrations where id = $1', [reg])).rows[0].status).toBe('cancelled');
    expect(await (await nb3.get('/community/mine?done=cancelled')).text()).toContain('Votre inscription est annulée.');
  });
});
