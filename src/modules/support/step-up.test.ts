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

describe('step-up before a commission session of a sensitive programme', () => {
  let member: Actor;
  let memberSecret: string;
  let sensitiveSession: string;
  let normalSession: string;

  beforeAll(async () => {
    member = await actorFor(t.database.db, LOGIREM.member1);
    const orgId = member.orgId as string;
    const normalProgramme = randomUUID();
    normalSession = randomUUID();
    sensitiveSession = await withTenant(t.database.db, { orgId }, async (tx) => {
      // The demo's ASQ programme is sensitive: its sessions hold households' rent, resources and situation.
      const s = await tx
        .selectFrom('support_sessions as s')
        .innerJoin('support_programmes as p', 'p.id', 's.programme_id')
        .innerJoin('support_session_members as m', 'm.session_id', 's.id')
        .select('s.id')
        .where('p.sensitivity', '=', 'sensitive')
        .where('m.user_id', '=', member.userId)
        .orderBy('s.held_on')
        .executeTakeFirstOrThrow();
      await tx.insertInto('support_programmes').values({ id: normalProgramme, organisation_id: orgId, kind: 'rent_aid', name: 'Aide ponctuelle (test)', sensitivity: 'normal' }).execute();
      await tx.insertInto('support_sessions').values({ id: normalSession, organisation_id: orgId, programme_id: normalProgramme, held_on: '2027-03-04', cutoff_on: '2027-02-25', quorum: 1 }).execute();
      await tx.insertInto('support_session_members').values({ organisation_id: orgId, session_id: normalSession, user_id: member.userId }).execute();
      return s.id as string;
    });
    memberSecret = newTotpSecret();
    await t.database.db.updateTable('users').set({ totp_secret: memberSecret, totp_enabled: true }).where('id', '=', member.userId).execute();
  });

  async function memberSignedIn(): Promise<Client> {
    const b = t.client();
    await b.signIn(LOGIREM.member1);
    expect((await b.post('/signin/verify', { code: currentTotp(memberSecret), next: '/' })).status).toBe(303);
    return b;
  }

  it('asks a commission member for a code before the session, its dossiers, minutes and decisions (pages and API); then lets the session in; audited on the session', async () => {
    const b = await memberSignedIn();
    const page = `/support/sessions/${sensitiveSession}`;
    // The list of sessions shows dates and programmes only: no code needed.
    expect((await b.get('/support/sessions')).status).toBe(200);
    for (const path of [page, `${page}/minutes`, `${page}/minutes.pdf`]) {
      const res = await b.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/support/verify?next=${encodeURIComponent(page)}`);
    }
    // A decision posted before the code is stopped too: nothing decided.
    const dossier = randomUUID();
    expect((await b.post(`${page}/dossiers/${dossier}`, { outcome: 'refused', reason: 'x' })).status).toBe(303);
    expect((await b.get(`/api/v1/support/sessions/${sensitiveSession}`)).status).toBe(403);
    // The commission member has no case permission, yet reaches the code's page, which speaks of the session.
    const form = await b.get(`/support/verify?next=${encodeURIComponent(page)}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Cette séance de commission examine les dossiers d’un programme sensible.');
    expect(html).toContain('href="/support/sessions"');
    expect((await b.post('/support/verify', { code: '000000', next: page })).status).toBe(422);
    const ok = await b.post('/support/verify', { code: currentTotp(memberSecret), next: page });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(page);
    expect((await b.get(page)).status).toBe(200);
    expect((await b.get(`${page}/minutes`)).status).toBe(200);
    expect((await b.get(`/api/v1/support/sessions/${sensitiveSession}`)).status).toBe(200);
    const events = await withTenant(t.database.db, { orgId: member.orgId }, (tx) =>
      tx.selectFrom('audit_events').select(['action', 'target_type', 'target_id']).where('actor_user_id', '=', member.userId).where('action', 'like', 'support.step_up%').orderBy('id').execute(),
    );
    expect(events).toEqual([
      { action: 'support.step_up_failed', target_type: null, target_id: null },
      { action: 'support.step_up', target_type: 'support_session', target_id: sensitiveSession },
    ]);
  });

  it('a session of a normal programme never asks; a new sign-in asks again for the sensitive one', async () => {
    const b = await memberSignedIn();
    expect((await b.get(`/support/sessions/${normalSession}`)).status).toBe(200);
    expect((await b.get(`/support/sessions/${sensitiveSession}`)).status).toBe(303);
  });

  it('a decision correction from a browser session is held at the gate until the code is given', async () => {
    // An adjourned decision on the demo's ready ASQ dossier, written as the owner (the test's own fixture).
    const decisionId = randomUUID();
    await t.database.owner.query(
      `insert into support_decisions (id, organisation_id, session_id, dossier_id, case_id, programme_id, outcome)
       select $1, d.organisation_id, $2, d.id, d.case_id, d.programme_id, 'adjourned' from support_dossiers d
       join support_programmes p on p.id = d.programme_id where p.sensitivity = 'sensitive' limit 1`,
      [decisionId, sensitiveSession],
    );
    const decision = { id: decisionId };
    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    const managerActor = await actorFor(t.database.db, LOGIREM.manager);
    const managerSecret = newTotpSecret();
    await t.database.db.updateTable('users').set({ totp_secret: managerSecret, totp_enabled: true }).where('id', '=', managerActor.userId).execute();
    const res = await manager.post(`/api/v1/support/decisions/${decision.id}/correct`, {});
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
  });

  it('goes back to a session page after the code, nothing else', () => {
    expect(stepUpNext(`/support/sessions/${sensitiveSession}`)).toBe(`/support/sessions/${sensitiveSession}`);
    expect(stepUpNext(`/support/sessions/${sensitiveSession}/minutes.pdf`)).toBe('/support/cases');
  });
});
