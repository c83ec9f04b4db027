import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let current: string;
beforeAll(async () => {
  t = await testApp();
  current = (await t.database.owner.query(`select id from community_processes where title like 'Réma’Vert 2026%'`)).rows[0].id;
});

describe('moderation over HTTP', () => {
  it('reports a proposal once per person, hides it with a required reason shown in its place, and keeps the history in the audit trail', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const made = await resident.post(`/community/processes/${current}/propose`, { title: 'Une idée hors sujet', body: 'Appelez M. X au 06 00 00 00 00', category: 'other' });
    const id = (made.headers.get('location') as string).split('?')[0].split('/').pop() as string;
    expect((await resident.post(`/community/proposals/${id}/report`, {})).headers.get('location')).toBe(`/community/proposals/${id}?done=reportedProposal`);
    await resident.post(`/community/proposals/${id}/report`, {});
    expect((await t.database.owner.query(`select reports from community_proposals where id = $1`, [id])).rows[0].reports).toBe(1);
    expect((await resident.get(`/community/manage/moderate/proposal/${id}`)).status).toBe(403);
    expect((await resident.post(`/community/manage/moderate/proposal/${id}`, { reason: 'spam' })).status).toBe(403);

    const moderator = t.client();
    await moderator.signIn(demo('facilitator'));
    const queue = await (await moderator.get('/community/manage/proposals')).text();
    expect(queue).toContain(`/community/manage/moderate/proposal/${id}`);
    const noReason = await moderator.post(`/community/manage/moderate/proposal/${id}`, { reason: '' });
    expect(noReason.status).toBe(422);
    const form = await noReason.text();
    expect(form).toContain('Le formulaire contient');
    expect(form).toContain('aria-describedby="f-reason-hint f-reason-error"');
    const hidden = await moderator.post(`/community/manage/moderate/proposal/${id}`, { reason: 'Données personnelles' });
    expect(hidden.headers.get('location')).toBe(`/community/proposals/${id}?done=hidden`);
    const seen = await (await resident.get(`/community/proposals/${id}`)).text();
    expect(seen).toContain('Données personnelles');
    expect(seen).not.toContain('06 00 00 00 00');
    expect(await (await resident.get(`/community/processes/${current}`)).text()).not.toContain('Une idée hors sujet');
    const page = await (await moderator.get(`/community/manage/moderate/proposal/${id}`)).text();
    expect(page).toContain('signalé');
    expect(page).toContain('masqué');
    const { rows } = await t.database.owner.query(`select action, details from audit_events where target_id = $1 and action like 'community.proposal.%' order by id`, [id]);
    expect(rows.map((r) => r.action)).toEqual(['community.proposal.submit', 'community.proposal.report', 'community.proposal.report', 'community.proposal.hide']);
    expect(rows[3].details).toEqual({ reason: 'Données personnelles' });
    expect((await moderator.get('/community/manage/moderate/other/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});
