import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { changeCaseStatus } from './commands/case-actions.js';
import { answerEligibility } from './commands/eligibility.js';
import { nominate } from './commands/nominate.js';
import { openCase } from './commands/open-case.js';
import { referralsForPartner, referToPartner } from './commands/referrals.js';
import { addDays, parisToday } from './domain/local-date.js';
import { programmeOverview } from './queries/overview.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;
let onboardingId: string;
let rentAidId: string;
let households: string[];
const QUESTIONS = ['Le foyer est-il locataire depuis plus de 6 mois ?', 'Le foyer a-t-il un impayé de loyer ?', 'La personne accepte-t-elle un accompagnement ?'];

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.adviserA.orgId as string;
  ({ onboardingId, rentAidId, households } = await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx.updateTable('support_programmes').set({ eligibility: JSON.stringify(QUESTIONS) }).where('kind', 'in', ['onboarding', 'rent_aid']).execute();
    return {
      onboardingId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string,
      rentAidId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
      households: (await tx.selectFrom('households').select('id').orderBy('reference').limit(4).execute()).map((h) => h.id as string),
    };
  }));
});

async function open(programmeId: string, household: number, eligibility?: { question: number; answer: string }[]) {
  const r = await openCase(t.database.db, a.adviserA, { programmeId, householdId: households[household], situation: 'Situation', confidentialAddress: false, eligibility });
  if (!r.ok) throw new Error(`open: ${JSON.stringify(r)}`);
  return r.caseId;
}
const seenBy = (orgOf: Actor, caseId: string) =>
  withTenant(t.database.db, { orgId: orgOf.orgId, userId: orgOf.userId }, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from support_eligibility_answers where case_id = ${caseId}`.execute(tx)).rows[0].n);

describe('eligibility answers on a case', () => {
  it('are stored at opening and when corrected, audited by question (never the answer), and shown to the case’s adviser', async () => {
    const caseId = await open(onboardingId, 0, [{ question: 0, answer: 'yes' }, { question: 1, answer: 'unknown' }]);
    expect((await answerEligibility(t.database.db, a.adviserA, caseId, [{ question: 1, answer: 'no' }], false)).ok).toBe(true);
    const read = await readCase(t.database.db, a.adviserA, caseId);
    if (!read.ok) throw new Error('read');
    expect(read.detail.eligibility.map((e) => [e.question_index, e.question, e.answer])).toEqual([
      [0, QUESTIONS[0], 'yes'],
      [1, QUESTIONS[1], 'no'],
    ]);
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'support.case.eligibility').where('target_id', '=', caseId).orderBy('id').execute());
    expect(trail.map((e) => e.details)).toEqual([{ questions: [0, 1] }, { questions: [1] }]);
  });

  it('refuses a question the programme does not have, and any answer but yes / no / unknown', async () => {
    const caseId = await open(onboardingId, 1);
    expect(await answerEligibility(t.database.db, a.adviserA, caseId, [{ question: 3, answer: 'yes' }], false)).toMatchObject({ ok: false, status: 422, errors: { eligibility: 'support.eligibility.unknownQuestion' } });
    expect(await answerEligibility(t.database.db, a.adviserA, caseId, [{ question: -1, answer: 'yes' }], false)).toMatchObject({ ok: false, status: 422 });
    expect(await answerEligibility(t.database.db, a.adviserA, caseId, [{ question: 0, answer: 'peut-être' }], false)).toMatchObject({ ok: false, status: 422, errors: { q0: 'support.eligibility.required' } });
    // Opening with a wrong index opens nothing.
    const refused = await openCase(t.database.db, a.adviserA, { programmeId: onboardingId, householdId: households[2], situation: '', confidentialAddress: false, eligibility: [{ question: 9, answer: 'no' }] });
    expect(refused).toMatchObject({ ok: false, status: 422 });
    expect(await seenBy(a.adviserA, caseId)).toBe(0);
  });

  it('are not readable by adviser B, the administrator, or a partner without a referral — in PostgreSQL and in the application', async () => {
    const caseId = await open(onboardingId, 2, [{ question: 0, answer: 'no' }, { question: 1, answer: 'yes' }, { question: 2, answer: 'yes' }]);
    expect(await seenBy(a.adviserA, caseId)).toBe(3);
    expect(await seenBy(a.manager, caseId)).toBe(3);
    for (const k of ['adviserB', 'admin', 'concierge', 'eliaReferent']) expect(await seenBy(a[k], caseId), k).toBe(0);
    expect(await readCase(t.database.db, a.adviserB, caseId)).toMatchObject({ ok: false, status: 404 });
    expect(await answerEligibility(t.database.db, a.adviserB, caseId, [{ question: 0, answer: 'yes' }], false)).toMatchObject({ ok: false, status: 404 });
    // A referral that does not include them keeps them home; one that does carries a copy.
    const elia = a.eliaReferent.orgId as string;
    const until = addDays(parisToday(), 20);
    expect((await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: elia, fields: ['household_size'], purpose: 'Sans éligibilité', consentUntil: until, consent: 'on' })).ok).toBe(true);
    let seen = await referralsForPartner(t.database.db, a.eliaReferent);
    if (!seen.ok) throw new Error('partner');
    expect(JSON.stringify(seen.referrals)).not.toContain(QUESTIONS[0]);
    expect((await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: elia, fields: ['eligibility'], purpose: 'Avec éligibilité', consentUntil: until, consent: 'on' })).ok).toBe(true);
    seen = await referralsForPartner(t.database.db, a.eliaReferent);
    if (!seen.ok) throw new Error('partner');
    const withAnswers = seen.referrals.find((r) => r.purpose === 'Avec éligibilité');
    expect(withAnswers?.shared.eligibility).toEqual([
      { question: QUESTIONS[0], answer: 'no' },
      { question: QUESTIONS[1], answer: 'yes' },
      { question: QUESTIONS[2], answer: 'yes' },
    ]);
    // The partner still never reads the answers table itself.
    expect(await seenBy(a.eliaReferent, caseId)).toBe(0);
  });

  it('are frozen once the case is closed', async () => {
    const caseId = await open(onboardingId, 3, [{ question: 0, answer: 'yes' }]);
    expect((await changeCaseStatus(t.database.db, a.adviserA, caseId, 'close', 'Accompagnement terminé')).ok).toBe(true);
    expect(await answerEligibility(t.database.db, a.adviserA, caseId, [{ question: 0, answer: 'no' }], false)).toMatchObject({ ok: false, status: 409 });
  });

  it('are summarised per question on the programme for its manager: how many cases answered no', async () => {
    const r = await programmeOverview(t.database.db, a.manager);
    if (!r.ok) throw new Error('overview');
    const onboarding = r.programmes.find((p) => p.id === onboardingId);
    // Cases above: Q1 yes (case 0), yes (case 2), yes (case 3); Q2 no (0), yes (2); Q3 yes (2).
    expect(onboarding?.answers).toEqual([
      { question: QUESTIONS[0], yes: 2, no: 1, unknown: 0 },
      { question: QUESTIONS[1], yes: 1, no: 1, unknown: 0 },
      { question: QUESTIONS[2], yes: 1, no: 0, unknown: 0 },
    ]);
    const asAdviser = await programmeOverview(t.database.db, a.adviserB);
    expect(asAdviser.ok && asAdviser.programmes.find((p) => p.id === onboardingId)?.answers).toEqual([]);
  });

  it('a nomination for ASQ needs every question answered (given with it or before)', async () => {
    const caseId = await open(rentAidId, 0);
    const facts = { hardship: 'job_loss' as const, resources: 90_000, facts: 'Licenciement économique en octobre.' };
    expect(await nominate(t.database.db, a.adviserA, caseId, facts, [{ question: 0, answer: 'yes' }])).toMatchObject({ ok: false, status: 422, errors: { q1: 'support.eligibility.required', q2: 'support.eligibility.required' } });
    const ok = await nominate(t.database.db, a.adviserA, caseId, facts, [
      { question: 0, answer: 'yes' },
      { question: 1, answer: 'yes' },
      { question: 2, answer: 'unknown' },
    ]);
    expect(ok.ok).toBe(true);
    expect(await seenBy(a.adviserA, caseId)).toBe(3);
  });

  it('over HTTP: the case page asks each question; a missing answer re-renders the form with its error, kept values', async () => {
    const caseId = await open(onboardingId, 1);
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const page = await (await client.get(`/support/cases/${caseId}`)).text();
    expect(page).toContain(QUESTIONS[2]);
    expect(page).toContain('name="q2"');
    const missing = await client.post(`/support/cases/${caseId}/eligibility`, { q0: 'yes', q1: 'no' });
    expect(missing.status).toBe(422);
    const body = await missing.text();
    expect(body).toContain('Répondez à cette question');
    expect(body).toMatch(/value="yes" id="f-q0" checked/);
    const saved = await client.post(`/support/cases/${caseId}/eligibility`, { q0: 'yes', q1: 'no', q2: 'unknown' });
    expect(saved.status).toBe(303);
    const after = await (await client.get(`/support/cases/${caseId}`)).text();
    expect(after).toContain('Ne sait pas');
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    expect((await other.post(`/support/cases/${caseId}/eligibility`, { q0: 'no', q1: 'no', q2: 'no' })).status).toBe(404);
  });
});
