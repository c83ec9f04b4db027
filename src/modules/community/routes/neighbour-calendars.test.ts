import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { inDays } from '../test-helpers.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// A Clésence household of the Réma'Vert neighbourhood registered to Plurial Novilia's activities finds
// them in "Mes activités", the activity's calendar file, its private feed and its personal data export.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let nb1: Client;
let tasting = '';
let waitingOne = '';
let dropped = '';

type Section = { id: string; rows: Record<string, unknown>[] };

function uids(text: string): Map<string, string> {
  const cal = new ICAL.Component(ICAL.parse(text));
  return new Map(cal.getAllSubcomponents('vevent').map((v) => [String(v.getFirstPropertyValue('uid')).split('@')[0], String(v.getFirstPropertyValue('status'))]));
}

/** The export's sections, whatever the organisation. */
function sections(data: unknown): Section[] {
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

beforeAll(async () => {
  t = await testApp();
  f = await neighbourFixture(t);
  nb1 = await f.browser('nb1');
  tasting = await f.newEvent({ title: 'Goûter des voisins', capacity: '10' });
  waitingOne = await f.newEvent({ title: 'Atelier compost du quartier', capacity: '2', date: inDays(25) });
  dropped = await f.newEvent({ title: 'Sortie annulée par le foyer', date: inDays(27) });
  expect((await f.api('pn1', `/api/v1/community/events/${waitingOne}/registrations`, { adults: 1 })).status).toBe(201);
  for (const id of [tasting, waitingOne, dropped]) expect((await nb1.post(`/community/events/${id}/register`, { adults: '1', children: '1' })).status).toBe(303);
  const reg = (await f.q('select id from community_registrations where event_id = $1 and household_id = $2', [dropped, f.hh.nb1])).rows[0].id;
  expect((await nb1.post(`/community/registrations/${reg}/cancel`, { next: `/community/events/${dropped}` })).status).toBe(303);
});

describe('a neighbour’s registrations to another landlord’s activities', () => {
  it('are listed in “Mes activités” with the organising landlord (confirmed and waiting, not cancelled)', async () => {
    const html = await (await nb1.get('/community/mine')).text();
    expect(html).toContain(`/community/events/${tasting}`);
    expect(html).toContain(`/community/events/${waitingOne}`);
    expect(html).not.toContain(`/community/events/${dropped}`);
    expect(html).toContain('Organisé par Plurial Novilia');
    expect(html).toContain('Votre inscription : en attente');
    // Another household of the same landlord and neighbourhood, not registered, sees none of them.
    const other = await (await (await f.browser('nb2')).get('/community/mine')).text();
    expect(other).not.toContain(`/community/events/${tasting}`);
  });

  it('the activity page offers its calendar file, which the neighbour downloads; someone outside the neighbourhood gets 404', async () => {
    const page = await (await nb1.get(`/community/events/${tasting}`)).text();
    expect(page).toContain(`/community/events/${tasting}/calendar.ics`);
    const res = await nb1.get(`/community/events/${tasting}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const text = await res.text();
    expect([...uids(text).keys()]).toEqual([tasting]);
    expect(text).toContain('SUMMARY:Goûter des voisins');
    expect((await (await f.browser('amiens')).get(`/community/events/${tasting}/calendar.ics`)).status).toBe(404);
  });

  it('the private feed carries them (confirmed, waiting list tentative), read without a session, and follows a cancellation', async () => {
    const html = await (await nb1.post('/community/mine/calendar', {})).text();
    const path = /\/c\/clesence\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(html)?.[0] as string;
    expect(path).toBeTruthy();
    const anonymous = t.client();
    const feed = uids(await (await anonymous.get(path)).text());
    expect(feed.get(tasting)).toBe('CONFIRMED');
    expect(feed.get(waitingOne)).toBe('TENTATIVE');
    expect(feed.has(dropped)).toBe(false);
    const reg = (await f.q('select id from community_registrations where event_id = $1 and household_id = $2', [tasting, f.hh.nb1])).rows[0].id;
    expect((await nb1.post(`/community/registrations/${reg}/cancel`, { next: `/community/events/${tasting}` })).status).toBe(303);
    const after = uids(await (await anonymous.get(path)).text());
    expect(after.has(tasting)).toBe(false);
    expect(after.get(waitingOne)).toBe('TENTATIVE');
    // Registered again for the export below.
    expect((await nb1.post(`/community/events/${tasting}/register`, { adults: '1', children: '1' })).status).toBe(303);
  });

  it('a household whose home ends (no neighbourhood now) keeps them in its feed: they follow the household (routes/neighbour-history.test.ts)', async () => {
    const html = await (await (await f.browser('nb3')).post('/community/mine/calendar', {})).text();
    const path = /\/c\/clesence\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(html)?.[0] as string;
    expect((await f.api('nb3', `/api/v1/community/events/${tasting}/registrations`, { adults: 1 })).status).toBe(201);
    expect(uids(await (await t.client().get(path)).text()).has(tasting)).toBe(true);
    await f.q("update occupancies set ends_on = current_date - 1 where household_id = $1", [f.hh.nb3]);
    expect(uids(await (await t.client().get(path)).text()).has(tasting)).toBe(true);
    await f.q('update occupancies set ends_on = null where household_id = $1', [f.hh.nb3]);
  });

  it('the personal data export lists them with the organising landlord, and the landlord’s context still sees nothing without the view', async () => {
    const data = (await (await nb1.get('/account/data.json')).json()) as unknown;
    const all = sections(data);
    const theirs = all.find((s) => s.id === 'community.neighbourRegistrations');
    expect(theirs?.rows.map((r) => [r.event, r.landlord, r.status]).sort()).toEqual(
      [
        ['Atelier compost du quartier', 'Plurial Novilia', 'waiting'],
        ['Goûter des voisins', 'Plurial Novilia', 'cancelled'],
        ['Goûter des voisins', 'Plurial Novilia', 'confirmed'],
        ['Sortie annulée par le foyer', 'Plurial Novilia', 'cancelled'],
      ].sort(),
    );
    expect(theirs?.rows.find((r) => r.status === 'confirmed')).toMatchObject({ adults: 1, children: 1 });
    // The landlord's own registrations section is not widened to the organiser's rows.
    expect(all.find((s) => s.id === 'community.registrations')?.rows).toEqual([]);
    // Nobody else's registration leaks: a Plurial Novilia resident's is not in it.
    expect(JSON.stringify(theirs)).not.toContain('Foyer pn1');
    // Another household of the neighbourhood without registrations gets no such section.
    const other = sections(await (await (await f.browser('nb2')).get('/account/data.json')).json());
    expect(other.some((s) => s.id === 'community.neighbourRegistrations')).toBe(false);
    // Without the neighbour view, Clésence's context reads none of the organiser's rows.
    const seen = await withTenant(t.database.db, { orgId: f.org.clesence }, async (tx) => (await tx.selectFrom('community_registrations').select('id').where('household_id', '=', f.hh.nb1).execute()).length);
    expect(seen).toBe(0);
  });

  it('the organiser’s report of a past activity is shown to the neighbour, page and API, read in the organiser’s context', async () => {
    const past = await f.newEvent({ title: 'Goûter de novembre', date: inDays(30) });
    expect((await nb1.post(`/community/events/${past}/register`, { adults: '1', children: '0' })).status).toBe(303);
    await f.q("update community_events set starts_at = now() - interval '10 days', ends_at = now() - interval '10 days' + interval '2 hours' where id = $1", [past]);
    await f.q("insert into community_event_reports (event_id, organisation_id, body, walk_ins) values ($1, $2, 'Trente voisins, deux bailleurs, des crêpes.', 4)", [past, f.org['plurial-novilia']]);
    const page = await (await nb1.get(`/community/events/${past}`)).text();
    expect(page).toContain('Trente voisins, deux bailleurs, des crêpes.');
    const api = (await (await f.api('nb2', `/api/v1/community/events/${past}`)).json()) as { report: { body: string; walkIns: number } | null };
    expect(api.report).toMatchObject({ body: 'Trente voisins, deux bailleurs, des crêpes.', walkIns: 4 });
    // Outside the neighbourhood: still 404.
    expect((await f.api('amiens', `/api/v1/community/events/${past}`)).status).toBe(404);
  });
});
