import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { referralsForPartner } from './commands/referrals.js';
import { addDays, parisToday } from './domain/local-date.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;
const programme: Record<string, string> = {};
let households: string[];

async function tokenFor(owner: Actor, scopes: string[]): Promise<string> {
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Logiciel de suivi', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: owner.userId }).execute(),
  );
  return secret;
}
const post = (path: string, secret: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.adviserA.orgId as string;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx.updateTable('support_programmes').set({ eligibility: JSON.stringify(['Locataire depuis plus de 6 mois ?']) }).where('kind', '=', 'onboarding').execute();
    for (const s of ['normal', 'sensitive', 'highly_sensitive']) {
      const kind = s === 'normal' ? 'onboarding' : undefined;
      let q = tx.selectFrom('support_programmes').select('id').where('sensitivity', '=', s);
      if (kind) q = q.where('kind', '=', kind);
      programme[s] = (await q.orderBy('name').executeTakeFirstOrThrow()).id as string;
    }
    households = (await tx.selectFrom('households').select('id').orderBy('reference').limit(3).execute()).map((h) => h.id as string);
  });
});

describe('/api/v1/support writes with a token', () => {
  it('opens a case (201), once per Idempotency-Key (200 with the same case), with eligibility answers; a bad question is 422', async () => {
    const token = await tokenFor(a.adviserA, ['support.cases.write', 'support.cases.read']);
    const body = { programmeId: programme.normal, householdId: households[0], situation: 'Arrivée en novembre', eligibility: [{ question: 0, answer: 'yes' }] };
    const first = await post('/api/v1/support/cases', token, body, { 'Idempotency-Key': 'open-case-0001' });
    expect(first.status).toBe(201);
    const made = await first.json();
    expect(made.reference).toMatch(/^ACC-/);
    const again = await post('/api/v1/support/cases', token, body, { 'Idempotency-Key': 'open-case-0001' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(made.id);
    const count = await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.selectFrom('support_cases').select(sql<number>`count(*)::int`.as('n')).where('situation', '=', 'Arrivée en novembre').executeTakeFirstOrThrow());
    expect(count.n).toBe(1);
    const answers = await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.selectFrom('support_eligibility_answers').select('answer').where('case_id', '=', made.id).execute());
    expect(answers).toEqual([{ answer: 'yes' }]);
    const wrong = await post('/api/v1/support/cases', token, { ...body, householdId: households[1], eligibility: [{ question: 4, answer: 'no' }] });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).fields.eligibility).toBe('Cette question n’existe pas dans le programme.');
    expect((await post('/api/v1/support/cases', token, body, { 'Idempotency-Key': 'short' })).status).toBe(400);
    expect((await post('/api/v1/support/cases', token, { householdId: 'x' })).status).toBe(422);
    // A token without the write scope is refused before anything happens; one without the read scope cannot write on a case.
    const readOnly = await tokenFor(a.adviserA, ['support.cases.read']);
    expect((await post('/api/v1/support/cases', readOnly, body)).status).toBe(403);
    const writeOnly = await tokenFor(a.adviserA, ['support.cases.write']);
    expect((await post(`/api/v1/support/cases/${made.id}/notes`, writeOnly, { body: 'Note' })).status).toBe(403);
  });

  it('completes a step, adds a note, refers with consent and revokes — the partner’s access ends at once', async () => {
    const opened = await openCase(t.database.db, a.adviserA, { programmeId: programme.normal, householdId: households[2], situation: 'Suivi', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const id = opened.caseId;
    const token = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write']);
    const step = await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.selectFrom('support_case_steps').select('id').where('case_id', '=', id).orderBy('due_on').executeTakeFirstOrThrow());
    expect((await post(`/api/v1/support/cases/${id}/steps/${step.id}/complete`, token)).status).toBe(200);
    expect((await post(`/api/v1/support/cases/${id}/steps/${step.id}/complete`, token)).status).toBe(409);
    expect((await post(`/api/v1/support/cases/${id}/notes`, token, { body: 'Appel du foyer, rendez-vous fixé.' })).status).toBe(201);
    expect((await post(`/api/v1/support/cases/${id}/notes`, token, { body: '' })).status).toBe(422);
    const referral = { partnerId: a.eliaReferent.orgId, fields: ['household_size'], purpose: 'Accompagnement budgétaire', consentUntil: addDays(parisToday(), 30), consent: true };
    expect((await post(`/api/v1/support/cases/${id}/referrals`, token, { ...referral, consent: false })).status).toBe(422);
    const made = await post(`/api/v1/support/cases/${id}/referrals`, token, referral, { 'Idempotency-Key': 'referral-0001' });
    expect(made.status).toBe(201);
    const { id: referralId } = await made.json();
    const replay = await post(`/api/v1/support/cases/${id}/referrals`, token, referral, { 'Idempotency-Key': 'referral-0001' });
    expect([replay.status, (await replay.json()).id]).toEqual([200, referralId]);
    const seen = await referralsForPartner(t.database.db, a.eliaReferent);
    expect(seen.ok && seen.referrals.map((r) => r.id)).toContain(referralId);
    expect((await post(`/api/v1/support/cases/${id}/referrals/${referralId}/revoke`, token)).status).toBe(200);
    const after = await referralsForPartner(t.database.db, a.eliaReferent);
    expect(after.ok && after.referrals.map((r) => r.id)).not.toContain(referralId);
    expect((await post(`/api/v1/support/cases/${id}/referrals/${referralId}/revoke`, token)).status).toBe(409);
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('action').where('target_id', '=', id).execute());
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['support.case.step', 'support.case.note', 'support.referral.create', 'support.referral.revoked']));
  });

  it('moves an adaptation request to its next stage (409 for an event that does not apply) and closes a case once; a highly sensitive sliding lease does not move by token', async () => {
    const ids = await withTenant(t.database.db, { orgId }, async (tx) => ({
      adaptation: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'housing_adaptation').where('sensitivity', '=', 'sensitive').executeTakeFirstOrThrow()).id as string,
      lease: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'sliding_lease').where('sensitivity', '=', 'highly_sensitive').executeTakeFirstOrThrow()).id as string,
    }));
    const token = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write', 'support.cases.sensitive']);
    const open = async (programmeId: string) => {
      const r = await openCase(t.database.db, a.adviserA, { programmeId, householdId: households[0], situation: 'Suivi', confidentialAddress: false });
      if (!r.ok) throw new Error('open');
      return r.caseId;
    };
    const id = await open(ids.adaptation);
    expect((await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'complete' })).status).toBe(409);
    const moved = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'assess' });
    expect([moved.status, await moved.json()]).toEqual([200, { stage: 'assessed' }]);
    expect((await post(`/api/v1/support/cases/${id}/close`, token, { outcome: '' })).status).toBe(422);
    expect((await post(`/api/v1/support/cases/${id}/close`, token, { outcome: 'Travaux pris en charge ailleurs' })).status).toBe(200);
    expect((await post(`/api/v1/support/cases/${id}/close`, token, { outcome: 'Encore' })).status).toBe(409);
    const lease = await open(ids.lease);
    expect((await post(`/api/v1/support/cases/${lease}/stage`, token, { event: 'review_3m' })).status).toBe(403);
  });

  it('need-to-know holds: adviser B’s token gets 404 on adviser A’s case, the administrator’s 403', async () => {
    const opened = await openCase(t.database.db, a.adviserA, { programmeId: programme.normal, householdId: households[1], situation: 'Suivi', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const b = await tokenFor(a.adviserB, ['support.cases.read', 'support.cases.write']);
    expect((await post(`/api/v1/support/cases/${opened.caseId}/notes`, b, { body: 'Intrusion' })).status).toBe(404);
    const admin = await tokenFor(a.admin, ['support.cases.read', 'support.cases.write']);
    expect((await post(`/api/v1/support/cases/${opened.caseId}/notes`, admin, { body: 'Intrusion' })).status).toBe(403);
  });

  it('step-up for tokens: a sensitive programme needs the support.cases.sensitive scope; a highly sensitive one refuses every token write', async () => {
    const plain = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write']);
    const sensitive = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write', 'support.cases.sensitive']);
    const open = (p: string, householdId: string, secret: string) => post('/api/v1/support/cases', secret, { programmeId: p, householdId });
    const refused = await open(programme.sensitive, households[0], plain);
    expect(refused.status).toBe(403);
    expect((await refused.json()).fields.form).toMatch(/second facteur/);
    expect((await open(programme.sensitive, households[0], sensitive)).status).toBe(201);
    expect((await open(programme.highly_sensitive, households[0], sensitive)).status).toBe(403);
    // A highly sensitive case opened in the browser: the token cannot write on it either.
    const opened = await openCase(t.database.db, a.adviserA, { programmeId: programme.highly_sensitive, householdId: households[1], situation: 'Mise à l’abri', confidentialAddress: true });
    if (!opened.ok) throw new Error('open');
    expect((await post(`/api/v1/support/cases/${opened.caseId}/notes`, sensitive, { body: 'Note' })).status).toBe(403);
    const notes = await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.selectFrom('support_case_notes').select('id').where('case_id', '=', opened.caseId).execute());
    expect(notes).toEqual([]);
  });

  it('nominates a rent-aid case for the commission (201 with a code, 409 while it waits); lists partner commitments to the manager only', async () => {
    const rentAid = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string);
    const opened = await openCase(t.database.db, a.adviserA, { programmeId: rentAid, householdId: households[0], situation: 'Perte d’emploi', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const token = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write', 'support.cases.sensitive']);
    const body = { hardship: 'job_loss', resourcesCents: 95_000, facts: 'Licenciement économique, droits France Travail en cours.' };
    const made = await post(`/api/v1/support/cases/${opened.caseId}/nominate`, token, body);
    expect(made.status).toBe(201);
    expect((await made.json()).code).toMatch(/^D-/);
    expect((await post(`/api/v1/support/cases/${opened.caseId}/nominate`, token, body)).status).toBe(409);
    expect((await post(`/api/v1/support/cases/${opened.caseId}/nominate`, token, { ...body, hardship: 'lottery' })).status).toBe(422);

    const manager = await tokenFor(a.manager, ['support.quotas.manage']);
    const res = await t.app.request('/api/v1/support/quotas', { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data.length).toBeGreaterThan(0);
    expect(Object.keys(data[0]).sort()).toEqual(['behind', 'expected', 'given', 'group', 'id', 'label', 'partner', 'periodEnd', 'periodStart', 'places']);
    const [{ n }] = (await t.database.owner.query(`select count(*)::int as n from support_quotas where organisation_id = $1`, [orgId])).rows;
    expect(data.length).toBe(n);
    const adviser = await tokenFor(a.adviserA, ['support.cases.read']);
    expect((await t.app.request('/api/v1/support/quotas', { headers: { authorization: `Bearer ${adviser}` } })).status).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/support/cases/{id}/steps/{stepId}/complete',
        '/api/v1/support/cases/{id}/notes',
        '/api/v1/support/cases/{id}/stage',
        '/api/v1/support/cases/{id}/close',
        '/api/v1/support/cases/{id}/nominate',
        '/api/v1/support/quotas',
        '/api/v1/support/cases/{id}/eligibility',
        '/api/v1/support/cases/{id}/referrals',
        '/api/v1/support/cases/{id}/referrals/{referralId}/revoke',
      ]),
    );
    expect(doc.paths['/api/v1/support/cases'].post).toBeDefined();
  });
});
