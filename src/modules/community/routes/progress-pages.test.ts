import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let current: string;
let past: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
beforeAll(async () => {
  t = await testApp();
  current = (await q(`select id from community_processes where title like 'Réma’Vert 2026%'`))[0].id;
  past = (await q(`select id from community_processes where title like '%Vie2B%'`))[0].id;
});

describe('a process’s meetings and the progress of its proposals, over HTTP', () => {
  it('shows the Réma’Vert workshops and committees with what was said, and the milestones of the outcomes, to residents and the public', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const board = await (await resident.get(`/community/processes/${past}`)).text();
    expect(board).toContain('Ateliers et comités');
    expect(board).toContain('Atelier Vie2B « Vivre ensemble »');
    expect(board).toContain('le groupe propose un système de compostage');
    expect(board).toContain('18 personnes sont venues');
    const open = await (await t.client().get(`/c/plurial-novilia/processes/${past}`)).text();
    expect(open).toContain('Comité d’habitants Réma’Vert');
    const [compost] = await q(`select id from community_proposals where title = 'Mettre en place un système de compostage'`);
    const page = await (await resident.get(`/community/proposals/${compost.id}`)).text();
    expect(page).toContain('Trois composteurs installés près des jardins');
    expect(page).toContain('fait le 8 octobre 2019');
    expect(page).not.toContain('Ajouter une étape');
  });

  it('plans a meeting within a process from the activity form; it appears among the next meetings', async () => {
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const form = await (await staff.get('/community/manage/events/new')).text();
    expect(form).toContain('Démarche de participation');
    const made = await staff.post('/community/manage/events/new', { title: 'Atelier espaces partagés n° 2', category: 'workshop', address: 'Salle commune', date: inDays(40), startTime: '18:00', endTime: '20:00', processId: current });
    expect(made.status).toBe(303);
    const bad = await staff.post('/community/manage/events/new', { title: 'Atelier', category: 'workshop', address: 'Salle', date: inDays(40), startTime: '10:00', endTime: '11:00', processId: '7a1d1f0e-0000-4000-8000-000000000000' });
    expect(bad.status).toBe(422);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const board = await (await resident.get(`/community/processes/${current}`)).text();
    expect(board.split('Prochains rendez-vous')[1]).toContain('Atelier espaces partagés n° 2');
  });

  it('lets the landlord plan steps with field errors kept, mark one done, and shows “what is next” on the board', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const made = await resident.post(`/community/processes/${current}/propose`, { title: 'Des bancs près de l’aire de jeux', body: 'Pour les parents.', category: 'play' });
    const id = (made.headers.get('location') as string).split('?')[0].split('/').pop() as string;
    const manager = t.client();
    await manager.signIn(demo('programme_manager'));
    expect((await manager.post(`/community/manage/proposals/${id}/milestones`, { label: 'Choisir les bancs' })).status).toBe(409);
    await manager.post(`/community/manage/proposals/${id}/answer`, { status: 'accepted', body: 'Deux bancs seront posés.' });
    const bad = await manager.post(`/community/manage/proposals/${id}/milestones`, { label: 'Ba', plannedOn: '2027-03-01' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Ce texte est trop court.');
    expect(html).toContain('value="2027-03-01"');
    expect((await manager.post(`/community/manage/proposals/${id}/milestones`, { label: 'Poser deux bancs', plannedOn: '2027-03-01' })).status).toBe(303);
    const [m] = await q('select id from community_milestones where proposal_id = $1', [id]);
    const board = await (await resident.get(`/community/processes/${current}`)).text();
    expect(board).toContain('Et ensuite : Poser deux bancs, prévu le 1 mars 2027');
    expect((await resident.post(`/community/manage/milestones/${m.id}/done`, { doneOn: '2027-02-25' })).status).toBe(403);
    const empty = await manager.post(`/community/manage/milestones/${m.id}/done`, { doneOn: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(`id="f-doneOn-${m.id}-error"`);
    expect((await manager.post(`/community/manage/milestones/${m.id}/done`, { doneOn: '2027-02-25' })).status).toBe(303);
    expect(await (await resident.get(`/community/proposals/${id}`)).text()).toContain('fait le 25 février 2027');
    // The resident's notifications page reads without writing; the button marks them read.
    expect((await resident.get('/community/notifications')).status).toBe(200);
    const unread = async () => (await q('select count(*)::int n from community_notifications where proposal_id = $1 and read_at is null', [id]))[0].n;
    expect(await unread()).toBe(1);
    expect((await resident.post('/community/notifications/read', {})).status).toBe(303);
    expect(await unread()).toBe(0);
  });
});
