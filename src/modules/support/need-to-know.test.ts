import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { testApp } from '../../../test/app.js';
import { assignAdviser } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { closeReferral, referralsForPartner, referToPartner } from './commands/referrals.js';
import { addDays, parisToday } from './domain/local-date.js';
import { readCase } from './queries/read-case.js';
import { readSession } from './queries/session-view.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let caseId: string;
let orgId: string;

beforeAll(async () => {
  t = await testApp(); // registers the module's permissions
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.adviserA.orgId as string;
  const { programmeId, householdId } = await withTenant(t.database.db, { orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference', 'desc').executeTakeFirstOrThrow()).id as string,
  }));
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Décès du conjoint en octobre.', confidentialAddress: false });
  if (!opened.ok) throw new Error('could not open the case');
  caseId = opened.caseId;
});

/** What PostgreSQL itself shows a person, whatever the application code asks. */
async function rowsSeenBy(userId: string | null, table: string, where = sql`true`): Promise<number> {
  return withTenant(t.database.db, { orgId, userId }, async (tx) => {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(tx);
    return r.rows[0].n;
  });
}

describe('need-to-know in the database (row-level security on the person, not only the organisation)', () => {
  it('the assigned adviser and the programme manager see the case; adviser B, the admin, the concierge and commission members do not', async () => {
    const thisCase = sql`id = ${caseId}`;
    expect(await rowsSeenBy(a.adviserA.userId, 'support_cases', thisCase)).toBe(1);
    expect(await rowsSeenBy(a.manager.userId, 'support_cases', thisCase)).toBe(1);
    for (const k of ['adviserB', 'admin', 'concierge', 'member1']) expect(await rowsSeenBy(a[k].userId, 'support_cases', thisCase), k).toBe(0);
    // A transaction that names no person sees no case at all, even inside the organisation.
    expect(await rowsSeenBy(null, 'support_cases')).toBe(0);
  });

  it('the case’s steps and history follow the case', async () => {
    const ofCase = sql`case_id = ${caseId}`;
    expect(await rowsSeenBy(a.adviserA.userId, 'support_case_steps', ofCase)).toBe(2);
    expect(await rowsSeenBy(a.adviserB.userId, 'support_case_steps', ofCase)).toBe(0);
    expect(await rowsSeenBy(a.concierge.userId, 'support_case_steps', ofCase)).toBe(0);
  });

  it('an unassigned adviser cannot change the case even by writing SQL', async () => {
    const changed = await withTenant(t.database.db, { orgId, userId: a.adviserB.userId }, (tx) => tx.updateTable('support_cases').set({ situation: 'x' }).where('id', '=', caseId).executeTakeFirst());
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  it('a commission member sees a dossier only while it is on the agenda of a session they sit on', async () => {
    const seeded = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) => tx.selectFrom('support_dossiers').select('id').executeTakeFirstOrThrow());
    const dossier = sql`id = ${seeded.id}`;
    expect(await rowsSeenBy(a.member1.userId, 'support_dossiers', dossier)).toBe(0);
    const session = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('support_sessions').select('id').orderBy('held_on').executeTakeFirstOrThrow());
    await withTenant(t.database.db, { orgId }, (tx) => tx.insertInto('support_agenda_items').values({ organisation_id: orgId, session_id: session.id, dossier_id: seeded.id, position: 1 }).execute());
    expect(await rowsSeenBy(a.member1.userId, 'support_dossiers', dossier)).toBe(1);
    // …but never the case behind it: no name, no address, no narrative.
    expect(await rowsSeenBy(a.member1.userId, 'support_cases')).toBe(0);
    expect(await rowsSeenBy(a.adviserB.userId, 'support_dossiers', dossier)).toBe(0);
    const view = await readSession(t.database.db, a.member1, session.id as string);
    expect(view.ok && view.view.agenda.flatMap((x) => Object.keys(x))).not.toContain('household_id');
  });
});

