import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { readStoredFile, storeFile } from '../../platform/files/index.js';
import type { Services } from '../../platform/http/env.js';
import { changeCaseStatus } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { remindersJob } from './jobs/reminders.js';
import { retentionJob } from './jobs/retention.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let services: Services;
let adviser: Actor;
let orgId: string;
let dataDir: string;
const programmes: Record<string, string> = {};
const households: string[] = [];
const log = pino({ level: 'silent' });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-support-'));
  t = await testApp({ DATA_DIR: dataDir });
  services = t.services;
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    for (const p of await tx.selectFrom('support_programmes').select(['id', 'kind']).execute()) programmes[p.kind as string] = p.id as string;
    for (const h of await tx.selectFrom('households').select('id').orderBy('reference').limit(6).execute()) households.push(h.id as string);
    // Mut'toit: deleted one year after closure, whatever the last contact.
    await tx.updateTable('support_programmes').set({ retention_action: 'delete', retention_from: 'closure', retention_months: 12 }).where('id', '=', programmes.transfer).execute();
  });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** A case opened, closed and last contacted on the given days. */
async function closedCase(kind: string, household: number, days: { opened: string; closed: string; lastContact: string }, situation = 'Situation confidentielle'): Promise<string> {
  const r = await openCase(t.database.db, adviser, { programmeId: programmes[kind], householdId: households[household], situation, confidentialAddress: false }, new Date(`${days.opened}T09:00:00Z`));
  if (!r.ok) throw new Error('open');
  expect((await changeCaseStatus(t.database.db, adviser, r.caseId, 'close', 'Relogée')).ok).toBe(true);
  await withTenant(t.database.db, { orgId, userId: adviser.userId }, (tx) =>
    tx
      .updateTable('support_cases')
      .set({ closed_at: new Date(`${days.closed}T09:00:00Z`), last_contact_at: new Date(`${days.lastContact}T09:00:00Z`) })
      .where('id', '=', r.caseId)
      .execute(),
  );
  return r.caseId;
}

const owner = (q: string, params: unknown[]) => services.database.owner.query(q, params).then((r) => r.rows);

describe('retention job, with a fixed clock', () => {
  it('anonymises a case 24 months after its last contact, deletes one 12 months after closure leaving a count, spares a legal hold; twice changes nothing more', async () => {
    const kept = await closedCase('onboarding', 0, { opened: '2023-09-01', closed: '2024-01-10', lastContact: '2024-03-01' }, 'Violences : ne pas divulguer');
    const held = await closedCase('onboarding', 1, { opened: '2023-09-01', closed: '2024-01-10', lastContact: '2024-01-10' });
    const gone = await closedCase('transfer', 2, { opened: '2024-01-05', closed: '2024-06-01', lastContact: '2025-12-01' });
    await withTenant(t.database.db, { orgId, userId: adviser.userId }, async (tx) => {
      await tx.updateTable('support_cases').set({ legal_hold: true }).where('id', '=', held).execute();
      await tx.insertInto('support_case_notes').values({ organisation_id: orgId, case_id: kept, author_user_id: adviser.userId, body: 'Note privée' }).execute();
    });
    const key = await storeFile(dataDir, 'support', new TextEncoder().encode('%PDF-1.4 test'));
    await withTenant(t.database.db, { orgId, userId: adviser.userId }, (tx) =>
      tx
        .insertInto('support_case_documents')
        .values({ id: crypto.randomUUID(), organisation_id: orgId, case_id: kept, file_name: 'a.pdf', media_type: 'application/pdf', size_bytes: 13, storage_key: key, uploaded_by: adviser.userId })
        .execute(),
    );

    // One day before the 24 months after the last contact: only the Mut'toit case (12 months after closure) goes.
    expect(await retentionJob.run({ services, now: new Date('2026-02-28T01:30:00Z'), log })).toEqual({ anonymised: 0, deleted: 1 });
    expect(await owner('select 1 from support_cases where id = $1', [gone])).toHaveLength(0);
    expect(await owner('select opened_year, closed_year, cases from support_case_counts where programme_id = $1', [programmes.transfer])).toEqual([{ opened_year: 2024, closed_year: 2024, cases: 1 }]);

    const now = new Date('2026-03-02T01:30:00Z');
    expect(await retentionJob.run({ services, now, log })).toEqual({ anonymised: 1, deleted: 0 });
    const [row] = await owner('select household_id, situation, outcome, anonymised_at, programme_id, opened_at from support_cases where id = $1', [kept]);
    expect(row).toMatchObject({ household_id: null, situation: '', outcome: null, anonymised_at: now, programme_id: programmes.onboarding });
    expect(await owner('select 1 from support_case_notes where case_id = $1', [kept])).toHaveLength(0);
    expect(await owner('select 1 from support_case_documents where case_id = $1', [kept])).toHaveLength(0);
    expect(await owner('select 1 from support_case_assignments where case_id = $1', [kept])).toHaveLength(0);
    expect(await readStoredFile(dataDir, key)).toBeNull();
    // The steps stay: durations and completion are figures, not people.
    expect((await owner('select count(*)::int as n from support_case_steps where case_id = $1', [kept]))[0].n).toBeGreaterThan(0);
    expect(await owner('select household_id, anonymised_at from support_cases where id = $1', [held])).toEqual([expect.objectContaining({ anonymised_at: null })]);

    // Idempotent: the next night finds nothing to do, and the count is not doubled.
    expect(await retentionJob.run({ services, now: new Date('2026-03-03T01:30:00Z'), log })).toEqual({ anonymised: 0, deleted: 0 });
    expect((await owner('select cases from support_case_counts where programme_id = $1', [programmes.transfer]))[0].cases).toBe(1);
    const trail = await owner("select action, target_id from audit_events where action like 'support.retention.%' order by id", []);
    expect(trail).toEqual([
      { action: 'support.retention.deleted', target_id: gone },
      { action: 'support.retention.anonymised', target_id: kept },
    ]);
    // Nobody can open an anonymised case any more, not even its former adviser.
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    expect((await client.get(`/support/cases/${kept}`)).status).toBe(404);
  });
});

