import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { decide } from './commands/decide.js';
import { endAidEarly, recordPayment, reopenForCorrection } from './commands/fund-actions.js';
import { nominate } from './commands/nominate.js';
import { openCase } from './commands/open-case.js';
import { buildAgenda, openSession, signSession } from './commands/sessions.js';
import { fundOf } from './db/fund.js';
import { readCase } from './queries/read-case.js';
import { decisionSchema } from './schemas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;
let programmeId: string;
let sessions: string[];

const vote = (f: Record<string, string>) => decisionSchema.parse({ votesFor: '3', votesAgainst: '0', votesAbstain: '0', ...f });

async function readyDossier(householdOffset: number): Promise<{ caseId: string; dossierId: string }> {
  const householdId = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('households').select('id').orderBy('reference').offset(householdOffset).executeTakeFirstOrThrow()).id as string);
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Perte d’emploi.', confidentialAddress: false });
  if (!opened.ok) throw new Error('open');
  const n = await nominate(t.database.db, a.adviserA, opened.caseId, { hardship: 'job_loss', resources: 90_000, facts: 'Licenciement économique.' });
  if (!n.ok) throw new Error(`nominate ${JSON.stringify(n)}`);
  return { caseId: opened.caseId, dossierId: n.dossierId };
}

/** The text shown by an uncompressed PDF (pdfkit writes hex strings in TJ arrays, WinAnsi-encoded), as one string. */
function pdfStrings(pdf: string): string {
  const winAnsi: Record<number, string> = { 128: '€', 146: '’', 150: '–', 151: '—' };
  const parts: string[] = [];
  for (const m of pdf.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const h of m[1].matchAll(/<([0-9a-fA-F]*)>/g)) {
      const bytes = Buffer.from(h[1], 'hex');
      parts.push([...bytes].map((b) => winAnsi[b] ?? String.fromCharCode(b)).join(''));
    }
  }
  return parts.join('');
}

async function available(): Promise<number> {
  return withTenant(t.database.db, { orgId }, async (tx) => (await fundOf(tx, programmeId))?.available ?? -1);
}

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.manager.orgId as string;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    programmeId = (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string;
    sessions = (await tx.selectFrom('support_sessions').select('id').orderBy('held_on').execute()).map((s) => s.id as string);
  });
});

