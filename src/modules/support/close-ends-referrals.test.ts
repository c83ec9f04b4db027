import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { openCase } from './commands/open-case.js';
import { referralsForPartner, referToPartner } from './commands/referrals.js';
import { addDays, parisToday } from './domain/local-date.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * The person consented to share with a partner for this follow-up: when the case is closed, the association's
 * access stops in the same transaction (it no longer waits for the consent's last day), and it is told.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let referent: Actor;
let programmeId: string;
let household: string;

const owner = (q: string, v: unknown[] = []) => t.database.owner.query(q, v);

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  programmeId = randomUUID();
  await owner(
    `insert into support_programmes (id, organisation_id, kind, name, sensitivity, partner_org_ids, legal_basis, notice) values ($1, $2, 'generic', 'Accompagnement (clôture)', 'normal', $3::uuid[], 'Test', 'Test')`,
    [programmeId, adviser.orgId, [referent.orgId]],
  );
  household = (
    await owner(
      `select o.household_id::text as id from occupancies o join dwellings d on d.id = o.dwelling_id join residences r on r.id = d.residence_id
        where r.organisation_id = $1 and o.ends_on is null and not exists (select 1 from support_cases c where c.household_id = o.household_id) order by 1 limit 1`,
      [adviser.orgId],
    )
  ).rows[0].id;
});

async function referredCase(): Promise<{ caseId: string; referralId: string }> {
  const opened = await openCase(t.database.db, adviser, { programmeId, householdId: household, situation: 'Recherche d’un hébergement temporaire.', confidentialAddress: false });
  if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
  const r = await referToPartner(t.database.db, adviser, opened.caseId, { partnerId: referent.orgId as string, fields: ['household_size'], purpose: 'Hébergement', consentUntil: addDays(parisToday(), 90), consent: 'on' });
  if (!r.ok) throw new Error(`refer: ${JSON.stringify(r)}`);
  return { caseId: opened.caseId, referralId: r.referralId };
}

const partnerSees = async (referralId: string) => {
  const seen = await referralsForPartner(t.database.db, referent);
  return seen.ok && seen.referrals.some((x) => x.id === referralId);
};

describe('closing a case ends its referrals to partners', () => {
  it('through the case page: the referral ends with the closure, the partner loses the case at once, the end is audited as the closure’s', async () => {
    const { caseId, referralId } = await referredCase();
    expect(await partnerSees(referralId)).toBe(true);
    const browser = t.client();
    await browser.signIn(LOGIREM.adviserA);
    const res = await browser.post(`/support/cases/${caseId}/close`, { outcome: 'Relogée, accompagnement terminé.' });
    expect(res.status).toBe(303);
    expect((await owner('select status, closed_at is not null as closed from support_referrals where id = $1', [referralId])).rows).toEqual([{ status: 'ended', closed: true }]);
    expect(await partnerSees(referralId)).toBe(false);
    const trail = (await owner(`select details from audit_events where action = 'support.referral.ended' and target_id = $1`, [caseId])).rows;
    expect(trail).toEqual([{ details: { referral: referralId, why: 'closed' } }]);
  });

  it('through the API: the same; a closure refused (already closed) ends nothing more', async () => {
    const { caseId, referralId } = await referredCase();
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const close = () => t.app.request(`/api/v1/support/cases/${caseId}/close`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'Situation stabilisée.' }) });
    expect((await close()).status).toBe(200);
    expect((await owner('select status from support_referrals where id = $1', [referralId])).rows).toEqual([{ status: 'ended' }]);
    expect(await partnerSees(referralId)).toBe(false);
    expect((await close()).status).toBe(409);
    expect(Number((await owner(`select count(*) from audit_events where action = 'support.referral.ended' and target_id = $1`, [caseId])).rows[0].count)).toBe(1);
  });
});