describe('reminders job, with a fixed clock', () => {
  it('reminds the adviser once of steps due within three days, with no detail of the case', async () => {
    const r = await openCase(
      t.database.db,
      adviser,
      { programmeId: programmes.rent_aid, householdId: households[3], situation: 'Décès du conjoint', confidentialAddress: false },
      new Date('2026-03-02T09:00:00Z'),
    );
    if (!r.ok) throw new Error('open');
    const ofCase = () => owner('select subject, body, sms from notifications where user_id = $1 and subject like $2', [adviser.userId, `%${r.reference}%`]);
    // Steps fall on 9 and 16 March; on 5 March the first is four days away.
    await remindersJob.run({ services, now: new Date('2026-03-05T06:00:00Z'), log });
    expect(await ofCase()).toHaveLength(0);
    await remindersJob.run({ services, now: new Date('2026-03-06T06:00:00Z'), log });
    const sent = await ofCase();
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toBe(`Palier : échéance proche pour le dossier ${r.reference}`);
    expect(sent[0].body).toContain('9 mars 2026');
    expect(sent[0].body).toContain(`/support/cases/${r.caseId}`);
    for (const secret of ['Décès', 'quittance', 'ASQ)', 'justificatifs']) expect(sent[0].body).not.toContain(secret);
    expect(await remindersJob.run({ services, now: new Date('2026-03-06T18:00:00Z'), log })).toEqual({ steps: 0, notices: 0 });
    expect(await ofCase()).toHaveLength(1);
    // A week later the second step comes due: one more notice, for that step only.
    await remindersJob.run({ services, now: new Date('2026-03-13T06:00:00Z'), log });
    expect(await ofCase()).toHaveLength(2);
  });
});

describe('the adviser’s board', () => {
  it('lists the late steps of the adviser’s own cases, oldest first, with how late they are', async () => {
    const r = await openCase(t.database.db, adviser, { programmeId: programmes.rent_aid, householdId: households[4], situation: '', confidentialAddress: false }, new Date('2026-01-05T09:00:00Z'));
    if (!r.ok) throw new Error('open');
    const mine = t.client();
    await mine.signIn(LOGIREM.adviserA);
    const html = await (await mine.get('/support/cases')).text();
    const table = html.slice(html.indexOf('<caption>Étapes en retard</caption>'));
    expect(table).toContain(r.reference);
    expect(table).toContain('Réunir les justificatifs');
    expect(table).toMatch(/\d+ jours de retard/);
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    expect(await (await other.get('/support/cases')).text()).not.toContain(r.reference);
  });
});

describe('legal hold', () => {
  it('the programme manager places and lifts it on a case; the adviser cannot; while it lasts, retention passes the case by', async () => {
    const caseId = await closedCase('onboarding', 5, { opened: '2022-01-03', closed: '2022-06-01', lastContact: '2022-06-01' });
    const adviserClient = t.client();
    await adviserClient.signIn(LOGIREM.adviserA);
    expect((await adviserClient.post(`/support/cases/${caseId}/hold`, { hold: 'on' })).status).toBe(403);
    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    expect((await manager.post(`/support/cases/${caseId}/hold`, { hold: 'on' })).status).toBe(303);
    expect(await (await manager.get(`/support/cases/${caseId}`)).text()).toContain('Ce dossier est gelé');
    expect((await retentionJob.run({ services, now: new Date('2026-06-01T01:30:00Z'), log })).anonymised).toBe(0);
    expect((await manager.post(`/support/cases/${caseId}/hold`, { hold: 'off' })).status).toBe(303);
    expect((await retentionJob.run({ services, now: new Date('2026-06-02T01:30:00Z'), log })).anonymised).toBe(1);
    const trail = await owner("select action from audit_events where target_id = $1 and action in ('support.case.hold', 'support.case.release') order by id", [caseId]);
    expect(trail.map((r) => r.action)).toEqual(['support.case.hold', 'support.case.release']);
  });
});
