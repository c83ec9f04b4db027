import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { advanceStage } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
let programmeId: string;
let householdId: string;

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  ({ programmeId, householdId } = await withTenant(t.database.db, { orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'transfer').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference').offset(4).executeTakeFirstOrThrow()).id as string,
  })));
});

const asAdviser = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.database.db, { orgId, userId: adviser.userId }, fn);

describe('transfer support (mutation with accompanied self-renovation)', () => {
  it('opens at the request; the diagnosis and the works plan complete the programme’s steps of the same name; the move ends it; each stage dated for delays', async () => {
    const opened = await openCase(t.database.db, adviser, { programmeId, householdId, situation: 'Mutation vers un T2 plus proche du travail.', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const id = opened.caseId;
    expect((await asAdviser((tx) => tx.selectFrom('support_cases').select('stage').where('id', '=', id).executeTakeFirstOrThrow())).stage).toBe('transfer_requested');
    // Works cannot be finished before they are planned.
    expect(await advanceStage(t.database.db, adviser, id, 'finish_works')).toMatchObject({ ok: false, status: 409, errors: { event: 'support.transition.refused' } });
    expect(await advanceStage(t.database.db, adviser, id, 'diagnose', new Date('2026-12-10T09:00:00Z'))).toEqual({ ok: true, stage: 'diagnosis' });
    expect(await advanceStage(t.database.db, adviser, id, 'plan_works', new Date('2026-12-20T09:00:00Z'))).toEqual({ ok: true, stage: 'works_plan' });
    expect(await advanceStage(t.database.db, adviser, id, 'finish_works', new Date('2027-02-15T09:00:00Z'))).toEqual({ ok: true, stage: 'self_renovated' });
    expect(await advanceStage(t.database.db, adviser, id, 'move', new Date('2027-03-01T09:00:00Z'))).toEqual({ ok: true, stage: 'moved' });
    expect(await advanceStage(t.database.db, adviser, id, 'drop')).toMatchObject({ ok: false, status: 409 });
    const steps = await asAdviser((tx) => tx.selectFrom('support_case_steps').select(['key', 'done_at']).where('case_id', '=', id).orderBy('key').execute());
    expect(steps.map((s) => [s.key, s.done_at !== null])).toEqual([
      ['diagnosis', true],
      ['works_plan', true],
    ]);
    const history = await asAdviser((tx) => tx.selectFrom('support_stage_history').select('stage').where('case_id', '=', id).orderBy('at').execute());
    expect(history.map((h) => h.stage)).toEqual(['transfer_requested', 'diagnosis', 'works_plan', 'self_renovated', 'moved']);
  });

  it('the case page offers the transfer’s next stages as buttons without JavaScript, a wrong one is refused; a dropped transfer is final', async () => {
    const opened = await openCase(t.database.db, adviser, { programmeId, householdId: (await asAdviser((tx) => tx.selectFrom('households').select('id').orderBy('reference').offset(5).executeTakeFirstOrThrow())).id as string, situation: '', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await (await b.get(`/support/cases/${opened.caseId}`)).text();
    expect(page).toContain('Demande de mutation enregistrée');
    expect(page).toContain('Enregistrer le diagnostic du logement');
    expect(page).toContain('Abandonner la mutation');
    expect(page).not.toContain('Enregistrer la fin du chantier');
    const moved = await b.post(`/support/cases/${opened.caseId}/stage`, { event: 'diagnose' });
    expect(moved.status).toBe(303);
    // Finishing works never planned is refused on the page, with the rule's message.
    const refused = await b.post(`/support/cases/${opened.caseId}/stage`, { event: 'finish_works' });
    expect(refused.status).toBe(409);
    expect((await b.post(`/support/cases/${opened.caseId}/stage`, { event: 'drop' })).status).toBe(303);
    const after = await (await b.get(`/support/cases/${opened.caseId}`)).text();
    expect(after).toContain('Mutation abandonnée');
    expect(after).not.toContain('Enregistrer le déménagement');
  });
});
