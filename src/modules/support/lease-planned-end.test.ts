import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { advanceStage } from './commands/case-actions.js';
import { cancelPlannedEnd } from './commands/lease-plan.js';
import { addDays, parisToday } from './domain/local-date.js';
import { leasePlannedEndsJob } from './jobs/lease-planned-ends.js';
import { actorFor, LOGIREM, openSlidingLease, toSlideDecision } from './test-helpers.js';

/**
 * An end to come is planned, not refused: the case keeps its day and reason, the register is untouched until
 * that day, the adviser changes or cancels the plan, and the daily job applies it on its day (issue 6).
 */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let logirem: string;
let elia: string;
let programmeId: string;
const dw: string[] = [];
const hh: string[] = [];
const N = 5;
const log = pino({ level: 'silent' });

const owner = (q: string, p: unknown[] = []) => t.database.owner.query(q, p);
const stays = async (householdId: string) =>
  (await owner('select dwelling_id, starts_on::text, ends_on::text, lease_holder_org_id from occupancies where household_id = $1 order by starts_on', [householdId])).rows;
const caseRow = async (id: string) =>
  (await owner('select stage, lease_ended_on::text, end_reason, lease_end_planned_on::text as planned_on, lease_end_planned_reason as planned_reason, lease_end_planned_text as planned_text from support_cases where id = $1', [id])).rows[0];
const history = async (id: string) => (await owner('select stage from support_stage_history where case_id = $1 order by at, id', [id])).rows.map((r) => r.stage);
const audits = async (action: string, target: string) => (await owner('select details from audit_events where action = $1 and target_id = $2 order by id', [action, target])).rows.map((r) => r.details);
const post = (path: string, secret: string, body: unknown, lang = 'fr') =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) });
const at = (day: string) => new Date(`${day}T09:00:00Z`);
const end = (id: string, endOn: string, now: string, endReason = 'family_left', endReasonText?: string) => advanceStage(t.database.db, adviser, id, 'end', at(now), { endReason, endOn, endReasonText });
const runJob = (instant: string) => leasePlannedEndsJob.run({ services: t.services, now: new Date(instant), log });
const open = (i: number) => openSlidingLease(t.database.db, adviser, programmeId, hh[i]);
const sublet = (i: number) => [{ dwelling_id: dw[i], starts_on: '2025-01-01', ends_on: null, lease_holder_org_id: elia }];

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  logirem = adviser.orgId as string;
  elia = (await owner("select id from organisations where slug = 'elia'")).rows[0].id;
  programmeId = (await owner("update support_programmes set sensitivity = 'normal' where organisation_id = $1 and kind = 'sliding_lease' returning id", [logirem])).rows[0].id;
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [logirem])).rows[0].id;
  for (let i = 0; i < N; i++) {
    dw.push((await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 52000) returning id', [logirem, residence, `LM-PLAN-D-${i}`])).rows[0].id);
    hh.push((await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [logirem, `LM-PLAN-H-${i}`, `Famille Prévue ${i}`])).rows[0].id);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [logirem, hh[i], dw[i]]);
  }
});

