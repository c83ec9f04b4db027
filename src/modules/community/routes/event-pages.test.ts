import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let tasting: string;
let gregory: string;
beforeAll(async () => {
  t = await testApp();
  tasting = (await t.database.owner.query(`select id from community_events where title like 'Dégustation%'`)).rows[0].id;
  gregory = (await t.database.owner.query(`select id from community_events where title like 'Jeux de société%' order by starts_at limit 1`)).rows[0].id;
});

describe('event pages over HTTP', () => {
  it('lists the resident’s activities and registers their household, keeping values on a bad count', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const list = await (await resident.get('/community')).text();
    expect(list).toContain('Dégustation de produits frais et locaux');
    expect(list).not.toContain('Jeux de société'); // another landlord's
    const bad = await resident.post(`/community/events/${tasting}/register`, {
      adults: '0',
      children: '0',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez au moins une personne.');
    expect(html).toContain('aria-describedby="f-adults-error"');
    const ok = await resident.post(`/community/events/${tasting}/register`, {
      adults: '1',
      children: '1',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/community/events/${tasting}?done=confirmed`);
    const again = await resident.post(`/community/events/${tasting}/register`, {
      adults: '1',
    });
    expect(again.status).toBe(409);
    expect(await (await resident.get(`/community/events/${tasting}`)).text()).toContain('Vous êtes inscrits (2 personnes).');
    const ics = await resident.get(`/community/events/${tasting}/calendar.ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toContain('SUMMARY:Dégustation de produits frais et locaux');
    expect((await resident.get(`/community/events/${gregory}`)).status).toBe(404);
    expect((await resident.get('/community/manage')).status).toBe(403);
  });

  it('lets staff create an activity, register a household at the desk and take attendance', async () => {
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const invalid = await staff.post('/community/manage/events/new', {
      title: 'Atelier',
      category: 'workshop',
      date: inDays(40),
      startTime: '15:00',
      endTime: '14:00',
    });
    expect(invalid.status).toBe(422);
    const form = await invalid.text();
    expect(form).toContain('L’heure de fin doit suivre l’heure de début.');
    expect(form).toContain('value="Atelier"');
    const created = await staff.post('/community/manage/events/new', {
      title: 'Atelier couture',
      category: 'workshop',
      address: 'Salle de la mairie annexe',
      date: inDays(40),
      startTime: '14:00',
      endTime: '16:00',
      capacity: '2',
      registration: 'open',
    });
    expect(created.status).toBe(303);
    const roster = created.headers.get('location') as string;
    const id = roster.split('/')[4].split('?')[0];
    const search = await (await staff.get(`/community/manage/events/${id}?q=Foyer`)).text();
    const household = /<option value="([0-9a-f-]{36})"/.exec(search)?.[1] as string;
    const reg = await staff.post(`/community/manage/events/${id}/register`, {
      household,
      adults: '1',
      children: '1',
      q: 'Foyer',
    });
    expect(reg.headers.get('location')).toBe(`/community/manage/events/${id}?done=confirmed`);
    const { rows } = await t.database.owner.query(`select id, registered_by from community_registrations where event_id = $1`, [id]);
    expect(rows[0].registered_by).not.toBeNull();
    // The event is in the future: attendance can still be recorded (taken on the day); the figures follow.
    await staff.post(`/community/manage/events/${id}/attendance`, {
      [`a-${rows[0].id}`]: 'present',
    });
    const after = await (await staff.get(`/community/manage/events/${id}`)).text();
    expect(after).toContain('2 personnes présentes');
    expect(after).toContain('Taux de présence : 100 %.');
  });
});