describe('need-to-know in the application, every read audited', () => {
  it('adviser A reads the case and the read is in the audit trail with the reason', async () => {
    const r = await readCase(t.database.db, a.adviserA, caseId, 'preparation of the commission');
    expect(r.ok).toBe(true);
    const events = await withTenant(t.database.db, { orgId }, (tx) =>
      tx.selectFrom('audit_events').select(['actor_user_id', 'details']).where('action', '=', 'support.case.read').where('target_id', '=', caseId).execute(),
    );
    expect(events).toHaveLength(1);
    expect(events[0].actor_user_id).toBe(a.adviserA.userId);
    expect(events[0].details).toEqual({ why: 'preparation of the commission' });
  });

  it('adviser B, the organisation administrator, the concierge and a commission member get no case', async () => {
    expect(await readCase(t.database.db, a.adviserB, caseId)).toMatchObject({ ok: false, status: 404 });
    expect(await readCase(t.database.db, a.admin, caseId)).toMatchObject({ ok: false, status: 403 });
    expect(await readCase(t.database.db, a.concierge, caseId)).toMatchObject({ ok: false, status: 403 });
    expect(await readCase(t.database.db, a.member1, caseId)).toMatchObject({ ok: false, status: 403 });
  });

  it('once adviser A adds adviser B, B reads the case too; a concierge cannot be added', async () => {
    expect(await assignAdviser(t.database.db, a.adviserA, caseId, a.concierge.userId)).toMatchObject({ ok: false, status: 422 });
    expect((await assignAdviser(t.database.db, a.adviserA, caseId, a.adviserB.userId)).ok).toBe(true);
    expect((await readCase(t.database.db, a.adviserB, caseId)).ok).toBe(true);
  });

  it('over HTTP: the adviser’s page opens, the concierge gets 403, another organisation’s adviser 404', async () => {
    const adviser = t.client();
    await adviser.signIn(LOGIREM.adviserA);
    const page = await adviser.get(`/support/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Décès du conjoint en octobre.');
    const concierge = t.client();
    await concierge.signIn(LOGIREM.concierge);
    expect((await concierge.get(`/support/cases/${caseId}`)).status).toBe(403);
    const elsewhere = t.client();
    await elsewhere.signIn('social-adviser@demo.palier.fr');
    expect((await elsewhere.get(`/support/cases/${caseId}`)).status).toBe(404);
  });
});


describe('referral to a partner association, with consent', () => {
  it('the partner sees only the fields shared, and loses them the moment consent is withdrawn', async () => {
    const eliaId = a.eliaReferent.orgId as string;
    const before = await referralsForPartner(t.database.db, a.eliaReferent);
    if (!before.ok) throw new Error('partner list');
    const r = await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: eliaId, fields: ['household_size'], purpose: 'Accompagnement budgétaire', consentUntil: addDays(parisToday(), 30), consent: 'on' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const during = await referralsForPartner(t.database.db, a.eliaReferent);
    const mine = during.ok ? during.referrals.find((x) => x.id === r.referralId) : undefined;
    expect(mine?.shared).toEqual({ programme: 'Aide sur quittance (ASQ)', reference: expect.any(String), household_size: expect.any(Number) });
    expect(JSON.stringify(mine)).not.toContain('Décès du conjoint');
    // The partner's own organisation sees the referral row in PostgreSQL, never the case.
    const asElia = (table: string) => withTenant(t.database.db, { orgId: eliaId, userId: a.eliaReferent.userId }, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0].n);
    expect(await asElia('support_cases')).toBe(0);
    expect(await readCase(t.database.db, a.eliaReferent, caseId)).toMatchObject({ ok: false, status: 403 });
    expect((await closeReferral(t.database.db, a.adviserA, caseId, r.referralId, 'revoked')).ok).toBe(true);
    const after = await referralsForPartner(t.database.db, a.eliaReferent);
    expect(after.ok && after.referrals.map((x) => x.id)).not.toContain(r.referralId);
    expect(await asElia('support_referrals')).toBe(before.referrals.length);
  });

  it('an expired consent hides the referral too; a referral cannot be made to a non-partner or in the past', async () => {
    const eliaId = a.eliaReferent.orgId as string;
    const past = await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: eliaId, fields: ['household_name'], purpose: 'x', consentUntil: addDays(parisToday(), -1), consent: 'on' });
    expect(past).toMatchObject({ ok: false, status: 422, errors: { consentUntil: 'support.referral.until' } });
    const la = await t.database.db.selectFrom('organisations').select('id').where('slug', '=', 'la-poste').executeTakeFirstOrThrow();
    expect(await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: la.id as string, fields: ['household_name'], purpose: 'x', consentUntil: addDays(parisToday(), 5), consent: 'on' })).toMatchObject({ status: 422 });
    const r = await referToPartner(t.database.db, a.adviserA, caseId, { partnerId: eliaId, fields: ['household_name'], purpose: 'x', consentUntil: parisToday(), consent: 'on' });
    if (!r.ok) throw new Error('refer');
    await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.updateTable('support_referrals').set({ consent_until: addDays(parisToday(), -1) }).where('id', '=', r.referralId).execute());
    const seen = await referralsForPartner(t.database.db, a.eliaReferent);
    expect(seen.ok && seen.referrals.map((x) => x.id)).not.toContain(r.referralId);
  });

  it('over HTTP: the consent box is required; the partner page lists what was shared', async () => {
    const adviser = t.client();
    await adviser.signIn(LOGIREM.adviserA);
    const res = await adviser.post(`/support/cases/${caseId}/referrals`, { partnerId: a.eliaReferent.orgId as string, fields: 'household_size', purpose: 'Aide', consentUntil: addDays(parisToday(), 10) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Confirmez que la personne a donné son accord.');
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    const page = await partner.get('/support/referrals');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Famille de quatre personnes');
  });
});
