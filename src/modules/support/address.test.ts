import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { testApp } from '../../../test/app.js';
import { householdTenancy } from '../directory/index.js';
import { nameAddressReader, setConfidentialAddress } from './commands/address.js';
import { assignAdviser } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { referralsForPartner, referToPartner } from './commands/referrals.js';
import { addTeamMember } from './commands/team.js';
import { addDays, parisToday } from './domain/local-date.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let caseId: string;
let residence: string;

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  const orgId = a.adviserA.orgId as string;
  const programmeId = randomUUID();
  const householdId = await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx.insertInto('support_programmes').values({ id: programmeId, organisation_id: orgId, kind: 'domestic_violence', name: 'Violences (adresse)', sensitivity: 'highly_sensitive', manager_user_id: a.manager.userId, partner_org_ids: [a.eliaReferent.orgId] }).execute();
    for (const h of await tx.selectFrom('households').select('id').orderBy('reference').execute()) {
      const ten = await householdTenancy(tx, h.id as string);
      if (ten?.residenceName && ten.dwellingReference) {
        residence = ten.dwellingReference;
        return ten.id;
      }
    }
    throw new Error('no household with a dwelling');
  });
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Départ du domicile.', confidentialAddress: true });
  if (!opened.ok) throw new Error('open');
  caseId = opened.caseId;
  await assignAdviser(t.database.db, a.adviserA, caseId, a.adviserB.userId);
});

const sees = async (who: string) => {
  const r = await readCase(t.database.db, a[who], caseId);
  if (!r.ok) throw new Error(`${who} cannot read`);
  return { visible: r.detail.addressVisible, dwelling: r.detail.household.dwellingReference };
};

describe('a confidential address is shown only to the people named on the case', () => {
  it('the adviser who marked it sees it; the other assigned adviser and the programme manager do not', async () => {
    expect(await sees('adviserA')).toEqual({ visible: true, dwelling: residence });
    expect(await sees('adviserB')).toEqual({ visible: false, dwelling: null });
    expect(await sees('manager')).toEqual({ visible: false, dwelling: null });
  });

  it('someone not named can neither lift the mark nor name themselves; a named person names and un-names a follower', async () => {
    expect(await setConfidentialAddress(t.database.db, a.adviserB, caseId, false)).toMatchObject({ ok: false, status: 403 });
    expect(await nameAddressReader(t.database.db, a.adviserB, caseId, a.adviserB.userId, true)).toMatchObject({ ok: false, status: 403 });
    expect(await nameAddressReader(t.database.db, a.adviserA, caseId, a.concierge.userId, true)).toMatchObject({ ok: false, status: 422, errors: { readerId: 'support.address.notFollower' } });
    expect(await nameAddressReader(t.database.db, a.adviserA, caseId, a.adviserB.userId, true)).toEqual({ ok: true });
    expect(await sees('adviserB')).toEqual({ visible: true, dwelling: residence });
    expect((await nameAddressReader(t.database.db, a.adviserA, caseId, a.adviserB.userId, false)).ok).toBe(true);
    expect(await sees('adviserB')).toEqual({ visible: false, dwelling: null });
  });

  it('a team member who follows the programme still does not see it unless named', async () => {
    const programmeId = await withTenant(t.database.db, { orgId: a.manager.orgId, userId: a.manager.userId }, async (tx) => (await tx.selectFrom('support_cases').select('programme_id').where('id', '=', caseId).executeTakeFirstOrThrow()).programme_id as string);
    expect((await addTeamMember(t.database.db, a.manager, programmeId, a.adviserB.userId)).ok).toBe(true);
    expect(await sees('adviserB')).toEqual({ visible: false, dwelling: null });
  });

  it('never leaves in a partner’s referral, even when the dwelling is ticked by a named adviser', async () => {
    const r = await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: a.eliaReferent.orgId as string, fields: ['dwelling', 'household_size'], purpose: 'Hébergement', consentUntil: addDays(parisToday(), 5), consent: 'on' });
    if (!r.ok) throw new Error('refer');
    const seen = await referralsForPartner(t.database.db, a.eliaReferent);
    const mine = seen.ok ? seen.referrals.find((x) => x.id === r.referralId) : undefined;
    expect(mine?.shared.dwelling).toBeNull();
    expect(JSON.stringify(mine)).not.toContain(residence);
  });

  it('the new-case page finds the household for a named adviser only, by search or by its id in the address', async () => {
    const [h] = (await t.database.owner.query('select h.id, h.name, h.reference from households h join support_cases c on c.household_id = h.id where c.id = $1', [caseId])).rows;
    const named = t.client();
    await named.signIn(LOGIREM.adviserA);
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    // The household's id is in the search's choices and in the chosen household's form, and nowhere else on the page.
    expect(await (await named.get(`/support/cases/new?q=${encodeURIComponent(h.reference)}`)).text()).toContain(h.id);
    expect(await (await named.get(`/support/cases/new?householdId=${h.id}`)).text()).toContain(h.name);
    const searched = await other.get(`/support/cases/new?q=${encodeURIComponent(h.reference)}`);
    expect(searched.status).toBe(200);
    expect(await searched.text()).not.toContain(h.id);
    const byId = await (await other.get(`/support/cases/new?householdId=${h.id}`)).text();
    expect(byId).not.toContain(`— ${h.reference} (`);
    expect(byId).not.toContain(`value="${h.id}"`);
  });

  it('over HTTP: the case page shows it to the named adviser only, the other adviser cannot lift the mark; every change is audited', async () => {
    const named = t.client();
    await named.signIn(LOGIREM.adviserA);
    expect(await (await named.get(`/support/cases/${caseId}`)).text()).toContain(residence);
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    const page = await (await other.get(`/support/cases/${caseId}`)).text();
    expect(page).not.toContain(residence);
    expect(page).toContain('Adresse confidentielle');
    const lift = await other.post(`/support/cases/${caseId}/address`, { confidential: 'off' });
    expect(lift.status).toBe(403);
    const events = await withTenant(t.database.db, { orgId: a.adviserA.orgId }, (tx) => tx.selectFrom('audit_events').select('action').where('target_id', '=', caseId).where('action', 'like', 'support.address.%').orderBy('id').execute());
    expect(events.map((e) => e.action)).toEqual(['support.address.name', 'support.address.unname']);
    // Lifting the mark by the named adviser shows it to the others again.
    expect((await named.post(`/support/cases/${caseId}/address`, { confidential: 'off' })).status).toBe(303);
    expect(await sees('adviserB')).toEqual({ visible: true, dwelling: residence });
  });
});
