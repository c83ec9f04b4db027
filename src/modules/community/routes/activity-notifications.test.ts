import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../../test/api-token.js';
import { demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { inDays } from '../test-helpers.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// In-app notifications of registrations, beside the answers to proposals (/community/notifications): a
// place confirmed or given from the waiting list, the activity moved or cancelled — for the landlord's
// residents and for neighbours of another landlord, each as a row of their own landlord.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let event = '';
const fields = { title: 'Goûter des voisins', category: 'tasting', address: 'Square Arc-en-Ciel', startTime: '16:00', endTime: '18:00', registration: 'open', audience: 'neighbourhood' };

const rowsAs = (orgId: string) =>
  withTenant(t.database.db, { orgId }, async (tx) =>
    (await sql<{ user_id: string; kind: string; event_org_id: string | null; reason: string | null }>`select user_id, kind, event_org_id, reason from community_notifications where kind is not null order by created_at, kind`.execute(tx)).rows,
  );

beforeAll(async () => {
  t = await testApp();
  f = await neighbourFixture(t);
  event = await f.newEvent({ ...fields, capacity: '2', date: inDays(20) });
});

describe('in-app notifications of registrations', () => {
  it('a confirmed registration is told in the app; a place on the waiting list is not, until it moves up', async () => {
    expect((await f.api('pn1', `/api/v1/community/events/${event}/registrations`, { adults: 2 })).status).toBe(201);
    expect((await f.api('nb1', `/api/v1/community/events/${event}/registrations`, { adults: 1 })).status).toBe(201);
    expect(await rowsAs(f.org['plurial-novilia'])).toEqual([{ user_id: f.users.pn1, kind: 'confirmed', event_org_id: null, reason: null }]);
    expect(await rowsAs(f.org.clesence)).toEqual([]);
    const page = await (await (await f.browser('pn1')).get('/community/notifications')).text();
    expect(page).toContain('Nouveau :');
    expect(page).toContain(`Inscription confirmée : <a href="/community/events/${event}">Goûter des voisins</a>`);
    // A registration without an account (a guest) leaves no row: there is no one to show it to.
    const wide = await f.newEvent({ ...fields, residenceId: '', audience: '', title: 'Collecte de jouets', date: inDays(21) });
    const token = await apiTokenFor(t, demo('facilitator'), ['community.events.manage']);
    const guest = await t.app.request(`/api/v1/community/events/${wide}/guests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Mme Sans Compte', contact: 'sans.compte@example.org', adults: 1 }),
    });
    expect(guest.status).toBe(201);
    expect((await rowsAs(f.org['plurial-novilia'])).length).toBe(1);
  });

  it('the neighbour moved up from the waiting list is told in their own landlord’s app, never in the organiser’s', async () => {
    const reg = (await f.q('select id from community_registrations where event_id = $1 and household_id = $2', [event, f.hh.pn1])).rows[0].id;
    expect((await f.api('pn1', `/api/v1/community/registrations/${reg}/cancel`, {})).status).toBe(200);
    expect(await rowsAs(f.org.clesence)).toEqual([{ user_id: f.users.nb1, kind: 'promoted', event_org_id: f.org['plurial-novilia'], reason: null }]);
    expect((await rowsAs(f.org['plurial-novilia'])).some((r) => r.user_id === f.users.nb1)).toBe(false);
    const page = await (await (await f.browser('nb1')).get('/community/notifications')).text();
    expect(page).toContain('Une place s’est libérée, vous passez de la liste d’attente aux inscrits :');
    expect(page).toContain('— Organisé par Plurial Novilia');
    // Another household of the same landlord sees nothing of it.
    expect(await (await (await f.browser('nb2')).get('/community/notifications')).text()).not.toContain('Goûter des voisins');
  });

  it('a moved activity, then a cancelled one with its reason, are told to everyone still registered; read marks them read', async () => {
    expect((await f.facilitator.post(`/community/manage/events/${event}/edit`, { ...fields, residenceId: f.arc, capacity: '2', date: inDays(20), startTime: '16:30' })).status).toBe(303);
    expect((await f.facilitator.post(`/community/manage/events/${event}/cancel`, { reason: 'Orage annoncé' })).status).toBe(303);
    expect((await rowsAs(f.org.clesence)).map((r) => [r.kind, r.reason])).toEqual([
      ['promoted', null],
      ['changed', null],
      ['cancelled', 'Orage annoncé'],
    ]);
    // pn1 cancelled before: told neither.
    expect((await rowsAs(f.org['plurial-novilia'])).map((r) => r.kind)).toEqual(['confirmed']);
    const nb1 = await f.browser('nb1');
    const page = await (await nb1.get('/community/notifications')).text();
    expect(page).toContain('Activité déplacée (date, heure ou lieu) :');
    expect(page).toContain('Activité annulée :');
    expect(page).toContain('motif : Orage annoncé');
    // Newest first.
    expect(page.indexOf('Activité annulée')).toBeLessThan(page.indexOf('Activité déplacée'));
    expect((await nb1.post('/community/notifications/read', {})).status).toBe(303);
    expect(await (await nb1.get('/community/notifications')).text()).not.toContain('Nouveau :');
  });
});
