import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { updateGroupCommitment } from './commands/group-edit.js';
import { createGroupCommitment, joinGroupCommitment } from './commands/group-quotas.js';
import { allocatePlace, createQuota } from './commands/quotas.js';
import { actorFor, LOGIREM, landlordWithManager } from './test-helpers.js';

/** A group commitment changed after its declaration by the lead landlord (page, API, audit), and the partner seeing the group's total. */
let t: Awaited<ReturnType<typeof testApp>>;
let logirem: Actor;
let sister: Actor;
let third: Actor;
let elia: string;
let groupId: string;

const landlord = (slug: string, email: string): Promise<Actor> => landlordWithManager(t.database, slug, email, elia);

beforeAll(async () => {
  t = await testApp();
  logirem = await actorFor(t.database.db, LOGIREM.manager);
  elia = (await actorFor(t.database.db, LOGIREM.eliaReferent)).orgId as string;
  sister = await landlord('bailleur-soeur-edit', 'programmes@soeur-edit.test.palier.fr');
  third = await landlord('bailleur-tiers-edit', 'programmes@tiers-edit.test.palier.fr');
  const g = await createGroupCommitment(t.database.db, logirem, { partnerId: elia, label: 'Familles réfugiées — groupe 2027', year: 2027, places: 40, memberOrgIds: [sister.orgId as string] });
  if (!g.ok) throw new Error('group');
  groupId = g.groupId;
  const q = await createQuota(t.database.db, sister, { partnerId: elia, label: 'Familles réfugiées', year: 2027, places: 10 });
  if (!q.ok) throw new Error('quota');
  expect(await joinGroupCommitment(t.database.db, sister, q.quotaId, groupId)).toEqual({ ok: true });
  for (let i = 0; i < 3; i++) expect((await allocatePlace(t.database.db, sister, q.quotaId, { applicantRef: `ELIA-E-${i}` })).ok).toBe(true);
});

describe('editing a group commitment once declared', () => {
  it('the lead changes places, name and members (audited old and new); never below the places given; a member may not', async () => {
    const edit = (who: Actor, g: { label: string; places: number; memberOrgIds: string[] }) => updateGroupCommitment(t.database.db, who, groupId, g);
    expect(await edit(logirem, { label: 'x', places: 2, memberOrgIds: [sister.orgId as string] })).toEqual({ ok: false, status: 422, errors: { places: 'support.group.placesBelowGiven' } });
    expect(await edit(logirem, { label: 'x', places: 50, memberOrgIds: [] })).toEqual({ ok: false, status: 422, errors: { memberOrgIds: 'support.group.noMember' } });
    expect((await edit(sister, { label: 'x', places: 50, memberOrgIds: [sister.orgId as string] })).ok).toBe(false);
    expect(await edit(logirem, { label: 'Familles réfugiées — groupe élargi', places: 3, memberOrgIds: [sister.orgId as string, third.orgId as string] })).toEqual({ ok: true });
    const row = (await t.database.owner.query('select label, places, member_org_ids::text[] as members from support_group_commitments where id = $1', [groupId])).rows[0];
    expect(row).toEqual({ label: 'Familles réfugiées — groupe élargi', places: 3, members: [sister.orgId, third.orgId] });
    const trail = (await t.database.owner.query(`select details from audit_events where action = 'support.group_commitment.update' and target_id = $1`, [groupId])).rows;
    expect(trail).toHaveLength(1);
    expect(trail[0].details).toMatchObject({ places: { from: 40, to: 3 }, added: [third.orgId], removed: [] });
  });

  it('the page: the lead finds it on the programmes page, a wrong number is a field error in French with the ticks kept; the API saves', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    expect(await (await client.get('/support/programmes')).text()).toContain(`href="/support/group-commitments/${groupId}/edit"`);
    const form = await (await client.get(`/support/group-commitments/${groupId}/edit`)).text();
    expect(form).toContain('Le groupe a déjà attribué 3 logements.');
    const bad = await client.post(`/support/group-commitments/${groupId}`, { gLabel: 'Groupe', gPlaces: '1', gMembers: sister.orgId as string });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Le groupe a déjà attribué plus de logements que ce nombre.');
    expect(html).toMatch(/id="f-gPlaces"[^>]*aria-invalid="true"/);
    expect(html).toMatch(new RegExp(`value="${sister.orgId}"[^>]*checked`));
    const ok = await client.post(`/support/group-commitments/${groupId}`, { gLabel: 'Groupe Elia', gPlaces: '45', gMembers: sister.orgId as string });
    expect(ok.status).toBe(303);
    const token = await apiTokenFor(t, LOGIREM.manager, ['support.quotas.manage']);
    const call = (body: unknown) => t.app.request(`/api/v1/support/group-commitments/${groupId}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const saved = await call({ label: 'Groupe Elia', places: 70, memberOrgIds: [sister.orgId] });
    expect(saved.status).toBe(200);
    const below = await call({ label: 'Groupe Elia', places: 1, memberOrgIds: [sister.orgId] });
    expect(below.status).toBe(422);
    expect(Object.keys((await below.json()).fields)).toEqual(['places']);
    expect((await t.database.owner.query('select places from support_group_commitments where id = $1', [groupId])).rows[0].places).toBe(70);
  });

  it('the partner sees the group’s total beside the landlord’s own commitment (counts only)', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.eliaReferent);
    const html = await (await client.get('/support/commitments')).text();
    expect(html).toContain('Engagement du groupe « Groupe Elia » : 3 logements attribués sur 70 par 1 bailleur.');
    const token = await apiTokenFor(t, LOGIREM.eliaReferent, ['support.quotas.propose']);
    const list = await (await t.app.request('/api/v1/support/commitments', { headers: { authorization: `Bearer ${token}` } })).json();
    const mine = list.data.find((q: { landlord: string; year: string }) => q.landlord === 'bailleur-soeur-edit' && q.year === '2027');
    expect(mine.group).toEqual({ label: 'Groupe Elia', places: 70, given: 3, landlords: 1 });
    // Another association gets nothing from the function.
    const ddch = (await t.database.owner.query(`select id from organisations where slug = 'ddch'`)).rows[0].id;
    const other = await t.database.owner.query(`select set_config('app.org_id', $1, false), (select count(*)::int from support_group_total_for_partner($2)) as n`, [ddch, groupId]);
    expect(other.rows[0].n).toBe(0);
  });
});