describe('a rent-aid dossier through the commission', () => {
  let c: { caseId: string; dossierId: string };
  let decisionId: string;

  it('the agenda takes the dossiers ready before the cut-off; without quorum nothing is decided', async () => {
    c = await readyDossier(3);
    expect(await buildAgenda(t.database.db, a.manager, sessions[0])).toMatchObject({ ok: true, added: 2 });
    expect(await openSession(t.database.db, a.manager, sessions[0], [a.member1.userId, a.member2.userId])).toEqual({ ok: true });
    const r = await decide(t.database.db, a.member1, sessions[0], c.dossierId, vote({ outcome: 'granted', monthly: '250', months: '6' }));
    expect(r).toMatchObject({ ok: false, status: 422, errors: { votesFor: 'support.rule.quorum' } });
  });

  it('refuses 95 % of the rent, under 100 €, 13 months — each with its rule', async () => {
    await withTenant(t.database.db, { orgId }, (tx) => tx.updateTable('support_session_members').set({ present: true }).where('session_id', '=', sessions[0]).execute());
    const rent = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, async (tx) => (await tx.selectFrom('support_dossiers').select('rent_cents').where('id', '=', c.dossierId).executeTakeFirstOrThrow()).rent_cents as number);
    const ninetyFive = ((rent * 95) / 100 / 100).toFixed(2);
    expect(await decide(t.database.db, a.member1, sessions[0], c.dossierId, vote({ outcome: 'granted', monthly: ninetyFive, months: '6' }))).toMatchObject({ status: 422, errors: { monthly: 'support.rule.ceiling' } });
    expect(await decide(t.database.db, a.member1, sessions[0], c.dossierId, vote({ outcome: 'granted', monthly: '99,99', months: '6' }))).toMatchObject({ status: 422, errors: { monthly: 'support.rule.floor' } });
    expect(await decide(t.database.db, a.member1, sessions[0], c.dossierId, vote({ outcome: 'granted', monthly: '250', months: '13' }))).toMatchObject({ status: 422, errors: { months: 'support.rule.months' } });
    expect(decisionSchema.safeParse({ outcome: 'refused', reason: '', votesFor: '0', votesAgainst: '3', votesAbstain: '0' }).success).toBe(false);
  });

  it('grants 250 €/month for 6 months: 1 500 € committed, six monthly credits, the decision audited', async () => {
    const before = await available();
    const r = await decide(t.database.db, a.member1, sessions[0], c.dossierId, vote({ outcome: 'granted', monthly: '250', months: '6' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    decisionId = r.decisionId;
    expect(await available()).toBe(before - 150_000);
    const read = await readCase(t.database.db, a.adviserA, c.caseId);
    expect(read.ok && read.detail.instalments.map((i) => i.amount_cents)).toEqual([25_000, 25_000, 25_000, 25_000, 25_000, 25_000]);
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'support.decision.record').where('target_id', '=', decisionId).executeTakeFirstOrThrow());
    expect(trail.details).toMatchObject({ outcome: 'granted', monthlyCents: 25_000, months: 6 });
    // The commission saw the dossier but still cannot read the case behind it.
    expect(await readCase(t.database.db, a.member1, c.caseId)).toMatchObject({ ok: false, status: 403 });
  });

  it('signing needs every dossier decided; once signed, the decision cannot change, even in SQL', async () => {
    expect(await signSession(t.database.db, a.manager, sessions[0])).toMatchObject({ ok: false, status: 409, errors: { form: 'support.rule.undecided' } });
    const seeded = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) =>
      tx.selectFrom('support_agenda_items as ai').innerJoin('support_dossiers as d', 'd.id', 'ai.dossier_id').select('d.id').where('ai.session_id', '=', sessions[0]).where('d.id', '<>', c.dossierId).executeTakeFirstOrThrow(),
    );
    expect((await decide(t.database.db, a.member2, sessions[0], seeded.id as string, vote({ outcome: 'refused', reason: 'Ressources suffisantes.', votesFor: '0', votesAgainst: '3' }))).ok).toBe(true);
    expect(await signSession(t.database.db, a.manager, sessions[0])).toEqual({ ok: true });
    await expect(withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) => tx.updateTable('support_decisions').set({ monthly_cents: 30_000 }).where('id', '=', decisionId).execute())).rejects.toThrow(/signed session/);
    expect(await decide(t.database.db, a.member1, sessions[0], c.dossierId, vote({ outcome: 'refused', reason: 'x', votesFor: '0', votesAgainst: '3' }))).toMatchObject({ status: 409 });
  });

  it('the signed minutes download as an A4 PDF: codes, amounts, votes, no name; members only, audited', async () => {
    const member = t.client();
    await member.signIn(LOGIREM.member1);
    const res = await member.get(`/support/sessions/${sessions[0]}/minutes.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="pv-commission-\d{4}-\d{2}-\d{2}\.pdf"/);
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/); // A4
    const code = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, async (tx) => (await tx.selectFrom('support_dossiers').select('code').where('id', '=', c.dossierId).executeTakeFirstOrThrow()).code as string);
    const text = pdfStrings(pdf);
    expect(text).toContain(code);
    expect(text).toContain('250,00 € par mois pendant 6 mois');
    expect(text).toContain('Ressources suffisantes.');
    expect(text).not.toContain('Perte d');
    const household = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('households').select('name').orderBy('reference').offset(3).executeTakeFirstOrThrow()).name as string);
    expect(text).not.toContain(household);
    const adviser = t.client();
    await adviser.signIn(LOGIREM.adviserA);
    expect((await adviser.get(`/support/sessions/${sessions[0]}/minutes.pdf`)).status).toBe(403);
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('actor_user_id').where('action', '=', 'support.minutes.pdf').where('target_id', '=', sessions[0]).execute());
    expect(trail).toEqual([{ actor_user_id: a.member1.userId }]);
  });

  it('a payment is recorded; an early end gives the unpaid months back to the fund', async () => {
    const read = await readCase(t.database.db, a.adviserA, c.caseId);
    if (!read.ok) throw new Error('read');
    expect((await recordPayment(t.database.db, a.adviserA, c.caseId, read.detail.instalments[0].id)).ok).toBe(true);
    expect(await recordPayment(t.database.db, a.adviserA, c.caseId, read.detail.instalments[0].id)).toMatchObject({ status: 409 });
    const before = await available();
    // From a date after the schedule starts: the first (paid) month stays, the five others return.
    const ended = await endAidEarly(t.database.db, a.adviserA, c.caseId, decisionId, new Date(`${read.detail.instalments[1].due_month}T10:00:00Z`));
    expect(ended).toEqual({ ok: true, releasedCents: 125_000 });
    expect(await available()).toBe(before + 125_000);
  });

  it('a correction is a new decision in another session that references the signed one', async () => {
    expect((await reopenForCorrection(t.database.db, a.manager, decisionId, sessions[1])).ok).toBe(true);
    await openSession(t.database.db, a.manager, sessions[1], [a.member1.userId, a.member2.userId, a.member3.userId]);
    const r = await decide(t.database.db, a.member3, sessions[1], c.dossierId, vote({ outcome: 'granted', monthly: '200', months: '3' }));
    expect(r.ok).toBe(true);
    const rows = await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.selectFrom('support_decisions').select(['id', 'corrects_id', 'monthly_cents']).where('dossier_id', '=', c.dossierId).orderBy('decided_at').execute());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: decisionId, monthly_cents: 25_000, corrects_id: null });
    expect(rows[1]).toMatchObject({ corrects_id: decisionId, monthly_cents: 20_000 });
  });
});

describe('the fund never goes negative', () => {
  it('50 concurrent grants on a fund that can pay for only 7: exactly 7 pass, the balance stays ≥ 0', async () => {
    const before = await available();
    const per = 10_000 * 12; // 100 € a month for 12 months
    const room = 7;
    // Bring the fund to exactly 7 grants' worth by committing the rest.
    await withTenant(t.database.db, { orgId }, async (tx) => {
      const fund = await tx.selectFrom('support_funds').select('id').where('programme_id', '=', programmeId).executeTakeFirstOrThrow();
      await tx.insertInto('support_fund_entries').values({ organisation_id: orgId, fund_id: fund.id, kind: 'commitment', amount_cents: before - room * per, label: 'test' }).execute();
    });
    const dossiers: string[] = [];
    for (let i = 0; i < 50; i++) dossiers.push((await readyDossier(i % 15)).dossierId);
    await buildAgenda(t.database.db, a.manager, sessions[2]);
    await openSession(t.database.db, a.manager, sessions[2], [a.member1.userId, a.member2.userId, a.member3.userId]);
    const results = await Promise.all(dossiers.map((d, i) => decide(t.database.db, [a.member1, a.member2, a.member3][i % 3], sessions[2], d, vote({ outcome: 'granted', monthly: '100', months: '12' }))));
    expect(results.filter((r) => r.ok)).toHaveLength(room);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.errors.fund === 'support.rule.fund')).toBe(true);
    expect(await available()).toBe(0);
    const negative = await withTenant(t.database.db, { orgId }, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from support_funds f where (select coalesce(sum(case kind when 'credit' then amount_cents when 'release' then amount_cents when 'commitment' then -amount_cents else 0 end), 0) from support_fund_entries e where e.fund_id = f.id) < 0`.execute(tx)).rows[0].n);
    expect(negative).toBe(0);
    // One decision each: the 7 granted dossiers have exactly one decision and one commitment, the 43 refused by the fund none.
    const perDossier = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) =>
      tx.selectFrom('support_decisions').select(['dossier_id', sql<number>`count(*)::int`.as('n')]).where('dossier_id', 'in', dossiers).groupBy('dossier_id').execute(),
    );
    expect(perDossier).toHaveLength(room);
    expect(perDossier.every((d) => d.n === 1)).toBe(true);
    const granted = new Set(perDossier.map((d) => d.dossier_id));
    const statuses = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) => tx.selectFrom('support_dossiers').select(['id', 'status']).where('id', 'in', dossiers).execute());
    for (const d of statuses) expect(d.status).toBe(granted.has(d.id) ? 'decided' : 'on_agenda');
    // 50 dossiers to prepare: slow on a busy two-core machine, whatever the locks do.
  }, 120_000);

  it('50 members deciding the same dossier at once: one decision, one commitment, the others told it is decided', async () => {
    const { dossierId } = await readyDossier(3);
    await withTenant(t.database.db, { orgId }, async (tx) => {
      const fund = await tx.selectFrom('support_funds').select('id').where('programme_id', '=', programmeId).executeTakeFirstOrThrow();
      await tx.insertInto('support_fund_entries').values({ organisation_id: orgId, fund_id: fund.id, kind: 'credit', amount_cents: 10_000 * 12 * 50, label: 'test' }).execute();
    });
    // The session of the previous race, still open: the dossier joins its agenda.
    expect(await buildAgenda(t.database.db, a.manager, sessions[2])).toMatchObject({ ok: true, added: 1 });
    const before = await available();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => decide(t.database.db, [a.member1, a.member2, a.member3][i % 3], sessions[2], dossierId, vote({ outcome: 'granted', monthly: '100', months: '12' }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.status === 409 && r.errors.form === 'support.rule.alreadyDecided')).toBe(true);
    expect(await available()).toBe(before - 10_000 * 12);
    const decisions = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) => tx.selectFrom('support_decisions').select('id').where('dossier_id', '=', dossierId).execute());
    expect(decisions).toHaveLength(1);
  }, 120_000);
});
