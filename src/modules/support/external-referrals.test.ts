import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { testApp } from '../../../test/app.js';
import { openCase } from './commands/open-case.js';
import { addDays, parisToday } from './domain/local-date.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let caseId: string;
let householdName: string;
const situation = 'Séparation récente, hébergée chez une amie.';

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  const { programmeId, household } = await withTenant(t.database.db, { orgId: adviser.orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string,
    household: await tx.selectFrom('households').select(['id', 'name']).orderBy('reference').executeTakeFirstOrThrow(),
  }));
  householdName = household.name as string;
  const r = await openCase(t.database.db, adviser, { programmeId, householdId: household.id as string, situation, confidentialAddress: false });
  if (!r.ok) throw new Error('open');
  caseId = r.caseId;
});

const form = (over: Record<string, string> = {}) => ({ association: 'Secours Solidaire 13', contact: '04 91 00 00 00', extFields: 'household_name', extPurpose: 'Aide alimentaire', extUntil: addDays(parisToday(), 30), extConsent: 'on', ...over });

describe('referral to an association not on Palier', () => {
  it('refuses without consent or association, with the messages and the values kept; nothing recorded', async () => {
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const res = await b.post(`/support/cases/${caseId}/external-referrals`, form({ extConsent: '', association: '' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Confirmez que la personne a donné son accord.');
    expect(html).toContain('value="Aide alimentaire"');
    const n = await withTenant(t.database.db, { orgId: adviser.orgId, userId: adviser.userId }, (tx) => tx.selectFrom('support_external_referrals').select('id').execute());
    expect(n).toHaveLength(0);
  });

  it('prints a sheet (HTML and PDF) with only the consented fields, audited; records the answer once', async () => {
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect((await b.post(`/support/cases/${caseId}/external-referrals`, form())).status).toBe(303);
    const ref = await withTenant(t.database.db, { orgId: adviser.orgId, userId: adviser.userId }, (tx) => tx.selectFrom('support_external_referrals').select(['id', 'shared']).executeTakeFirstOrThrow());
    expect(Object.keys(ref.shared as object).sort()).toEqual(['household_name', 'programme', 'reference']);
    const sheet = await b.get(`/support/cases/${caseId}/external-referrals/${ref.id}/sheet`);
    expect(sheet.status).toBe(200);
    const html = await sheet.text();
    expect(html).toContain(householdName);
    expect(html).toContain('Secours Solidaire 13');
    expect(html).not.toContain(situation);
    const pdf = await b.get(`/support/cases/${caseId}/external-referrals/${ref.id}/sheet.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('attachment');
    const text = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(text.startsWith('%PDF')).toBe(true);
    expect(text).not.toContain('hébergée');
    // The answer: a choice is required, then it is recorded once.
    expect((await b.post(`/support/cases/${caseId}/external-referrals/${ref.id}/answer`, {})).status).toBe(422);
    expect((await b.post(`/support/cases/${caseId}/external-referrals/${ref.id}/answer`, { answerStatus: 'accepted', [`answer-${ref.id}`]: 'Rendez-vous le 12.' })).status).toBe(303);
    expect((await b.post(`/support/cases/${caseId}/external-referrals/${ref.id}/answer`, { answerStatus: 'declined' })).status).toBe(409);
    const page = await (await b.get(`/support/cases/${caseId}`)).text();
    expect(page).toContain('Acceptée');
    expect(page).toContain('Rendez-vous le 12.');
    const trail = await withTenant(t.database.db, { orgId: adviser.orgId }, (tx) => tx.selectFrom('audit_events').select(['action', 'details']).where('target_id', '=', caseId).where('action', 'like', 'support.external_referral.%').orderBy('id').execute());
    expect(trail.map((e) => e.action)).toEqual(['support.external_referral.create', 'support.external_referral.sheet', 'support.external_referral.sheet', 'support.external_referral.answer']);
    expect(JSON.stringify(trail)).not.toContain(householdName);
  });

  it('another adviser, the administrator and an unknown referral get 404/403', async () => {
    const ref = await withTenant(t.database.db, { orgId: adviser.orgId, userId: adviser.userId }, (tx) => tx.selectFrom('support_external_referrals').select('id').executeTakeFirstOrThrow());
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    expect((await other.get(`/support/cases/${caseId}/external-referrals/${ref.id}/sheet`)).status).toBe(404);
    expect((await other.get(`/support/cases/${caseId}/external-referrals/${ref.id}/sheet.pdf`)).status).toBe(404);
    const admin = t.client();
    await admin.signIn(LOGIREM.admin);
    expect((await admin.get(`/support/cases/${caseId}/external-referrals/${ref.id}/sheet`)).status).toBe(403);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect((await b.get(`/support/cases/${caseId}/external-referrals/${caseId}/sheet`)).status).toBe(404);
  });
});
