import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { testApp } from '../../../test/app.js';
import { openCase } from './commands/open-case.js';
import { referralsForPartner, referToPartner } from './commands/referrals.js';
import { addTeamMember, removeTeamMember } from './commands/team.js';
import { addDays, parisToday } from './domain/local-date.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;
let programmeId: string;
let caseId: string;

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.adviserA.orgId as string;
  programmeId = randomUUID();
  const householdId = await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx
      .insertInto('support_programmes')
      .values({ id: programmeId, organisation_id: orgId, kind: 'domestic_violence', name: 'Relogement violences (test)', sensitivity: 'highly_sensitive', manager_user_id: a.manager.userId, partner_org_ids: [a.eliaReferent.orgId], steps: JSON.stringify([{ key: 'safety_plan', label: 'Plan de mise en sécurité', dueDays: 7 }]) })
      .execute();
    return (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string;
  });
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Mise à l’abri en urgence.', confidentialAddress: true });
  if (!opened.ok) throw new Error('open');
  caseId = opened.caseId;
});

/** What PostgreSQL itself shows a person in an organisation, whatever the application asks. */
async function seen(actor: Actor, table: string, where = sql`true`): Promise<number> {
  return withTenant(t.database.db, { orgId: actor.orgId, userId: actor.userId }, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(tx)).rows[0].n);
}

type Row = { who: string; db: number; app: number | true };
async function matrix(): Promise<Row[]> {
  const out: Row[] = [];
  for (const who of ['adviserA', 'adviserB', 'manager', 'admin', 'concierge', 'eliaReferent']) {
    const r = await readCase(t.database.db, a[who], caseId);
    out.push({ who, db: await seen(a[who], 'support_cases', sql`id = ${caseId}`), app: r.ok ? true : r.status });
  }
  return out;
}

