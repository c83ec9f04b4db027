import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let current: string;
let past: string;
beforeAll(async () => {
  t = await testApp();
  current = (await t.database.owner.query(`select id from community_processes where title like 'Réma’Vert 2026%'`)).rows[0].id;
  past = (await t.database.owner.query(`select id from community_processes where title like '%Vie2B%'`)).rows[0].id;
});

describe('participation pages over HTTP', () => {
  it('shows the “you said, we did” board with the real outcomes, to residents and to the public', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const board = await (await resident.get(`/community/processes/${past}`)).text();
    expect(board).toContain('Réalisé (4)');
    expect(board).toContain('Mettre en place un système de compostage');
    const open = await (await t.client().get(`/c/plurial-novilia/processes/${past}`)).text();
    expect(open).toContain('Le cheminement piéton sécurisé est ouvert.');
    expect((await t.client().get(`/c/clesence/processes/${past}`)).status).toBe(404);
  });

  it('takes a proposal from a phone without script, keeps values on error, then answers and notifies', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const bad = await resident.post(`/community/processes/${current}/propose`, { title: 'Co', body: '', category: 'environment' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Ce texte est trop court.');
    expect(html).toContain('value="Co"');
    const ok = await resident.post(`/community/processes/${current}/propose`, { title: 'Un composteur au pied du bâtiment', body: 'Pour les épluchures.', category: 'environment' });
    expect(ok.status).toBe(303);
    const url = (ok.headers.get('location') as string).split('?')[0];
    const id = url.split('/').pop() as string;
    expect((await resident.post(`/community/proposals/${id}/support`, {})).status).toBe(303);
    expect((await resident.post(`/community/proposals/${id}/support`, {})).status).toBe(409);
    expect((await resident.post(`/community/proposals/${id}/comments`, { comment: '' })).status).toBe(422);
    expect((await resident.post(`/community/proposals/${id}/comments`, { comment: 'Bonne idée !' })).status).toBe(303);

    const manager = t.client();
    await manager.signIn(demo('programme_manager'));
    const refused = await manager.post(`/community/manage/proposals/${id}/answer`, { status: 'refused', body: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Un refus doit être expliqué');
    expect((await manager.post(`/community/manage/proposals/${id}/answer`, { status: 'accepted', body: 'Accepté : installation au printemps.' })).status).toBe(303);
    expect((await resident.post(`/community/manage/proposals/${id}/answer`, { status: 'done', body: 'x' })).status).toBe(403);
    const notes = await (await resident.get('/community/notifications')).text();
    expect(notes).toContain('Accepté : installation au printemps.');
    expect(notes).toContain('Nouveau :');
    expect(await (await resident.get(`/community/proposals/${id}`)).text()).toContain('Acceptée');
  });

  it('registers someone without an account and lets them cancel with their link', async () => {
    const tasting = (await t.database.owner.query(`select id from community_events where title like 'Dégustation%'`)).rows[0].id;
    const guest = t.client();
    const bad = await guest.post(`/c/plurial-novilia/events/${tasting}`, { name: 'Mme Lopez', contact: 'pas un numéro', adults: '1' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Indiquez un numéro de téléphone ou une adresse e-mail.');
    const res = await guest.post(`/c/plurial-novilia/events/${tasting}`, { name: 'Mme Lopez', contact: '06 12 34 56 78', adults: '1', children: '1' });
    expect(res.status).toBe(303);
    const link = res.headers.get('location') as string;
    expect(link).toMatch(/^\/c\/plurial-novilia\/cancel\/[\w-]{32}\?done=confirmed$/);
    const cancelUrl = link.split('?')[0];
    expect((await guest.post(cancelUrl, {})).status).toBe(303);
    expect(await (await guest.get(cancelUrl)).text()).toContain('Cette inscription est annulée.');
    expect((await guest.get('/c/plurial-novilia/cancel/forged-token')).status).toBe(404);
  });

  it('moderates a reported comment with a reason that stays visible', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const proposal = (await t.database.owner.query(`select id from community_proposals where title like 'Une boîte à livres%'`)).rows[0].id;
    await resident.post(`/community/proposals/${proposal}/comments`, { comment: 'Message hors sujet' });
    const comment = (await t.database.owner.query(`select id from community_comments where proposal_id = $1`, [proposal])).rows[0].id;
    await resident.post(`/community/comments/${comment}/report`, {});
    const moderator = t.client();
    await moderator.signIn(demo('facilitator'));
    expect(await (await moderator.get('/community/manage/proposals')).text()).toContain('Message hors sujet');
    expect((await moderator.post(`/community/manage/comments/${comment}/hide`, { reason: 'Hors sujet' })).status).toBe(303);
    const page = await (await resident.get(`/community/proposals/${proposal}`)).text();
    expect(page).toContain('Commentaire masqué par la modération : Hors sujet');
    expect(page).not.toContain('Message hors sujet');
  });
});