describe('a planned end', () => {
  it('an end after today is planned: the case keeps the day and reason, the stage and the register stay; the page says so; audited', async () => {
    const id = await open(0);
    expect(await end(id, '2027-06-30', '2027-06-02')).toEqual({ ok: true, stage: 'entry', plannedEndOn: '2027-06-30' });
    expect(await stays(hh[0])).toEqual(sublet(0));
    expect(await caseRow(id)).toEqual({ stage: 'entry', lease_ended_on: null, end_reason: null, planned_on: '2027-06-30', planned_reason: 'family_left', planned_text: null });
    expect(await history(id)).toEqual(['entry']);
    expect(await audits('support.case.lease.plan', id)).toEqual([{ on: '2027-06-30', reason: 'family_left' }]);
    expect(await audits('directory.lease.end', hh[0])).toEqual([]);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const html = await (await b.get(`/support/cases/${id}`)).text();
    expect(html).toContain('Fin de bail prévue le 30 juin 2027. Motif : La famille a quitté le logement');
    expect(html).toContain('Modifier la fin prévue');
    expect(html).toContain('value="2027-06-30"');
  });

  it('more than six months ahead, or without its reason, is refused with field errors at once; nothing written', async () => {
    const id = await open(1);
    expect(await end(id, '2027-12-03', '2027-06-02')).toEqual({ ok: false, status: 422, errors: { endOn: 'support.lease.planTooFar' } });
    expect(await end(id, '2027-07-01', '2027-06-02', '')).toEqual({ ok: false, status: 422, errors: { endReason: 'support.lease.reasonRequired' } });
    expect(await end(id, '2027-12-03', '2027-06-02', 'other', '')).toEqual({ ok: false, status: 422, errors: { endReasonText: 'support.lease.reasonTextRequired', endOn: 'support.lease.planTooFar' } });
    expect(await end(id, '2027-12-02', '2027-06-02', 'other', 'Départ en foyer')).toEqual({ ok: true, stage: 'entry', plannedEndOn: '2027-12-02' });
    expect(await caseRow(id)).toMatchObject({ planned_on: '2027-12-02', planned_reason: 'other', planned_text: 'Départ en foyer' });
    expect(await cancelPlannedEnd(t.database.db, adviser, id)).toEqual({ ok: true });
  });

  it('the adviser changes the plan, cancels it (409 when none is left), or records the end now, which replaces it; a planned lease does not slide', async () => {
    const id = await open(2);
    await end(id, '2027-06-30', '2027-06-02');
    expect(await end(id, '2027-07-15', '2027-06-03', 'eviction')).toEqual({ ok: true, stage: 'entry', plannedEndOn: '2027-07-15' });
    expect(await caseRow(id)).toMatchObject({ planned_on: '2027-07-15', planned_reason: 'eviction' });
    expect(await cancelPlannedEnd(t.database.db, adviser, id)).toEqual({ ok: true });
    expect(await caseRow(id)).toMatchObject({ stage: 'entry', planned_on: null, planned_reason: null });
    expect(await cancelPlannedEnd(t.database.db, adviser, id)).toEqual({ ok: false, status: 409, errors: { form: 'support.lease.noPlan' } });
    expect(await audits('support.case.lease.plan.cancel', id)).toEqual([{ on: '2027-07-15' }]);
    expect(await stays(hh[2])).toEqual(sublet(2));

    await toSlideDecision(t.database.db, adviser, id);
    await end(id, '2027-07-31', '2027-07-01');
    expect(await advanceStage(t.database.db, adviser, id, 'slide', at('2027-07-01'), { slideOn: '2027-07-01' })).toEqual({ ok: false, status: 409, errors: { event: 'support.lease.planPending' } });
    expect(await end(id, '2027-06-30', '2027-07-01', 'rehoused_elsewhere')).toEqual({ ok: true, stage: 'other_outcome' });
    expect(await caseRow(id)).toEqual({ stage: 'other_outcome', lease_ended_on: '2027-06-30', end_reason: 'rehoused_elsewhere', planned_on: null, planned_reason: null, planned_text: null });
    expect(await stays(hh[2])).toEqual([{ ...sublet(2)[0], ends_on: '2027-06-30' }]);
  });

  it('the daily job applies a plan on its day through the register (occupancy ended, audited) and the case ends otherwise; not before; once', async () => {
    const id = await open(3);
    await end(id, '2027-07-15', '2027-06-02', 'eviction');
    // Household 0's plan (30 June, first test) is the only one due by then; 22:00 in Paris on the 29th is still the day before.
    expect(await runJob('2027-06-29T20:00:00Z')).toEqual({ applied: 0, refused: 0 });
    expect(await stays(hh[0])).toEqual(sublet(0));
    // A run missed on the day applies the plan later, on its planned day; household 3's, on 15 July, is not due yet.
    expect(await runJob('2027-07-14T20:00:00Z')).toEqual({ applied: 1, refused: 0 });
    expect(await stays(hh[0])).toEqual([{ ...sublet(0)[0], ends_on: '2027-06-30' }]);
    expect(await stays(hh[3])).toEqual(sublet(3));
    expect(await runJob('2027-07-15T04:10:00Z')).toEqual({ applied: 1, refused: 0 });
    expect(await stays(hh[3])).toEqual([{ ...sublet(3)[0], ends_on: '2027-07-15' }]);
    expect(await caseRow(id)).toEqual({ stage: 'other_outcome', lease_ended_on: '2027-07-15', end_reason: 'eviction', planned_on: null, planned_reason: null, planned_text: null });
    expect(await history(id)).toEqual(['entry', 'other_outcome']);
    expect(await audits('directory.lease.end', hh[3])).toEqual([{ dwelling: dw[3], holder: elia, on: '2027-07-15' }]);
    expect(await audits('support.case.stage', id)).toEqual([{ from: 'entry', to: 'other_outcome', planned: '2027-07-15' }]);
    expect(await runJob('2027-07-16T04:10:00Z')).toEqual({ applied: 0, refused: 0 });
    expect(await stays(hh[3])).toEqual([{ ...sublet(3)[0], ends_on: '2027-07-15' }]);
  });

  it('by the page and the API: planned, shown, cancelled (values kept on a refusal)', async () => {
    const id = await open(4);
    const soon = addDays(parisToday(), 20);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const refused = await b.post(`/support/cases/${id}/stage`, { event: 'end', endReason: 'family_left', endReasonText: '', endOn: addDays(parisToday(), 400) });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Une fin de bail se prévoit au plus six mois à l’avance.');
    expect(refusedHtml).toContain(`value="${addDays(parisToday(), 400)}"`);
    expect((await b.post(`/support/cases/${id}/stage`, { event: 'end', endReason: 'family_left', endReasonText: '', endOn: soon })).status).toBe(303);
    expect(await (await b.get(`/support/cases/${id}`)).text()).toContain('Fin de bail prévue le');
    expect((await b.post(`/support/cases/${id}/lease/planned-end/cancel`, {})).status).toBe(303);
    expect(await caseRow(id)).toMatchObject({ stage: 'entry', planned_on: null });
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const api = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'end', endReason: 'eviction', endOn: soon });
    expect([api.status, await api.json()]).toEqual([200, { stage: 'entry', plannedEndOn: soon }]);
    expect(await stays(hh[4])).toEqual(sublet(4));
    const cancel = await post(`/api/v1/support/cases/${id}/lease/planned-end/cancel`, token, {});
    expect([cancel.status, await cancel.json()]).toEqual([200, { status: 'done' }]);
    const again = await post(`/api/v1/support/cases/${id}/lease/planned-end/cancel`, token, {}, 'en');
    expect([again.status, (await again.json()).fields]).toEqual([409, { form: 'No end of the lease is planned for this case.' }]);
  });
});
