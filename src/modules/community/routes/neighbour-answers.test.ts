import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { type NeighbourFixture, neighbourFixture } from '../test-support/neighbour-fixture.js';

// A Clésence resident of the Réma'Vert neighbourhood proposes in a Plurial Novilia process open to it;
// neighbours and Plurial Novilia residents support and comment; Plurial Novilia answers. Each person is
// told — in the app and by their channel — in their own landlord's context.
let t: Awaited<ReturnType<typeof testApp>>;
let f: NeighbourFixture;
let manager: Client;
let proposal = '';
let title = '';

const count = async (orgId: string, table: 'notifications' | 'community_notifications', userId: string) =>
  withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom(table).select('id').where('user_id', '=', userId).execute()).length);

beforeAll(async () => {
  t = await testApp();
  f = await neighbourFixture(t);
  manager = t.client();
  await manager.signIn(demo('programme_manager'));
  const opened = (await f.q('insert into community_processes (organisation_id, title, residence_id, starts_on, open_to_neighbours) values ($1, $2, $3, current_date, true) returning id', [f.org['plurial-novilia'], 'Le square de demain', f.arc])).rows[0].id;
  title = 'Un composteur pour le square';
  const made = await f.api('nb1', `/api/v1/community/processes/${opened}/proposals`, { title, body: 'Près des jardins.', category: 'green_spaces' });
  expect(made.status).toBe(201);
  proposal = ((await made.json()) as { id: string }).id;
  expect((await f.api('nb2', `/api/v1/community/proposals/${proposal}/supports`, {})).status).toBe(201);
  expect((await f.api('pn2', `/api/v1/community/proposals/${proposal}/supports`, {})).status).toBe(201);
  expect((await f.api('nb3', `/api/v1/community/proposals/${proposal}/comments`, { body: 'Je peux aider à le monter.' })).status).toBe(201);
});

describe('answers to a neighbour’s proposal', () => {
  it('tell the author, supporters and commenters, neighbours in their own landlord’s context and the landlord’s residents in its own', async () => {
    const answered = await manager.post(`/community/manage/proposals/${proposal}/answer`, { status: 'accepted', body: 'Un composteur sera installé au printemps.' });
    expect(answered.status).toBe(303);
    const plurial = f.org['plurial-novilia'];
    // E-mail notices: a row of each person's landlord, never of the other.
    const notices = (await f.q("select recipient, organisation_id from notifications where subject like '%Un composteur pour le square%' order by recipient")).rows;
    expect(notices).toEqual([
      { recipient: 'nb1@example.org', organisation_id: f.org.clesence },
      { recipient: 'nb2@example.org', organisation_id: f.org.clesence },
      { recipient: 'nb3@example.org', organisation_id: f.org.clesence },
      { recipient: 'pn2@example.org', organisation_id: plurial },
    ]);
    // In-app notifications: the neighbour's is their landlord's, naming the process's landlord.
    const inApp = (await f.q('select user_id, organisation_id, proposal_org_id from community_notifications where proposal_id = $1', [proposal])).rows;
    expect(new Map(inApp.map((n) => [n.user_id, [n.organisation_id, n.proposal_org_id]]))).toEqual(
      new Map([
        [f.users.nb1, [f.org.clesence, plurial]],
        [f.users.nb2, [f.org.clesence, plurial]],
        [f.users.nb3, [f.org.clesence, plurial]],
        [f.users.pn2, [plurial, null]],
      ]),
    );
    // Row-level security: the organiser's context holds nothing about the neighbour; theirs does.
    expect(await count(plurial, 'community_notifications', f.users.nb1)).toBe(0);
    expect(await count(plurial, 'notifications', f.users.nb1)).toBe(0);
    expect(await count(f.org.clesence, 'community_notifications', f.users.nb1)).toBe(1);
    expect(await count(f.org.clesence, 'notifications', f.users.nb1)).toBe(1);
  });

  it('the neighbour reads the answer on their notifications page and marks it read; others of their landlord see nothing of it', async () => {
    const nb1 = await f.browser('nb1');
    const page = await (await nb1.get('/community/notifications')).text();
    expect(page).toContain(title);
    expect(page).toContain('Un composteur sera installé au printemps.');
    expect(page).toContain(`/community/proposals/${proposal}`);
    expect((await nb1.post('/community/notifications/read', {})).status).toBe(303);
    expect((await f.q('select read_at from community_notifications where user_id = $1', [f.users.nb1])).rows[0].read_at).not.toBeNull();
    // The proposal page the notice links to opens for them.
    expect((await nb1.get(`/community/proposals/${proposal}`)).status).toBe(200);
    // The Plurial Novilia supporter reads it as before.
    expect(await (await (await f.browser('pn2')).get('/community/notifications')).text()).toContain('Un composteur sera installé au printemps.');
    // A Clésence resident who neither proposed, supported nor commented has nothing.
    expect(await (await (await f.browser('amiens')).get('/community/notifications')).text()).not.toContain(title);
  });

  it('a notification row pointing at an answer the person had no part in shows nothing', async () => {
    const answer = (await f.q('select id from community_answers where proposal_id = $1', [proposal])).rows[0].id;
    await f.q('insert into community_notifications (organisation_id, proposal_org_id, user_id, proposal_id, answer_id) values ($1, $2, $3, $4, $5)', [f.org.clesence, f.org['plurial-novilia'], f.users.amiens, proposal, answer]);
    expect(await (await (await f.browser('amiens')).get('/community/notifications')).text()).not.toContain('Un composteur sera installé au printemps.');
  });

  it('a milestone reached is told to the neighbours in their landlord’s context too', async () => {
    expect((await manager.post(`/community/manage/proposals/${proposal}/milestones`, { label: 'Commander le composteur' })).status).toBe(303);
    const m = (await f.q('select id from community_milestones where proposal_id = $1', [proposal])).rows[0].id;
    expect((await manager.post(`/community/manage/milestones/${m}/done`, { doneOn: '2026-12-01' })).status).toBe(303);
    const told = (await f.q("select recipient, organisation_id from notifications where body like '%Commander le composteur%' order by recipient")).rows;
    expect(told.map((n) => n.recipient)).toEqual(['nb1@example.org', 'nb2@example.org', 'nb3@example.org', 'pn2@example.org']);
    expect(told.filter((n) => n.recipient.startsWith('nb')).every((n) => n.organisation_id === f.org.clesence)).toBe(true);
  });
});
