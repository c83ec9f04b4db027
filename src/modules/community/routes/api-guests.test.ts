import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dataDir: string;
let current: string;
const tokens: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function tokenOf(role: string, scopes: string[], name = role): Promise<string> {
  const [u] = await q(`select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1`, [demo(role)]);
  const token = `plr_test_${name}_${Date.now()}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [u.organisation_id, name, hashSecret(token), scopes, u.user_id]);
  return token;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-api-guests-'));
  t = await testApp({ DATA_DIR: dataDir });
  current = (await q(`select id from community_processes where title like 'Réma’Vert 2026%'`))[0].id;
  tokens.resident = await tokenOf('resident', ['community.read', 'community.register', 'community.propose']);
  tokens.staff = await tokenOf('programme_manager', ['community.read', 'community.events.manage', 'community.propose']);
  tokens.staffReadOnly = await tokenOf('programme_manager', ['community.read'], 'readonly');
  tokens.unknown = 'plr_unknown_token';
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const json = (who: string | null, path: string, body: unknown, locale = 'fr') =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), 'content-type': 'application/json', 'accept-language': locale },
    body: JSON.stringify(body),
  });
const upload = (who: string | null, proposal: string, fields: Record<string, string>, photo?: { name: string; bytes: Uint8Array; type?: string }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (photo) form.set('photo', new File([new Uint8Array(photo.bytes)], photo.name, { type: photo.type ?? 'image/png' }));
  return t.app.request(`/api/v1/community/proposals/${proposal}/photo`, { method: 'POST', body: form, headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), 'accept-language': 'fr' } });
};

describe('/api/v1/community: a guest registered by staff, and a proposal’s photo', () => {
  it('registers someone without an account with the page’s rules: French field errors, waiting list when full, a working cancellation link', async () => {
    const made = await json('staff', '/api/v1/community/events', { title: 'Dégustation de soupes', category: 'tasting', address: 'Salle commune', date: inDays(25), startTime: '11:00', endTime: '12:00', capacity: 2 });
    expect(made.status).toBe(201);
    const [id] = ((await made.json()) as { ids: string[] }).ids;
    const path = `/api/v1/community/events/${id}/guests`;

    expect((await json('unknown', path, { name: 'M. Diallo', contact: 'diallo@example.org' })).status).toBe(401);
    expect((await json('resident', path, { name: 'M. Diallo', contact: 'diallo@example.org' })).status).toBe(403);
    expect((await json('staffReadOnly', path, { name: 'M. Diallo', contact: 'diallo@example.org' })).status).toBe(403);
    const gregory = (await q(`select id from community_events where title like 'Jeux de société%' order by starts_at limit 1`))[0].id;
    expect((await json('staff', `/api/v1/community/events/${gregory}/guests`, { name: 'M. Diallo', contact: 'diallo@example.org' })).status).toBe(404);

    const bad = await json('staff', path, { name: 'D', contact: 'pas un contact', adults: 0, children: 0 });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: 'invalid_body', fields: { name: 'Ce texte est trop court.', contact: expect.stringMatching(/téléphone|e-mail/i), adults: expect.any(String) } });
    expect((await q(`select count(*)::int n from community_registrations where event_id = $1`, [id]))[0].n).toBe(0);

    const first = await json('staff', path, { name: 'M. Diallo', contact: 'diallo@example.org', adults: 1, children: 1 });
    expect(first.status).toBe(201);
    const placed = (await first.json()) as { id: string; status: string; cancelUrl: string };
    expect(placed.status).toBe('confirmed');
    expect(placed.cancelUrl).toMatch(/\/c\/[a-z0-9-]+\/cancel\/[\w-]{20,}$/);
    const second = (await (await json('staff', path, { name: 'Mme Petit', contact: '06 11 22 33 44' })).json()) as { id: string; status: string; cancelUrl: string };
    expect(second.status).toBe('waiting');
    const [row] = await q(`select household_id, guest_name, registered_by is not null as assisted, cancel_token_hash from community_registrations where id = $1`, [placed.id]);
    expect(row).toMatchObject({ household_id: null, guest_name: 'M. Diallo', assisted: true });
    expect(placed.cancelUrl).not.toContain(row.cancel_token_hash);

    // The person cancels with the link they were given: the waiting list moves up.
    const cancelPath = new URL(placed.cancelUrl).pathname;
    expect((await t.app.request(cancelPath)).status).toBe(200);
    const cancelled = await t.client().post(cancelPath, {});
    expect(cancelled.status).toBe(303);
    const statuses = await q(`select id, status from community_registrations where id in ($1, $2)`, [placed.id, second.id]);
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [placed.id]: 'cancelled', [second.id]: 'confirmed' });
    expect((await q(`select count(*)::int n from audit_events where action = 'community.registration.guest' and target_id = $1 and actor_user_id is not null`, [placed.id]))[0].n).toBe(1);
  });

  it('adds a photo to the author’s proposal: not an image, no description or too large refused with French messages; another’s proposal 403, unknown 404', async () => {
    const made = await json('resident', `/api/v1/community/processes/${current}/proposals`, { title: 'Un composteur près du bâtiment C', body: 'Pour les épluchures.', category: 'environment' });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const caption = { caption: 'Le coin d’herbe derrière le bâtiment C' };

    expect((await upload('unknown', id, caption, { name: 'coin.png', bytes: PNG })).status).toBe(401);
    const script = await upload('resident', id, caption, { name: 'coin.png', bytes: new TextEncoder().encode('<script>alert(1)</script>') });
    expect(script.status).toBe(422);
    expect(await script.json()).toEqual({ error: 'invalid_body', fields: { photo: 'Seules les photos JPEG ou PNG sont acceptées.' } });
    const noCaption = await upload('resident', id, {}, { name: 'coin.png', bytes: PNG });
    expect(noCaption.status).toBe(422);
    expect(await noCaption.json()).toEqual({ error: 'invalid_body', fields: { caption: 'Ce champ est obligatoire.' } });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    expect(await (await upload('resident', id, caption, { name: 'coin.png', bytes: big })).json()).toEqual({ error: 'invalid_body', fields: { photo: 'La photo dépasse 5 Mo.' } });
    expect(await (await upload('resident', id, caption)).json()).toEqual({ error: 'invalid_body', fields: { photo: 'Joignez une photo JPEG ou PNG.' } });
    expect((await q(`select count(*)::int n from community_proposal_photos where proposal_id = $1`, [id]))[0].n).toBe(0);

    // A proposal of someone else: refused; one that does not exist: not found.
    const [other] = await q(`select id from community_proposals where process_id = $1 and id <> $2 and hidden_at is null and author_household_id is distinct from (select author_household_id from community_proposals where id = $2) limit 1`, [current, id]);
    expect((await upload('resident', other.id, caption, { name: 'coin.png', bytes: PNG })).status).toBe(403);
    expect((await upload('resident', '7a1d1f0e-0000-4000-8000-000000000000', caption, { name: 'coin.png', bytes: PNG })).status).toBe(404);

    const ok = await upload('resident', id, caption, { name: 'coin.png', bytes: PNG, type: 'application/octet-stream' });
    expect(ok.status).toBe(201);
    const detail = (await (await t.app.request(`/api/v1/community/proposals/${id}`, { headers: { authorization: `Bearer ${tokens.resident}` } })).json()) as { photo: unknown };
    expect(detail.photo).toEqual({ url: `/community/proposals/${id}/photo`, description: caption.caption });
    const again = await upload('resident', id, caption, { name: 'coin.png', bytes: PNG });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { fields: Record<string, string> }).fields).toEqual({ photo: 'Cette proposition a déjà une photo.' });
    // Staff of the landlord may add one to a proposal entered from paper.
    expect((await upload('staff', other.id, caption, { name: 'coin.png', bytes: PNG })).status).toBe(201);
  });

  it('documents both in the OpenAPI document, the photo as multipart', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
    expect(doc.paths['/api/v1/community/events/{id}/guests'].post.requestBody?.content).toHaveProperty('application/json');
    expect(doc.paths['/api/v1/community/proposals/{id}/photo'].post.requestBody?.content).toHaveProperty('multipart/form-data');
  });
});
