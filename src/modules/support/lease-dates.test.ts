import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';
import type { Actor } from '../../platform/access/actor.js';
import { advanceStage } from './commands/case-actions.js';
import { actorFor, LOGIREM, openSlidingLease, toSlideDecision } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let logirem: string;
let elia: string;
let programmeId: string;
/** This file's own Air Bel dwellings and households: household i lives in dwelling i since 2025-01-01 (sublet by Elia once its case opens). */
const dw: string[] = [];
const hh: string[] = [];
const N = 8;

const owner = (q: string, p: unknown[] = []) => t.database.owner.query(q, p);
const stays = async (householdId: string) =>
  (await owner('select dwelling_id, starts_on::text, ends_on::text, lease_holder_org_id, follows_occupancy_id is not null as follows from occupancies where household_id = $1 order by starts_on', [householdId])).rows;
const caseRow = async (id: string) => (await owner('select stage, lease_slid_on::text, lease_ended_on::text, end_reason from support_cases where id = $1', [id])).rows[0];
const history = async (id: string) => (await owner('select stage from support_stage_history where case_id = $1 order by at', [id])).rows.map((r) => r.stage);
const post = (path: string, secret: string, body: unknown, lang = 'fr') =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) });
const at = (day: string) => new Date(`${day}T09:00:00Z`);

const open = (household: string) => openSlidingLease(t.database.db, adviser, programmeId, household);
const toDecision = (caseId: string) => toSlideDecision(t.database.db, adviser, caseId);

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  logirem = adviser.orgId as string;
  elia = (await owner("select id from organisations where slug = 'elia'")).rows[0].id;
  programmeId = (await owner("update support_programmes set sensitivity = 'normal' where organisation_id = $1 and kind = 'sliding_lease' returning id", [logirem])).rows[0].id;
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [logirem])).rows[0].id;
  for (let i = 0; i < N; i++) {
    dw.push((await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 52000) returning id', [logirem, residence, `LM-SLIDE-D-${i}`])).rows[0].id);
    hh.push((await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [logirem, `LM-SLIDE-DH-${i}`, `Famille Date ${i}`])).rows[0].id);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [logirem, hh[i], dw[i]]);
  }
});

describe('the slide’s date', () => {
  it('the adviser gives the day the lease passed: the sublease ends the day before, the direct lease opens that day, the case keeps the day', async () => {
    const id = await open(hh[0]);
    await toDecision(id);
    expect(await advanceStage(t.database.db, adviser, id, 'slide', at('2027-03-10'), { slideOn: '2027-03-01' })).toEqual({ ok: true, stage: 'slid' });
    expect(await stays(hh[0])).toEqual([
      { dwelling_id: dw[0], starts_on: '2025-01-01', ends_on: '2027-02-28', lease_holder_org_id: elia, follows: false },
      { dwelling_id: dw[0], starts_on: '2027-03-01', ends_on: null, lease_holder_org_id: null, follows: true },
    ]);
    expect(await caseRow(id)).toMatchObject({ stage: 'slid', lease_slid_on: '2027-03-01' });
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect(await (await b.get(`/support/cases/${id}`)).text()).toContain('Le bail a glissé au ménage le 1 mars 2027');
  });

  it('without a date the slide is today’s (Paris); a date up to 31 days ahead is accepted', async () => {
    const a = await open(hh[1]);
    await toDecision(a);
    expect((await advanceStage(t.database.db, adviser, a, 'slide', new Date('2027-04-30T22:30:00Z'), { slideOn: '' })).ok).toBe(true);
    expect((await caseRow(a)).lease_slid_on).toBe('2027-05-01');
    const b = await open(hh[2]);
    await toDecision(b);
    expect((await advanceStage(t.database.db, adviser, b, 'slide', at('2027-04-01'), { slideOn: '2027-05-02' })).ok).toBe(true);
    expect((await stays(hh[2])).find((s) => s.follows)).toMatchObject({ starts_on: '2027-05-02' });
  });

  it('a bad day, a day more than 31 days ahead or not after the sublease’s first day is refused at slideOn (FR/EN, page and API), nothing written', async () => {
    const id = await open(hh[3]);
    await toDecision(id);
    const before = await stays(hh[3]);
    const refused = async (slideOn: string, now = at('2027-04-01')) => advanceStage(t.database.db, adviser, id, 'slide', now, { slideOn });
    expect(await refused('2027-02-30')).toEqual({ ok: false, status: 422, errors: { slideOn: 'directory.lease.badDate' } });
    expect(await refused('2027-05-03')).toEqual({ ok: false, status: 422, errors: { slideOn: 'support.lease.slideTooLate' } });
    expect(await refused('2025-01-01')).toEqual({ ok: false, status: 422, errors: { slideOn: 'support.lease.slideBeforeSublease' } });
    expect(await refused('2024-06-01')).toEqual({ ok: false, status: 422, errors: { slideOn: 'support.lease.slideBeforeSublease' } });
    expect(await stays(hh[3])).toEqual(before);
    expect(await caseRow(id)).toMatchObject({ stage: 'slide_decision', lease_slid_on: null });
    expect(await history(id)).not.toContain('slid');
    expect((await owner("select count(*)::int as n from audit_events where target_id = $1 and action = 'directory.lease.transfer'", [hh[3]])).rows[0].n).toBe(0);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await b.post(`/support/cases/${id}/stage`, { event: 'slide', slideOn: '2024-06-01' });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('Le bail ne peut glisser qu’après le premier jour de la sous-location');
    expect(html).toContain('value="2024-06-01"');
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const api = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'slide', slideOn: '2099-01-01' }, 'en');
    expect(api.status).toBe(422);
    expect((await api.json()).fields).toEqual({ slideOn: 'The slide’s day can be at most 31 days after today.' });
    expect(await stays(hh[3])).toEqual(before);
    const ok = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'slide', slideOn: '2026-11-02' });
    expect(ok.status).toBe(200);
    expect((await stays(hh[3])).find((s) => s.follows)).toMatchObject({ starts_on: '2026-11-02', lease_holder_org_id: null });
  });
});

