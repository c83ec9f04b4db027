import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// Comments and reports of Clésence residents of the Réma'Vert neighbourhood on proposals of a Plurial
// Novilia process open to it; moderation stays with Plurial Novilia.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let nb1: Client;
let opened = '';
let closed = '';
let proposal = ''; // pn1's, in the open process
let shut = ''; // pn1's, in the closed process

beforeAll(async () => {
  t = await testApp();
  f = await neighbourFixture(t);
  nb1 = await f.browser('nb1');
  const process = async (title: string, open: boolean) =>
    (await f.q('insert into community_processes (organisation_id, title, residence_id, starts_on, open_to_neighbours) values ($1, $2, $3, current_date, $4) returning id', [f.org['plurial-novilia'], title, f.arc, open])).rows[0].id as string;
  opened = await process('Le square de demain', true);
  closed = await process('Règlement du local vélos', false);
  const propose = async (processId: string, title: string) => {
    const res = await f.api('pn1', `/api/v1/community/processes/${processId}/proposals`, { title, body: 'Pour tout le monde.', category: 'green_spaces' });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  proposal = await propose(opened, 'Des jeux pour les petits');
  shut = await propose(closed, 'Des arceaux');
});

describe('neighbours comment on and report proposals of another landlord’s process open to them', () => {
  let comment = '';

  it('a neighbour comments from the page: a row of the process’s landlord naming theirs and their household, shown on the proposal', async () => {
    const page = await (await nb1.get(`/community/proposals/${proposal}`)).text();
    expect(page).toContain(`action="/community/proposals/${proposal}/comments"`);
    const done = await nb1.post(`/community/proposals/${proposal}/comments`, { comment: 'Et un banc pour les parents ?' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/community/proposals/${proposal}?done=commented`);
    const row = (await f.q('select id, organisation_id, guest_org_id, author_household_id, author_user_id from community_comments where proposal_id = $1', [proposal])).rows[0];
    expect(row).toMatchObject({ organisation_id: f.org['plurial-novilia'], guest_org_id: f.org.clesence, author_household_id: f.hh.nb1, author_user_id: f.users.nb1 });
    comment = row.id;
    expect(await (await nb1.get(`/community/proposals/${proposal}`)).text()).toContain('Et un banc pour les parents ?');
    // The organiser's own resident sees it too; the audit trail is the organiser's.
    const seen = (await (await f.api('pn2', `/api/v1/community/proposals/${proposal}`)).json()) as { comments: { id: string; body: string }[] };
    expect(seen.comments.map((c) => c.id)).toEqual([comment]);
    const trail = (await f.q("select organisation_id from audit_events where action = 'community.comment.create' and target_id = $1", [comment])).rows;
    expect(trail).toEqual([{ organisation_id: f.org['plurial-novilia'] }]);
  });

  it('an empty comment is refused at the field; a closed process, or someone outside the neighbourhood, is 404 and nothing is written', async () => {
    const empty = await f.api('nb2', `/api/v1/community/proposals/${proposal}/comments`, { body: '' });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { fields: Record<string, string> }).fields).toHaveProperty('body');
    expect((await f.api('nb2', `/api/v1/community/proposals/${shut}/comments`, { body: 'Fermé ?' })).status).toBe(404);
    expect((await f.api('amiens', `/api/v1/community/proposals/${proposal}/comments`, { body: 'De loin.' })).status).toBe(404);
    expect((await f.q('select count(*)::int n from community_comments where proposal_id = any($1)', [[proposal, shut]])).rows[0].n).toBe(1);
  });

  it('neighbours report a comment and a proposal once each; outside the neighbourhood it is 404', async () => {
    expect((await f.api('nb2', `/api/v1/community/comments/${comment}/reports`, {})).status).toBe(201);
    expect((await f.api('nb2', `/api/v1/community/comments/${comment}/reports`, {})).status).toBe(201);
    const nb3 = await f.browser('nb3');
    expect((await nb3.post(`/community/comments/${comment}/report`, {})).headers.get('location')).toBe(`/community/proposals/${proposal}?done=reported`);
    expect((await f.q('select reports from community_comments where id = $1', [comment])).rows[0].reports).toBe(2);
    const reports = (await f.q('select organisation_id, guest_org_id, household_id from community_comment_reports where comment_id = $1 order by household_id', [comment])).rows;
    expect(reports).toEqual(
      [f.hh.nb2, f.hh.nb3].sort().map((h) => ({ organisation_id: f.org['plurial-novilia'], guest_org_id: f.org.clesence, household_id: h })),
    );
    expect((await nb3.post(`/community/proposals/${proposal}/report`, {})).headers.get('location')).toBe(`/community/proposals/${proposal}?done=reportedProposal`);
    await nb3.post(`/community/proposals/${proposal}/report`, {});
    expect((await f.q('select reports from community_proposals where id = $1', [proposal])).rows[0].reports).toBe(1);
    expect((await f.api('amiens', `/api/v1/community/comments/${comment}/reports`, {})).status).toBe(404);
    expect((await f.api('amiens', `/api/v1/community/proposals/${proposal}/reports`, {})).status).toBe(404);
    expect((await f.api('nb2', `/api/v1/community/proposals/${shut}/reports`, {})).status).toBe(404);
  });

  it('moderation stays with the process’s landlord: its moderator sees the reports and hides; the neighbour’s landlord cannot', async () => {
    const moderator = t.client();
    await moderator.signIn(demo('facilitator'));
    const item = await (await moderator.get(`/community/manage/moderate/comment/${comment}`)).text();
    expect(item).toContain('Et un banc pour les parents ?');
    expect(item).toContain('Personne nb2');
    // A Clésence moderator: another landlord's comment is not theirs (404), and reading it is not either.
    const hash = (await f.q('select password_hash from users where email = $1', [demo('resident')])).rows[0].password_hash;
    const staff = (await f.q("insert into users (email, display_name, password_hash) values ('anim.clesence@example.org', 'Animatrice Clésence', $1) returning id", [hash])).rows[0].id;
    await f.q("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [f.org.clesence, staff]);
    const theirs = t.client();
    await theirs.signIn('anim.clesence@example.org');
    expect((await theirs.get(`/community/manage/moderate/comment/${comment}`)).status).toBe(404);
    expect((await theirs.post(`/community/manage/moderate/comment/${comment}`, { reason: 'Hors sujet' })).status).toBe(404);
    const hidden = await moderator.post(`/community/manage/moderate/comment/${comment}`, { reason: 'Hors sujet' });
    expect(hidden.status).toBe(303);
    const page = await (await nb1.get(`/community/proposals/${proposal}`)).text();
    expect(page).toContain('Hors sujet');
    expect(page).not.toContain('Et un banc pour les parents ?');
  });

  it('the database refuses a neighbour’s comment or report for a household outside, or a person not of the household', async () => {
    const plurial = f.org['plurial-novilia'];
    await expect(
      f.q("insert into community_comments (organisation_id, proposal_id, author_user_id, guest_org_id, author_household_id, body) values ($1, $2, $3, $4, $5, 'x')", [plurial, proposal, f.users.amiens, f.org.clesence, f.hh.amiens]),
    ).rejects.toThrow(/neighbour/);
    await expect(
      f.q("insert into community_comments (organisation_id, proposal_id, author_user_id, guest_org_id, author_household_id, body) values ($1, $2, $3, $4, $5, 'x')", [plurial, proposal, f.users.nb2, f.org.clesence, f.hh.nb1]),
    ).rejects.toThrow(/neighbour/);
    await expect(
      f.q("insert into community_comments (organisation_id, proposal_id, author_user_id, guest_org_id, author_household_id, body) values ($1, $2, $3, $4, $5, 'x')", [plurial, shut, f.users.nb1, f.org.clesence, f.hh.nb1]),
    ).rejects.toThrow(/neighbour/);
    await expect(
      f.q('insert into community_proposal_reports (organisation_id, proposal_id, user_id, guest_org_id, household_id) values ($1, $2, $3, $4, $5)', [plurial, proposal, f.users.amiens, f.org.clesence, f.hh.amiens]),
    ).rejects.toThrow(/neighbour/);
  });
});
