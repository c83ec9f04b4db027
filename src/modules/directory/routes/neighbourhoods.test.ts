import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { orgIdOf } from '../test-support/actors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Client;
let bikes: string;
let second: string;

beforeAll(async () => {
  t = await testApp();
  manager = t.client();
  await manager.signIn(demo('programme_manager'));
  const admin = t.client();
  await admin.signIn(demo('org_admin'));
  const created = await admin.post('/admin/residences/new', { reference: 'PN-ORGEVAL', name: 'Orgeval', kind: 'ordinary', address: '1 rue d’Orgeval', postcode: '51100', city: 'Reims', latitude: '', longitude: '', agency: '' });
  second = (created.headers.get('location') as string).split('/')[3].split('?')[0];
  bikes = (await t.database.owner.query("select id from spaces where name = 'Vélos électriques de Réma’Vert'")).rows[0].id;
});

describe('shared neighbourhoods over HTTP (no JavaScript)', () => {
  it('lists the demo’s Réma’Vert and refuses a nameless neighbourhood with a French field error', async () => {
    const list = await (await manager.get('/admin/neighbourhoods')).text();
    expect(list).toContain('Réma’Vert');
    const bad = await manager.post('/admin/neighbourhoods', { name: '', city: 'Reims' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Indiquez un nom de 2 à 120 caractères.');
  });

  it('creates one, attaches an own residence, invites another landlord; all audited', async () => {
    const made = await manager.post('/admin/neighbourhoods', { name: 'Quartier Orgeval', city: 'Reims' });
    expect(made.status).toBe(303);
    const path = made.headers.get('location') as string;
    const wrong = await manager.post(`${path}/residences`, { residence: '00000000-0000-0000-0000-000000000000' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Choisissez une de vos résidences dans la liste.');
    expect((await manager.post(`${path}/residences`, { residence: second })).status).toBe(303);
    const clesence = await orgIdOf(t.database, 'clesence');
    expect((await manager.post(`${path}/invite`, { landlord: clesence })).status).toBe(303);
    const page = await (await manager.get(path)).text();
    expect(page).toContain('Orgeval');
    expect(page).toContain('Clésence — invité, pas encore accepté');
    const audited = await t.database.owner.query("select action from audit_events where action like 'directory.neighbourhood.%' order by id");
    expect(audited.rows.map((r) => r.action)).toEqual(['directory.neighbourhood.create', 'directory.neighbourhood.attach', 'directory.neighbourhood.invite']);
  });

  it('answers 404 for an unknown neighbourhood and 403 to a resident', async () => {
    expect((await manager.get('/admin/neighbourhoods/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get('/admin/neighbourhoods')).status).toBe(403);
    const spaces = await resident.get('/spaces/neighbourhood');
    expect(spaces.status).toBe(200);
    expect(await spaces.text()).toContain('Aucun espace d’un autre bailleur n’est ouvert à votre quartier pour le moment.');
  });

  it('a manager opens a space to the neighbourhood from its page', async () => {
    const page = await (await manager.get(`/staff/spaces/${bikes}/neighbours`)).text();
    expect(page).toContain('La résidence de cet espace fait partie du quartier Réma’Vert (Reims).');
    expect((await manager.post(`/staff/spaces/${bikes}/neighbours`, { open: 'on' })).status).toBe(303);
    const open = await t.database.owner.query('select open_to_neighbours from spaces where id = $1', [bikes]);
    expect(open.rows[0].open_to_neighbours).toBe(true);
  });
});
