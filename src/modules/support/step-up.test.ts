import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor.js';
import { currentTotp, newTotpSecret } from '../../platform/auth/totp.js';
import { withTenant } from '../../platform/db/tenant.js';
import { type Client, testApp } from '../../../test/app.js';
import { openCase } from './commands/open-case.js';
import { stepUpDecision, stepUpNext } from './domain/step-up.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let secret: string;
let sensitiveCase: string;
let normalCase: string;

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  const orgId = adviser.orgId as string;
  const ids = { sensitive: randomUUID(), normal: randomUUID() };
  const householdId = await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx.insertInto('support_programmes').values({ id: ids.sensitive, organisation_id: orgId, kind: 'mental_health', name: 'Santé mentale (test)', sensitivity: 'highly_sensitive' }).execute();
    await tx.insertInto('support_programmes').values({ id: ids.normal, organisation_id: orgId, kind: 'onboarding', name: 'Accueil (test)', sensitivity: 'normal' }).execute();
    return (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string;
  });
  const open = async (programmeId: string) => {
    const r = await openCase(t.database.db, adviser, { programmeId, householdId, situation: 'Suivi.', confidentialAddress: false });
    if (!r.ok) throw new Error('open');
    return r.caseId;
  };
  sensitiveCase = await open(ids.sensitive);
  normalCase = await open(ids.normal);
  secret = newTotpSecret();
  await t.database.db.updateTable('users').set({ totp_secret: secret, totp_enabled: true }).where('id', '=', adviser.userId).execute();
});

/** Signs in with the password and the sign-in code, as the adviser does every morning. */
async function signedIn(): Promise<Client> {
  const b = t.client();
  await b.signIn(LOGIREM.adviserA);
  const verified = await b.post('/signin/verify', { code: currentTotp(secret), next: '/' });
  expect(verified.status).toBe(303);
  return b;
}

describe('the rule', () => {
  it('normal programmes never ask; sensitive ones ask whoever has a second factor, and in production send the others to enrol', () => {
    for (const sensitivity of ['sensitive', 'highly_sensitive']) {
      expect(stepUpDecision({ sensitivity, totpEnabled: true, steppedUp: false, production: false })).toBe('verify');
      expect(stepUpDecision({ sensitivity, totpEnabled: true, steppedUp: true, production: true, minutesSinceStepUp: 1 })).toBe('ok');
      expect(stepUpDecision({ sensitivity, totpEnabled: false, steppedUp: false, production: true })).toBe('enrol');
      expect(stepUpDecision({ sensitivity, totpEnabled: false, steppedUp: false, production: false })).toBe('ok');
    }
    expect(stepUpDecision({ sensitivity: 'normal', totpEnabled: false, steppedUp: false, production: true })).toBe('ok');
  });

  it('a step-up opens sensitive cases for the session, highly sensitive ones for 15 minutes only', () => {
    const at = (sensitivity: string, minutes: number) => stepUpDecision({ sensitivity, totpEnabled: true, steppedUp: true, production: true, minutesSinceStepUp: minutes });
    expect(at('sensitive', 600)).toBe('ok');
    expect(at('highly_sensitive', 14.9)).toBe('ok');
    expect(at('highly_sensitive', 15.1)).toBe('verify');
  });

  it('goes back only to a case page', () => {
    expect(stepUpNext(`/support/cases/${sensitiveCase}`)).toBe(`/support/cases/${sensitiveCase}`);
    for (const bad of ['https://evil.example/', '//evil.example', '/support/cases/x/../../admin', undefined]) expect(stepUpNext(bad)).toBe('/support/cases');
  });
});

describe('step-up before a sensitive case, over HTTP', () => {
  it('asks for a code before the case opens (pages and actions), refuses a wrong one, then lets the session in; recorded and audited', async () => {
    const b = await signedIn();
    const first = await b.get(`/support/cases/${sensitiveCase}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/support/verify?next=${encodeURIComponent(`/support/cases/${sensitiveCase}`)}`);
    // An action on the case is stopped the same way: nothing written.
    expect((await b.post(`/support/cases/${sensitiveCase}/notes`, { body: 'Appel.' })).status).toBe(303);
    // …and so is the API called from the same browser session.
    const api = await b.get(`/api/v1/support/cases/${sensitiveCase}`);
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: 'forbidden' });
    const form = await b.get(`/support/verify?next=/support/cases/${sensitiveCase}`);
    expect(form.status).toBe(200);
    const wrong = await b.post('/support/verify', { code: '000000', next: `/support/cases/${sensitiveCase}` });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Ce code n’est pas valide.');
    const ok = await b.post('/support/verify', { code: currentTotp(secret), next: `/support/cases/${sensitiveCase}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/support/cases/${sensitiveCase}`);
    expect((await b.get(`/support/cases/${sensitiveCase}`)).status).toBe(200);
    expect((await b.get(`/api/v1/support/cases/${sensitiveCase}`)).status).toBe(200);
    const notes = await withTenant(t.database.db, { orgId: adviser.orgId, userId: adviser.userId }, (tx) => tx.selectFrom('support_case_notes').select('body').where('case_id', '=', sensitiveCase).execute());
    expect(notes).toEqual([]);
    const events = await withTenant(t.database.db, { orgId: adviser.orgId }, (tx) => tx.selectFrom('audit_events').select(['action', 'target_id']).where('actor_user_id', '=', adviser.userId).where('action', 'like', 'support.step_up%').orderBy('id').execute());
    expect(events).toEqual([
      { action: 'support.step_up_failed', target_id: null },
      { action: 'support.step_up', target_id: sensitiveCase },
    ]);
  });

  it('is valid for that session only: a new sign-in asks again; a normal programme never asks', async () => {
    const b = await signedIn();
    expect((await b.get(`/support/cases/${normalCase}`)).status).toBe(200);
    expect((await b.get(`/support/cases/${sensitiveCase}`)).status).toBe(303);
  });

  it('on a highly sensitive programme the step-up lapses after 15 minutes: a code again, then the case opens', async () => {
    const b = await signedIn();
    expect((await b.post('/support/verify', { code: currentTotp(secret), next: `/support/cases/${sensitiveCase}` })).status).toBe(303);
    expect((await b.get(`/support/cases/${sensitiveCase}`)).status).toBe(200);
    // Twenty minutes later (the step-up's time moved back, as a clock would).
    await t.database.owner.query(`update support_step_ups set verified_at = now() - interval '20 minutes' where user_id = $1`, [adviser.userId]);
    const lapsed = await b.get(`/support/cases/${sensitiveCase}`);
    expect(lapsed.status).toBe(303);
    expect(lapsed.headers.get('location')).toContain('/support/verify');
    expect((await b.post('/support/verify', { code: currentTotp(secret), next: `/support/cases/${sensitiveCase}` })).status).toBe(303);
    expect((await b.get(`/support/cases/${sensitiveCase}`)).status).toBe(200);
  });

  it('five wrong codes lock the step-up for a while, even for the right code', async () => {
    const b = await signedIn();
    for (let i = 0; i < 5; i++) await b.post('/support/verify', { code: '123456', next: '/support/cases' });
    const locked = await b.post('/support/verify', { code: currentTotp(secret), next: '/support/cases' });
    expect(locked.status).toBe(422);
    expect(await locked.text()).toContain('Trop d’essais.');
  });
});
