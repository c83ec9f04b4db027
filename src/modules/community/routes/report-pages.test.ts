import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { communityFigures, communityReports } from '../index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dataDir: string;
let org: string;
let held: string;
let coming: string;

// The smallest valid PNG (1×1 pixel): a real image, recognised by its first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function send(client: Client, id: string, fields: Record<string, string>, photo?: { name: string; bytes: Uint8Array }): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', await client.csrf());
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (photo) form.set('photo', new File([new Uint8Array(photo.bytes)], photo.name, { type: 'image/png' }));
  return client.request(`/community/manage/events/${id}/report`, { method: 'POST', body: form });
}

async function storedPhotos(): Promise<number> {
  const root = join(dataDir, 'files', 'community');
  let n = 0;
  for (const d of await readdir(root).catch(() => [] as string[])) n += (await readdir(join(root, d))).length;
  return n;
}

const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-community-'));
  t = await testApp({ DATA_DIR: dataDir });
  org = (await q(`select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1`, [demo('facilitator')]))[0].organisation_id;
  // An activity for everyone of the landlord that began two hours ago, with three households registered.
  held = (await q(`insert into community_events (organisation_id, title, category, address, starts_at, ends_at, capacity) values ($1, 'Dégustation de fromages', 'tasting', 'Salle commune', now() - interval '2 hours', now() - interval '1 hour', 20) returning id`, [org]))[0].id;
  const households = await q(`select id from households where organisation_id = $1 order by reference limit 3`, [org]);
  const marks = ['present', 'present', 'absent'];
  for (const [i, h] of households.entries())
    await q(`insert into community_registrations (organisation_id, event_id, household_id, adults, children, status, attendance) values ($1, $2, $3, 2, $4, 'confirmed', $5)`, [org, held, h.id, i, marks[i]]);
  coming = (await q(`insert into community_events (organisation_id, title, category, address, starts_at, ends_at) values ($1, 'Atelier à venir', 'workshop', 'Salle commune', now() + interval '3 days', now() + interval '3 days 2 hours') returning id`, [org]))[0].id;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the report after an activity', () => {
  it('is written by the organiser with attendance counted from the roll call; a photo needs consent and nothing is half-written', async () => {
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get(`/community/manage/events/${held}/report`)).status).toBe(403);
    expect(await (await staff.get(`/community/manage/events/${held}`)).text()).toContain(`/community/manage/events/${held}/report`);
    const list = async () => (await (await staff.get('/community/manage')).text()).split(`href="/community/manage/events/${held}/report">`)[1]?.split('<')[0];
    expect(await list()).toBe('Compte rendu à écrire');

    const form = await (await staff.get(`/community/manage/events/${held}/report`)).text();
    // 2+0 and 2+1 present, 2+2 absent: 9 places booked, 5 people present, one registration absent.
    expect(form).toContain('9 places réservées, 5 personnes présentes, 1 inscription absente.');
    expect(form).toContain('enctype="multipart/form-data"');

    const empty = await send(staff, held, { body: '', walkIns: '4' });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Le formulaire contient');
    expect(emptyHtml).toContain('value="4"');

    const noConsent = await send(staff, held, { body: 'Huit fromages goûtés.', walkIns: '4', caption: 'La table des fromages' }, { name: 'table.png', bytes: PNG });
    expect(noConsent.status).toBe(422);
    const noConsentHtml = await noConsent.text();
    expect(noConsentHtml).toContain('sans l’accord des personnes, la photo n’est pas gardée');
    expect(noConsentHtml).toContain('Huit fromages goûtés.');
    const notImage = await send(staff, held, { body: 'Huit fromages goûtés.', consent: 'on' }, { name: 'table.png', bytes: new TextEncoder().encode('<script>alert(1)</script>') });
    expect(notImage.status).toBe(422);
    expect(await notImage.text()).toContain('Seules les photos JPEG ou PNG sont acceptées.');
    expect(await q(`select 1 from community_event_reports where event_id = $1`, [held])).toHaveLength(0);
    expect(await storedPhotos()).toBe(0);

    const saved = await send(staff, held, { body: 'Huit fromages goûtés.\nProchaine fois : les miels.', walkIns: '4', caption: 'La table des fromages', consent: 'on' }, { name: 'table.png', bytes: PNG });
    expect(saved.headers.get('location')).toBe(`/community/manage/events/${held}/report?done=photoAdded`);
    expect(await storedPhotos()).toBe(1);
    const [photo] = await q(`select id, consent_by, consent_at from community_event_photos where event_id = $1`, [held]);
    expect(await list()).toBe('Compte rendu écrit');
    expect(photo.consent_at).toBeInstanceOf(Date);
    expect(await q(`select action from audit_events where target_id = $1 and action like 'community.event.%' order by id`, [held])).toEqual([{ action: 'community.event.photo.add' }, { action: 'community.event.report' }]);

    // The resident reads it on the event page, with the photo and its caption as alternative text.
    const page = await (await resident.get(`/community/events/${held}`)).text();
    expect(page).toContain('Compte rendu');
    expect(page).toContain('<p>Prochaine fois : les miels.</p>');
    expect(page).toContain('4 personnes sont venues sans inscription.');
    expect(page).toContain(`src="/community/events/${held}/photos/${photo.id}" alt="La table des fromages"`);
    const image = await resident.get(`/community/events/${held}/photos/${photo.id}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await resident.get(`/community/events/${held}/photos/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    // Correcting the text keeps the photo; the figures for the impact module count the report and walk-ins.
    expect((await send(staff, held, { body: 'Neuf fromages goûtés.', walkIns: '3' })).headers.get('location')).toBe(`/community/manage/events/${held}/report?done=saved`);
    const day = 86_400_000;
    const [figures, reports] = await withTenant(t.database.db, { orgId: org }, async (tx) => [await communityFigures(tx, new Date(Date.now() - day), new Date(Date.now() + day)), await communityReports(tx, new Date(Date.now() - day), new Date(Date.now() + day))] as const);
    const everyone = figures.find((f) => f.residenceId === null);
    expect(everyone).toMatchObject({ reports: 1, walkIns: 3, present: 2, absent: 1, presentSeats: 8 });
    expect(reports.find((r) => r.eventId === held)).toMatchObject({ body: 'Neuf fromages goûtés.', registeredSeats: 9, presentSeats: 8, walkIns: 3, photos: 1 });

    // The organiser takes the photo down: row and file go.
    expect((await resident.post(`/community/manage/events/${held}/photos/${photo.id}/remove`, {})).status).toBe(403);
    expect((await staff.post(`/community/manage/events/${held}/photos/${photo.id}/remove`, {})).headers.get('location')).toBe(`/community/manage/events/${held}/report?done=photoRemoved`);
    expect(await storedPhotos()).toBe(0);
    expect((await resident.get(`/community/events/${held}/photos/${photo.id}`)).status).toBe(404);
  });

  it('is refused before the activity (409) and for an unknown or another landlord’s activity (404)', async () => {
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const early = await send(staff, coming, { body: 'Trop tôt.' });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('Le compte rendu s’écrit une fois l’activité commencée.');
    const other = (await q(`select id from organisations where id <> $1 order by slug limit 1`, [org]))[0].id;
    const theirs = (await q(`insert into community_events (organisation_id, title, category, address, starts_at, ends_at) values ($1, 'Leur atelier', 'workshop', 'Ici', now() - interval '3 hours', now() - interval '2 hours') returning id`, [other]))[0].id;
    for (const id of [theirs, '00000000-0000-4000-8000-000000000000']) {
      expect((await staff.get(`/community/manage/events/${id}/report`)).status).toBe(404);
      expect((await send(staff, id, { body: '' })).status).toBe(404);
    }
    expect(await q(`select 1 from community_event_reports where event_id in ($1, $2)`, [coming, theirs])).toHaveLength(0);
  });
});
