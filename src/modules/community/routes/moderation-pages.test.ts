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

  it('answers 404 to hiding a comment or deciding a request that does not exist or belongs to another landlord, whatever was posted', async () => {
    const moderator = t.client();
    await moderator.signIn(demo('facilitator'));
    const org = (await t.database.owner.query(`select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1`, [demo('facilitator')])).rows[0].organisation_id;
    const other = (await t.database.owner.query(`select id from organisations where id <> $1 order by slug limit 1`, [org])).rows[0].id;
    const { rows: [proposal] } = await t.database.owner.query(`select id, process_id from community_proposals where organisation_id = $1 limit 1`, [org]);
    // Another landlord's comment and request, written as the owner (setup only).
    const process = (await t.database.owner.query(`insert into community_processes (organisation_id, title, starts_on) values ($1, 'Ailleurs', current_date) returning id`, [other])).rows[0].id;
    const theirs = (await t.database.owner.query(`insert into community_proposals (organisation_id, process_id, title, body, category, credited_to) values ($1, $2, 'Leur idée', 'texte', 'other', 'Atelier') returning id`, [other, process])).rows[0].id;
    const author = (await t.database.owner.query(`select id from users limit 1`)).rows[0].id;
    const comment = (await t.database.owner.query(`insert into community_comments (organisation_id, proposal_id, author_user_id, body) values ($1, $2, $3, 'Leur commentaire') returning id`, [other, theirs, author])).rows[0].id;
    const event = (await t.database.owner.query(`insert into community_events (organisation_id, title, category, address, starts_at, ends_at, registration) values ($1, 'Leur atelier', 'workshop', 'Ici', now() + interval '3 days', now() + interval '3 days 2 hours', 'approval') returning id`, [other])).rows[0].id;
    const request = (await t.database.owner.query(`insert into community_registrations (organisation_id, event_id, guest_name, guest_contact, status) values ($1, $2, 'Invité', '0600000000', 'pending') returning id`, [other, event])).rows[0].id;
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const id of [comment, missing, 'not-an-id']) {
      for (const body of [{ reason: 'Propos insultants' }, { reason: '' }]) expect((await moderator.post(`/community/manage/comments/${id}/hide`, body)).status).toBe(404);
    }
    for (const id of [request, missing, 'not-an-id']) {
      for (const body of [{ decision: 'approve' }, { decision: 'granted' }]) expect((await moderator.post(`/community/manage/registrations/${id}/decide`, body)).status).toBe(404);
    }
    const after = await t.database.owner.query(`select (select hidden_at from community_comments where id = $1) as hidden, (select status from community_registrations where id = $2) as status`, [comment, request]);
    expect(after.rows[0]).toEqual({ hidden: null, status: 'pending' });
    // The same forms on this landlord's own comment still work, and a missing reason is still said.
    const own = (await t.database.owner.query(`insert into community_comments (organisation_id, proposal_id, author_user_id, body) values ($1, $2, $3, 'Un commentaire') returning id`, [org, proposal.id, author])).rows[0].id;
    expect((await moderator.post(`/community/manage/comments/${own}/hide`, { reason: '' })).headers.get('location')).toBe('/community/manage/proposals?done=reasonMissing');
    expect((await moderator.post(`/community/manage/comments/${own}/hide`, { reason: 'Hors sujet' })).headers.get('location')).toBe('/community/manage/proposals?done=hidden');
  });
});
