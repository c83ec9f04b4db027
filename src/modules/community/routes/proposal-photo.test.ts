import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dataDir: string;
let current: string;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function propose(client: Client, fields: Record<string, string>, photo?: { name: string; bytes: Uint8Array }): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', await client.csrf());
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (photo) form.set('photo', new File([new Uint8Array(photo.bytes)], photo.name, { type: 'image/png' }));
  return client.request(`/community/processes/${current}/propose`, { method: 'POST', body: form });
}
async function storedFiles(): Promise<number> {
  const root = join(dataDir, 'files', 'community');
  let n = 0;
  for (const d of await readdir(root).catch(() => [] as string[])) n += (await readdir(join(root, d))).length;
  return n;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-proposal-'));
  t = await testApp({ DATA_DIR: dataDir });
  current = (await q(`select id from community_processes where title like 'Réma’Vert 2026%'`))[0].id;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('a proposal with a photo of the place', () => {
  it('is refused whole when the file is not an image or the text is wrong, and kept with its description otherwise; served with the proposal’s visibility', async () => {
    const amina = t.client();
    await amina.signIn(demo('resident'));
    const form = await (await amina.get(`/community/processes/${current}/propose`)).text();
    expect(form).toContain('enctype="multipart/form-data"');
    const fields = { title: 'Un banc sous le tilleul', body: 'Pour se reposer à l’ombre.', category: 'community_life', caption: 'Le tilleul devant le bâtiment B' };
    const notImage = await propose(amina, fields, { name: 'tilleul.png', bytes: new TextEncoder().encode('<script>alert(1)</script>') });
    expect(notImage.status).toBe(422);
    expect(await notImage.text()).toContain('value="Un banc sous le tilleul"');
    const badText = await propose(amina, { ...fields, title: 'Un' }, { name: 'tilleul.png', bytes: PNG });
    expect(badText.status).toBe(422);
    expect(await storedFiles()).toBe(0);
    expect((await q(`select count(*)::int n from community_proposals where title like 'Un banc%'`))[0].n).toBe(0);

    const ok = await propose(amina, fields, { name: 'tilleul.png', bytes: PNG });
    expect(ok.status).toBe(303);
    const id = (ok.headers.get('location') as string).split('?')[0].split('/').pop() as string;
    expect(await storedFiles()).toBe(1);
    const page = await (await amina.get(`/community/proposals/${id}`)).text();
    expect(page).toContain(`src="/community/proposals/${id}/photo" alt="Le tilleul devant le bâtiment B"`);
    const image = await amina.get(`/community/proposals/${id}/photo`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    // Another landlord's staff and visitors without an account get nothing.
    expect((await t.client().get(`/community/proposals/${id}/photo`)).status).not.toBe(200);
    const stranger = t.client();
    await stranger.signIn(demo('facilitator').replace('facilitator', 'network-member'));
    expect((await stranger.get(`/community/proposals/${id}/photo`)).status).not.toBe(200);
    // Once hidden by a moderator, the photo goes with the text.
    const manager = t.client();
    await manager.signIn(demo('programme_manager'));
    expect((await manager.post(`/community/manage/moderate/proposal/${id}`, { reason: 'Photo d’une personne' })).status).toBe(303);
    expect((await amina.get(`/community/proposals/${id}/photo`)).status).toBe(404);
  });
});
