import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { inDays } from '../test-helpers.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// The photos of an organiser's report, for Clésence neighbours of the Réma'Vert neighbourhood: those of
// Plurial Novilia's activities open to it, and only those.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let dataDir: string;
let open = ''; // open to the neighbourhood
let closed = ''; // Arc-en-Ciel residents only
const photo: Record<string, string> = {};

// The smallest valid PNG (1×1 pixel).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The activity is moved into the past, then the organiser writes its report with one photo, consent ticked. */
async function reportWithPhoto(id: string, caption: string): Promise<string> {
  await f.q("update community_events set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where id = $1", [id]);
  const form = new FormData();
  form.set('_csrf', await f.facilitator.csrf());
  form.set('body', 'Un bel après-midi entre voisins.');
  form.set('walkIns', '2');
  form.set('caption', caption);
  form.set('consent', 'on');
  form.set('photo', new File([new Uint8Array(PNG)], 'goûter.png', { type: 'image/png' }));
  const res = await f.facilitator.request(`/community/manage/events/${id}/report`, { method: 'POST', body: form });
  expect(res.status).toBe(303);
  return (await f.q('select id from community_event_photos where event_id = $1', [id])).rows[0].id;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-community-nb-photos-'));
  t = await testApp({ DATA_DIR: dataDir });
  f = await neighbourFixture(t);
  open = await f.newEvent({ title: 'Goûter du quartier passé', date: inDays(3) });
  closed = await f.newEvent({ title: 'Café de la résidence passé', audience: '', date: inDays(4) });
  photo.open = await reportWithPhoto(open, 'La table du goûter');
  photo.closed = await reportWithPhoto(closed, 'Le café');
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('report photos of another landlord’s activities', () => {
  let nb1: Client;

  it('a neighbour sees the photo of an activity open to their neighbourhood: on the page, in the API, and the image itself', async () => {
    nb1 = await f.browser('nb1');
    const page = await (await nb1.get(`/community/events/${open}`)).text();
    expect(page).toContain(`src="/community/events/${open}/photos/${photo.open}" alt="La table du goûter"`);
    const image = await nb1.get(`/community/events/${open}/photos/${photo.open}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    const api = (await (await f.api('nb2', `/api/v1/community/events/${open}`)).json()) as { report: { photos: { url: string; description: string }[] } };
    expect(api.report.photos).toEqual([{ url: `/community/events/${open}/photos/${photo.open}`, description: 'La table du goûter' }]);
  });

  it('never the photo of an activity not open to them, nor one reached through an activity it does not belong to', async () => {
    expect((await nb1.get(`/community/events/${closed}`)).status).toBe(404);
    expect((await nb1.get(`/community/events/${closed}/photos/${photo.closed}`)).status).toBe(404);
    // The closed activity's photo asked for under the open activity's address.
    expect((await nb1.get(`/community/events/${open}/photos/${photo.closed}`)).status).toBe(404);
    expect((await nb1.get(`/community/events/${open}/photos/not-a-photo`)).status).toBe(404);
    // The organiser's own resident of the residence sees both.
    const pn1 = await f.browser('pn1');
    expect((await pn1.get(`/community/events/${closed}/photos/${photo.closed}`)).status).toBe(200);
  });

  it('nobody outside the neighbourhood sees it: a Clésence resident in Amiens gets 404', async () => {
    const amiens = await f.browser('amiens');
    expect((await amiens.get(`/community/events/${open}/photos/${photo.open}`)).status).toBe(404);
    expect((await f.api('amiens', `/api/v1/community/events/${open}`)).status).toBe(404);
  });

  it('a household that moved out of the neighbourhood no longer sees it', async () => {
    await f.q('update occupancies set ends_on = current_date - 1 where household_id = $1', [f.hh.nb2]);
    expect((await (await f.browser('nb2')).get(`/community/events/${open}/photos/${photo.open}`)).status).toBe(404);
    await f.q('update occupancies set ends_on = null where household_id = $1', [f.hh.nb2]);
  });
});
