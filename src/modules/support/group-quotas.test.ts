import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { createGroupCommitment, joinGroupCommitment } from './commands/group-quotas.js';
import { allocatePlace, createQuota, quotaOverview } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let logirem: Actor;
let sister: Actor;
let outsider: Actor;
let elia: string;
const YEAR = 2026;
// 1 July: half the year gone, so an even pace expects half the places.
const MID_YEAR = new Date('2026-07-02T10:00:00Z');

/** A landlord of the group (or outside it) with its programme manager and a partnership with Elia. */
async function landlord(slug: string, email: string): Promise<Actor> {
  const o = t.database.owner;
  const org = (await o.query(`insert into organisations (kind, name, slug) values ('landlord', $1, $2) returning id`, [slug, slug])).rows[0].id;
  const user = (await o.query(`insert into users (email, display_name) values ($1, $2) returning id`, [email, `Chargée de programmes ${slug}`])).rows[0].id;
  await o.query(`insert into memberships (organisation_id, user_id, role) values ($1, $2, 'programme_manager')`, [org, user]);
  await o.query(`insert into partnerships (organisation_id, partner_id) values ($1, $2)`, [org, elia]);
  return actorFor(t.database.db, email);
}

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