describe('a lease ended otherwise: its end date closes the occupancy', () => {
  it('the end date is required (field error with the reason’s, page and API), nothing written', async () => {
    const id = await open(hh[4]);
    const before = await stays(hh[4]);
    expect(await advanceStage(t.database.db, adviser, id, 'end', at('2027-06-02'), { endReason: 'family_left' })).toEqual({ ok: false, status: 422, errors: { endOn: 'support.lease.endOnRequired' } });
    expect(await advanceStage(t.database.db, adviser, id, 'end', at('2027-06-02'), {})).toEqual({ ok: false, status: 422, errors: { endReason: 'support.lease.reasonRequired', endOn: 'support.lease.endOnRequired' } });
    // A day to come is planned (lease-planned-end.test.ts), at most six months ahead.
    expect(await advanceStage(t.database.db, adviser, id, 'end', at('2027-06-02'), { endReason: 'family_left', endOn: '2027-12-03' })).toEqual({ ok: false, status: 422, errors: { endOn: 'support.lease.planTooFar' } });
    expect(await advanceStage(t.database.db, adviser, id, 'end', at('2027-06-02'), { endReason: 'family_left', endOn: '2024-12-31' })).toEqual({ ok: false, status: 422, errors: { endOn: 'support.lease.endBeforeStart' } });
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await b.post(`/support/cases/${id}/stage`, { event: 'end', endReason: 'family_left', endReasonText: '', endOn: '' });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Indiquez la date de fin du bail.');
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const api = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'end', endReason: 'eviction' }, 'en');
    expect(api.status).toBe(422);
    expect((await api.json()).fields).toEqual({ endOn: 'Give the day the lease ended.' });
    expect(await stays(hh[4])).toEqual(before);
    expect(await caseRow(id)).toMatchObject({ stage: 'entry', lease_ended_on: null, end_reason: null });
  });

  it('the end closes the household’s occupancy of the case’s dwelling that day, in the stage’s transaction; the dwelling is free; the case shows the day', async () => {
    const id = await open(hh[5]);
    expect(await advanceStage(t.database.db, adviser, id, 'end', at('2027-06-02'), { endReason: 'family_left', endOn: '2027-05-31' })).toEqual({ ok: true, stage: 'other_outcome' });
    expect(await stays(hh[5])).toEqual([{ dwelling_id: dw[5], starts_on: '2025-01-01', ends_on: '2027-05-31', lease_holder_org_id: elia, follows: false }]);
    expect(await caseRow(id)).toMatchObject({ stage: 'other_outcome', lease_ended_on: '2027-05-31', end_reason: 'family_left' });
    expect((await owner('select count(*)::int as n from occupancies where dwelling_id = $1 and ends_on is null', [dw[5]])).rows[0].n).toBe(0);
    expect((await owner("select count(*)::int as n from audit_events where target_id = $1 and action = 'directory.lease.end'", [hh[5]])).rows[0].n).toBe(1);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect(await (await b.get(`/support/cases/${id}`)).text()).toContain('Bail terminé sans glissement le 31 mai 2027. Motif : La famille a quitté le logement');
  });

  it('by the page and the API alike; a household the register already shows elsewhere keeps its new occupancy', async () => {
    const id = await open(hh[6]);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect((await b.post(`/support/cases/${id}/stage`, { event: 'end', endReason: 'eviction', endReasonText: '', endOn: '2026-11-15' })).status).toBe(303);
    expect((await stays(hh[6]))[0]).toMatchObject({ dwelling_id: dw[6], ends_on: '2026-11-15' });
    // The register moved household 7 to dwelling 6 (now free) before its case ends: that occupancy is not the case's to close.
    const other = await open(hh[7]);
    await owner("update occupancies set ends_on = '2026-11-30' where household_id = $1", [hh[7]]);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2026-12-01')", [logirem, hh[7], dw[6]]);
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const api = await post(`/api/v1/support/cases/${other}/stage`, token, { event: 'end', endReason: 'rehoused_elsewhere', endOn: '2026-11-30' });
    expect([api.status, await api.json()]).toEqual([200, { stage: 'other_outcome' }]);
    expect((await stays(hh[7])).filter((s) => s.ends_on === null)).toEqual([expect.objectContaining({ dwelling_id: dw[6], starts_on: '2026-12-01' })]);
    expect((await caseRow(other)).lease_ended_on).toBe('2026-11-30');
  });
});
