import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let tasting: string;
let gregory: string;
let current: string;
let residentToken: string;
beforeAll(async () => {
  t = await testApp();
  const one = async (q: string) => (await t.database.owner.query(q)).rows[0].id as string;
  tasting = await one(`select id from community_events where title like 'Dégustation%'`);
  gregory = await one(`select id from community_events where title like 'Jeux de société%' order by starts_at limit 1`);
  current = await one(`select id from community_processes where title like 'Réma’Vert 2026%'`);
  // A resident's own token (the platform's tokens act as their creator, with the scopes given).
  const { rows } = await t.database.owner.query(`select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1`, [demo('resident')]);
  residentToken = `plr_test_${Date.now()}`;
  await t.database.owner.query('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [
    rows[0].organisation_id,
    'Appli habitants',
    hashSecret(residentToken),
    ['community.read', 'community.register', 'community.propose'],
    rows[0].user_id,
  ]);
});

const api = (path: string, init: { method?: string; body?: unknown; locale?: string } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${residentToken}`, 'content-type': 'application/json', 'accept-language': init.locale ?? 'fr' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('/api/v1/community', () => {
  it('lists and shows activities with only the allowed fields, and hides another landlord’s', async () => {
    const list = await api('/api/v1/community/events');
    expect(list.status).toBe(200);
    const { data } = (await list.json()) as { data: Record<string, unknown>[] };
    const item = data.find((e) => e.id === tasting) as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(['address', 'cancelled', 'capacity', 'category', 'endsAt', 'id', 'place', 'placesLeft', 'registration', 'residence', 'startsAt', 'title', 'waiting']);
    expect(data.some((e) => e.id === gregory)).toBe(false);
    const detail = (await (await api(`/api/v1/community/events/${tasting}`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ id: tasting, title: 'Dégustation de produits frais et locaux', mine: null });
    expect(detail).not.toHaveProperty('organisation_id');
    expect(detail).not.toHaveProperty('place_id');
    expect((await api(`/api/v1/community/events/${gregory}`)).status).toBe(404);
    expect(await (await api('/api/v1/community/events/not-an-id')).json()).toEqual({ error: 'not_found' });
  });

  it('registers and cancels for the caller, with field errors in the caller’s language and 409 on a second registration', async () => {
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const made = await staff.post('/community/manage/events/new', { title: 'Atelier vélo', category: 'workshop', address: 'Local vélos', date: inDays(33), startTime: '10:00', endTime: '12:00', capacity: '4' });
    const id = (made.headers.get('location') as string).split('/')[4].split('?')[0];
    const nobody = await api(`/api/v1/community/events/${id}/registrations`, { method: 'POST', body: { adults: 0, children: 0 }, locale: 'en' });
    expect(nobody.status).toBe(422);
    expect(await nobody.json()).toEqual({ error: 'invalid_body', fields: { adults: 'Count at least one person.' } });
    expect((await api(`/api/v1/community/events/${id}/registrations`, { method: 'POST', body: { adults: -1 } })).status).toBe(422);
    const ok = await api(`/api/v1/community/events/${id}/registrations`, { method: 'POST', body: { adults: 1, children: 2 } });
    expect(ok.status).toBe(201);
    const reg = (await ok.json()) as { id: string; status: string };
    expect(reg.status).toBe('confirmed');
    expect(Object.keys(reg).sort()).toEqual(['id', 'status']);
    const again = await api(`/api/v1/community/events/${id}/registrations`, { method: 'POST', body: { adults: 1 } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe('conflict');
    expect(await (await api(`/api/v1/community/registrations/${reg.id}/cancel`, { method: 'POST' })).json()).toEqual({ status: 'cancelled' });
    const { rows } = await t.database.owner.query(`select status from community_registrations where id = $1`, [reg.id]);
    expect(rows[0].status).toBe('cancelled');
  });

  it('lists a process’s proposals without authors and takes a new one', async () => {
    const bad = await api(`/api/v1/community/processes/${current}/proposals`, { method: 'POST', body: { title: 'Co', body: '', category: 'environment' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields).toMatchObject({ title: 'Ce texte est trop court.' });
    const made = await api(`/api/v1/community/processes/${current}/proposals`, { method: 'POST', body: { title: 'Des bancs à l’ombre', body: 'Près de l’aire de jeux.', category: 'community_life' } });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const { data } = (await (await api(`/api/v1/community/processes/${current}/proposals`)).json()) as { data: Record<string, unknown>[] };
    const mine = data.find((p) => p.id === id) as Record<string, unknown>;
    expect(mine).toEqual({ id, title: 'Des bancs à l’ombre', category: 'community_life', place: null, status: 'received', supports: 0, lastAnswer: null, lastAnswerAt: null });
  });

  it('gives the report of an activity that took place: attendance, walk-ins, text and photo paths, never a name', async () => {
    const q = async (text: string, values: unknown[]) => (await t.database.owner.query(text, values)).rows;
    const [{ organisation_id: org, user_id: user }] = await q(`select m.organisation_id, u.id as user_id from users u join memberships m on m.user_id = u.id where u.email = $1`, [demo('facilitator')]);
    const [{ id }] = await q(`insert into community_events (organisation_id, title, category, address, starts_at, ends_at) values ($1, 'Troc de livres', 'collection', 'Hall', now() - interval '1 day', now() - interval '23 hours') returning id`, [org]);
    expect(((await (await api(`/api/v1/community/events/${id}`)).json()) as { report: unknown }).report).toBeNull();
    const [household] = await q(`select id from households where organisation_id = $1 order by reference limit 1`, [org]);
    await q(`insert into community_registrations (organisation_id, event_id, household_id, adults, children, status, attendance) values ($1, $2, $3, 2, 1, 'confirmed', 'present')`, [org, id, household.id]);
    await q(`insert into community_event_reports (event_id, organisation_id, body, walk_ins, written_by) values ($1, $2, 'Quarante livres échangés.', 5, $3)`, [id, org, user]);
    const [photo] = await q(`insert into community_event_photos (organisation_id, event_id, storage_key, media_type, size_bytes, caption, consent_by, consent_at) values ($1, $2, 'community/00000000000000000000000000000000', 'image/png', 10, 'Les étagères', $3, now()) returning id`, [org, id, user]);
    const detail = (await (await api(`/api/v1/community/events/${id}`)).json()) as { report: Record<string, unknown> };
    expect(detail.report).toMatchObject({ body: 'Quarante livres échangés.', walkIns: 5, registeredSeats: 3, presentSeats: 3, noShows: 0, photos: [{ url: `/community/events/${id}/photos/${photo.id}`, description: 'Les étagères' }] });
    expect(Object.keys(detail.report).sort()).toEqual(['body', 'noShows', 'photos', 'presentSeats', 'registeredSeats', 'walkIns', 'writtenAt']);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/community/events', '/api/v1/community/events/{id}', '/api/v1/community/events/{id}/registrations', '/api/v1/community/processes/{id}/proposals']));
  });
});
