import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { createGroupCommitment, joinGroupCommitment } from './commands/group-quotas.js';
import { allocatePlace, createQuota, quotaOverview } from './commands/quotas.js';
import { actorFor, LOGIREM, landlordWithManager } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let logirem: Actor;
let sister: Actor;
let outsider: Actor;
let elia: string;
const YEAR = 2026;
// 1 July: half the year gone, so an even pace expects half the places.
const MID_YEAR = new Date('2026-07-02T10:00:00Z');

/** A landlord of the group (or outside it) with its programme manager and a partnership with Elia. */
const landlord = (slug: string, email: string): Promise<Actor> => landlordWithManager(t.database, slug, email, elia);

beforeAll(async () => {
  t = await testApp();
  logirem = await actorFor(t.database.db, LOGIREM.manager);
  elia = (await actorFor(t.database.db, LOGIREM.eliaReferent)).orgId as string;
  sister = await landlord('bailleur-soeur-test', 'programmes@soeur.test.palier.fr');
  outsider = await landlord('bailleur-hors-groupe-test', 'programmes@hors.test.palier.fr');
});

describe('a partner commitment shared by the landlords of a group', () => {
  it('sums the places given by every member (counts only), flags the group behind schedule, and each landlord sees only its own allocations', async () => {
    const group = await createGroupCommitment(t.database.db, logirem, { partnerId: elia, label: 'Familles réfugiées — groupe', year: YEAR, places: 400, memberOrgIds: [sister.orgId as string] });
    if (!group.ok) throw new Error(JSON.stringify(group));
    // Logirem's own quota with Elia for the year exists in the demo data; the sister makes its own.
    const mine = await withTenant(t.database.db, { orgId: logirem.orgId }, async (tx) => (await tx.selectFrom('support_quotas').select('id').where('partner_org_id', '=', elia).where('period_start', '=', `${YEAR}-01-01`).executeTakeFirst())?.id as string | undefined);
    const lead = mine ?? (await createQuota(t.database.db, logirem, { partnerId: elia, label: 'Familles réfugiées', year: YEAR, places: 10 }));
    const leadId = typeof lead === 'string' ? lead : lead.ok ? lead.quotaId : '';
    const theirs = await createQuota(t.database.db, sister, { partnerId: elia, label: 'Familles réfugiées', year: YEAR, places: 10 });
    if (!theirs.ok) throw new Error('quota');
    expect(await joinGroupCommitment(t.database.db, logirem, leadId, group.groupId)).toEqual({ ok: true });
    expect(await joinGroupCommitment(t.database.db, sister, theirs.quotaId, group.groupId)).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) expect((await allocatePlace(t.database.db, sister, theirs.quotaId, { applicantRef: `ELIA-S-${i}` })).ok).toBe(true);
    const given = await withTenant(t.database.db, { orgId: logirem.orgId }, async (tx) => Number((await tx.selectFrom('support_quota_allocations').select((s) => s.fn.countAll().as('n')).where('quota_id', '=', leadId).executeTakeFirstOrThrow()).n));

    const fromLead = await quotaOverview(t.database.db, logirem, MID_YEAR);
    const row = fromLead.ok ? fromLead.quotas.find((q) => q.id === leadId) : undefined;
    expect(row?.group).toMatchObject({ id: group.groupId, places: 400, given: given + 3, landlords: 2, behind: true });
    expect(row?.group?.expected).toBeGreaterThanOrEqual(198);
    const fromSister = await quotaOverview(t.database.db, sister, MID_YEAR);
    expect(fromSister.ok && fromSister.quotas.map((q) => [q.progress.given, q.group?.given])).toEqual([[3, given + 3]]);
    // The sister never reads Logirem's allocations: RLS keeps them to Logirem.
    const seen = await withTenant(t.database.db, { orgId: sister.orgId }, (tx) => tx.selectFrom('support_quota_allocations').select('applicant_ref').execute());
    expect(seen.map((s) => s.applicant_ref).sort()).toEqual(['ELIA-S-0', 'ELIA-S-1', 'ELIA-S-2']);
  });

  it('a landlord not named in the group can neither join it nor read its progress', async () => {
    const group = await createGroupCommitment(t.database.db, logirem, { partnerId: elia, label: 'Autre groupe', year: YEAR + 1, places: 5, memberOrgIds: [sister.orgId as string] });
    if (!group.ok) throw new Error('group');
    const q = await createQuota(t.database.db, outsider, { partnerId: elia, label: 'Hors groupe', year: YEAR + 1, places: 4 });
    if (!q.ok) throw new Error('quota');
    expect(await joinGroupCommitment(t.database.db, outsider, q.quotaId, group.groupId)).toMatchObject({ ok: false, status: 404 });
    // Even a quota pointed at the group in SQL does not let it read the group's figures.
    await t.database.owner.query('update support_quotas set group_commitment_id = $1 where id = $2', [group.groupId, q.quotaId]);
    const r = await quotaOverview(t.database.db, outsider, MID_YEAR);
    expect(r.ok && r.quotas.map((x) => x.group)).toEqual([null]);
    // A member's quota for another year does not fit the group.
    const other = await createQuota(t.database.db, sister, { partnerId: elia, label: 'Autre année', year: YEAR + 2, places: 4 });
    if (!other.ok) throw new Error('quota');
    expect(await joinGroupCommitment(t.database.db, sister, other.quotaId, group.groupId)).toMatchObject({ ok: false, status: 422, errors: { groupId: 'support.quota.groupMismatch' } });
  });
});