describe('named team of a highly sensitive programme: need-to-know matrix (database and application)', () => {
  it('before any team: the assigned adviser and the manager only; the other adviser 404, the admin and the partner 403', async () => {
    expect(await matrix()).toEqual([
      { who: 'adviserA', db: 1, app: true },
      { who: 'adviserB', db: 0, app: 404 },
      { who: 'manager', db: 1, app: true },
      { who: 'admin', db: 0, app: 403 },
      { who: 'concierge', db: 0, app: 403 },
      { who: 'eliaReferent', db: 0, app: 403 },
    ]);
  });

  it('a team member sees every case of the programme, with its steps and assignments; taking them out hides it at once', async () => {
    expect((await addTeamMember(t.database.db, a.manager, programmeId, a.adviserB.userId)).ok).toBe(true);
    const rows = await matrix();
    expect(rows.find((r) => r.who === 'adviserB')).toEqual({ who: 'adviserB', db: 1, app: true });
    expect(rows.find((r) => r.who === 'admin')).toEqual({ who: 'admin', db: 0, app: 403 });
    expect(await seen(a.adviserB, 'support_case_steps', sql`case_id = ${caseId}`)).toBeGreaterThan(0);
    expect(await seen(a.adviserB, 'support_case_assignments', sql`case_id = ${caseId}`)).toBe(1);
    // The team is the manager's business: B sees their own membership only, the admin none.
    expect(await seen(a.adviserB, 'support_programme_team')).toBe(1);
    expect(await seen(a.admin, 'support_programme_team')).toBe(0);
    expect((await removeTeamMember(t.database.db, a.manager, programmeId, a.adviserB.userId)).ok).toBe(true);
    expect((await matrix()).find((r) => r.who === 'adviserB')).toEqual({ who: 'adviserB', db: 0, app: 404 });
  });

  it('the partner with an active referral sees the referral copy, never the case; without one, nothing', async () => {
    expect(await referralsForPartner(t.database.db, a.eliaReferent)).toMatchObject({ ok: true });
    const before = await seen(a.eliaReferent, 'support_referrals', sql`case_id = ${caseId}`);
    expect(before).toBe(0);
    const r = await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: a.eliaReferent.orgId as string, fields: ['household_size'], purpose: 'Hébergement', consentUntil: addDays(parisToday(), 10), consent: 'on' });
    expect(r.ok).toBe(true);
    expect(await seen(a.eliaReferent, 'support_referrals', sql`case_id = ${caseId}`)).toBe(1);
    expect(await seen(a.eliaReferent, 'support_cases')).toBe(0);
    expect(await readCase(t.database.db, a.eliaReferent, caseId)).toMatchObject({ ok: false, status: 403 });
  });

  it('only the programme’s manager manages the team; only advisers and managers can join; all of it audited', async () => {
    expect(await addTeamMember(t.database.db, a.adviserA, programmeId, a.adviserB.userId)).toMatchObject({ ok: false, status: 403 });
    expect(await addTeamMember(t.database.db, a.admin, programmeId, a.adviserB.userId)).toMatchObject({ ok: false, status: 403 });
    expect(await addTeamMember(t.database.db, a.manager, programmeId, a.concierge.userId)).toMatchObject({ ok: false, status: 422, errors: { userId: 'support.team.notEligible' } });
    expect(await addTeamMember(t.database.db, a.manager, programmeId, a.admin.userId)).toMatchObject({ ok: false, status: 422 });
    expect(await addTeamMember(t.database.db, a.manager, randomUUID(), a.adviserB.userId)).toMatchObject({ ok: false, status: 404 });
    const events = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('action').where('target_id', '=', programmeId).execute());
    expect(events.map((e) => e.action).sort()).toEqual(['support.team.add', 'support.team.remove']);
  });

  it('over HTTP: the manager adds a member (bad choice 422 with the message), the member opens the case; the admin cannot reach the team page', async () => {
    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    const page = await manager.get(`/support/programmes/${programmeId}/team`);
    expect(page.status).toBe(200);
    const bad = await manager.post(`/support/programmes/${programmeId}/team`, { userId: a.concierge.userId });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choisissez un conseiller social ou un responsable de programme de la liste.');
    const ok = await manager.post(`/support/programmes/${programmeId}/team`, { userId: a.adviserB.userId });
    expect(ok.status).toBe(303);
    const member = t.client();
    await member.signIn(LOGIREM.adviserB);
    expect((await member.get(`/support/cases/${caseId}`)).status).toBe(200);
    const admin = t.client();
    await admin.signIn(LOGIREM.admin);
    expect((await admin.get(`/support/programmes/${programmeId}/team`)).status).toBe(403);
    expect((await admin.get(`/support/cases/${caseId}`)).status).toBe(403);
  });
});

describe('the named team is offered only for sensitive programmes', () => {
  it('an ordinary programme has no team link, its team page offers no form, and naming someone is refused with the reason (page 409 in French, command 409)', async () => {
    const ordinary = randomUUID();
    await withTenant(t.database.db, { orgId }, (tx) =>
      tx
        .insertInto('support_programmes')
        .values({ id: ordinary, organisation_id: orgId, kind: 'onboarding', name: 'Accueil des nouveaux (test)', sensitivity: 'normal', manager_user_id: a.manager.userId, steps: JSON.stringify([]) })
        .execute(),
    );
    const b = t.client();
    await b.signIn(LOGIREM.manager);
    const list = await (await b.get('/support/programmes')).text();
    expect(list).toContain(`/support/programmes/${programmeId}/team`);
    expect(list).not.toContain(`/support/programmes/${ordinary}/team`);
    const page = await (await b.get(`/support/programmes/${ordinary}/team`)).text();
    expect(page).toContain('Une équipe nommée ne se constitue que pour un programme sensible ou très sensible.');
    expect(page).not.toContain('Ajouter à l’équipe');
    const refused = await b.post(`/support/programmes/${ordinary}/team`, { userId: a.adviserB.userId });
    expect(refused.status).toBe(409);
    // In the error summary, and as the page's explanation.
    expect((await refused.text()).split('Une équipe nommée ne se constitue que pour un programme sensible').length - 1).toBe(2);
    expect(await addTeamMember(t.database.db, a.manager, ordinary, a.adviserB.userId)).toMatchObject({ ok: false, status: 409, errors: { userId: 'support.team.notSensitive' } });
    expect(await seen(a.manager, 'support_programme_team', sql`programme_id = ${ordinary}`)).toBe(0);
  });
});