describe('the programmes page’s commitment forms (no JavaScript)', () => {
  it('declares a group commitment: field errors in French with the values and ticks kept, then saved naming the ticked landlord; a new quota, a duplicate refused by its year, attached to a group of the same year only', async () => {
    const b = t.client();
    await b.signIn(LOGIREM.manager);
    const page = await (await b.get('/support/programmes')).text();
    expect(page).toContain('Engagement partagé par les bailleurs d’un groupe');
    // The demo's group commitment with Elia is offered for attaching.
    expect(page).toContain('Familles réfugiées — engagement du groupe avec Elia');
    expect(page).toContain(`value="${sister.orgId}"`);

    const bad = await b.request('/support/group-commitments', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: await b.csrf(), gPartner: '', gLabel: 'Réfugiés — groupe 2031', gYear: '1999', gPlaces: '' }),
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const f of ['gPartner', 'gYear', 'gPlaces', 'gMembers']) expect(html).toContain(`id="f-${f}-error"`);
    expect(html).toContain('Cochez au moins un autre bailleur du groupe.');
    expect(html).toContain('value="Réfugiés — groupe 2031"');

    const body = new URLSearchParams({ _csrf: await b.csrf(), gPartner: elia, gLabel: 'Réfugiés — groupe 2031', gYear: '2031', gPlaces: '120' });
    body.append('gMembers', sister.orgId as string);
    body.append('gMembers', crypto.randomUUID());
    const unknown = await b.request('/support/group-commitments', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    // A member that is not a landlord on Palier is refused, and the ticked landlord stays ticked.
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toMatch(new RegExp(`value="${sister.orgId}" checked`));
    const good = new URLSearchParams({ _csrf: await b.csrf(), gPartner: elia, gLabel: 'Réfugiés — groupe 2031', gYear: '2031', gPlaces: '120', gMembers: sister.orgId as string });
    const made = await b.request('/support/group-commitments', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: good });
    expect(made.status).toBe(303);
    const group = await withTenant(t.database.db, { orgId: logirem.orgId }, (tx) => tx.selectFrom('support_group_commitments').select(['id', 'places', 'member_org_ids']).where('label', '=', 'Réfugiés — groupe 2031').executeTakeFirstOrThrow());
    expect(group.places).toBe(120);
    expect(group.member_org_ids).toEqual([sister.orgId]);

    // Logirem's own commitment with Elia for 2031, then the same again: refused by its year.
    expect((await b.post('/support/quotas', { qPartner: elia, qLabel: 'Familles réfugiées 2031', qYear: '2031', qPlaces: '70' })).status).toBe(303);
    const twice = await b.post('/support/quotas', { qPartner: elia, qLabel: 'Familles réfugiées 2031', qYear: '2031', qPlaces: '70' });
    expect(twice.status).toBe(409);
    const twiceHtml = await twice.text();
    expect(twiceHtml).toContain('id="f-qYear-error"');
    expect(twiceHtml).toContain('Un engagement existe déjà pour ce partenaire et cette année.');
    const quota = await withTenant(t.database.db, { orgId: logirem.orgId }, (tx) => tx.selectFrom('support_quotas').select('id').where('label', '=', 'Familles réfugiées 2031').executeTakeFirstOrThrow());

    // Attached to a group of another year: the rule's message by the group field; to the 2031 group: done.
    const demoGroup = await withTenant(t.database.db, { orgId: logirem.orgId }, (tx) => tx.selectFrom('support_group_commitments').select('id').where('label', '=', 'Familles réfugiées — engagement du groupe avec Elia').executeTakeFirstOrThrow());
    const mismatch = await b.post('/support/quotas/group', { jQuota: quota.id as string, jGroup: demoGroup.id as string });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('Cet engagement de groupe porte sur un autre partenaire ou une autre année.');
    expect((await b.post('/support/quotas/group', { jQuota: quota.id as string, jGroup: group.id as string })).status).toBe(303);
    const after = await (await b.get('/support/programmes')).text();
    expect(after).toContain('Réfugiés — groupe 2031');
    const attached = await withTenant(t.database.db, { orgId: logirem.orgId }, (tx) => tx.selectFrom('support_quotas').select('group_commitment_id').where('id', '=', quota.id).executeTakeFirstOrThrow());
    expect(attached.group_commitment_id).toBe(group.id);
  });

  it('the forms are the programme manager’s: an adviser is refused', async () => {
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect((await b.post('/support/quotas', { qPartner: elia, qLabel: 'x', qYear: '2032', qPlaces: '1' })).status).toBe(403);
    expect((await b.post('/support/group-commitments', { gPartner: elia, gLabel: 'x', gYear: '2032', gPlaces: '1', gMembers: sister.orgId as string })).status).toBe(403);
  });
});
