import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { advanceStage } from './commands/case-actions.js';
import { correctLeaseDay } from './commands/lease-corrections.js';
import { actorFor, LOGIREM, openSlidingLease, toSlideDecision } from './test-helpers.js';

/**
 * A sliding lease's days corrected after the fact: the slide's day (the register's sublease end and direct lease
 * start move together, directory's correctLeaseTransfer) and the last day of a lease ended otherwise (the
 * occupancy's end moves, correctOccupancyEnd), with a reason; field errors, nothing half-written (issue 6).
 */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let logirem: string;
let elia: string;
let programmeId: string;
/** This file's own Air Bel dwellings and households: household i lives in dwelling i since 2025-01-01. */
const dw: string[] = [];
const hh: string[] = [];
const N = 8;

const owner = (q: string, p: unknown[] = []) => t.database.owner.query(q, p);
const stays = async (householdId: string) =>
  (await owner('select dwelling_id, starts_on::text, ends_on::text, lease_holder_org_id, follows_occupancy_id is not null as follows from occupancies where household_id = $1 order by starts_on', [householdId])).rows;
const caseRow = async (id: string) => (await owner('select stage, lease_slid_on::text, lease_ended_on::text from support_cases where id = $1', [id])).rows[0];
const corrections = async (id: string) => (await owner('select kind, old_on::text, new_on::text, reason, corrected_by from support_lease_corrections where case_id = $1 order by corrected_at', [id])).rows;
const audits = async (action: string, target: string) => (await owner('select details from audit_events where action = $1 and target_id = $2 order by id', [action, target])).rows.map((r) => r.details);
const post = (path: string, secret: string, body: unknown, lang = 'fr') =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) });
const at = (day: string) => new Date(`${day}T09:00:00Z`);
const correct = (id: string, kind: 'slide' | 'end', on: string, reason: string, now: string) => correctLeaseDay(t.database.db, adviser, id, { kind, on, reason }, at(now));

/** A case of household i whose lease slid on `on` (recorded on `now`). */
async function slid(i: number, on: string, now: string): Promise<string> {
  const id = await openSlidingLease(t.database.db, adviser, programmeId, hh[i]);
  await toSlideDecision(t.database.db, adviser, id);
  const r = await advanceStage(t.database.db, adviser, id, 'slide', at(now), { slideOn: on });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return id;
}
/** A case of household i whose lease ended otherwise on `on` (recorded on `now`). */
async function ended(i: number, on: string, now: string): Promise<string> {
  const id = await openSlidingLease(t.database.db, adviser, programmeId, hh[i]);
  const r = await advanceStage(t.database.db, adviser, id, 'end', at(now), { endReason: 'family_left', endOn: on });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return id;
}

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  logirem = adviser.orgId as string;
  elia = (await owner("select id from organisations where slug = 'elia'")).rows[0].id;
  programmeId = (await owner("update support_programmes set sensitivity = 'normal' where organisation_id = $1 and kind = 'sliding_lease' returning id", [logirem])).rows[0].id;
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [logirem])).rows[0].id;
  for (let i = 0; i < N; i++) {
    dw.push((await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 52000) returning id', [logirem, residence, `LM-CORR-D-${i}`])).rows[0].id);
    hh.push((await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [logirem, `LM-CORR-H-${i}`, `Famille Correction ${i}`])).rows[0].id);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [logirem, hh[i], dw[i]]);
  }
});

describe('the slide’s day corrected', () => {
  it('moves the sublease’s end and the direct lease’s start together; the case keeps the new day and the correction (old day, reason, who); audited', async () => {
    const id = await slid(0, '2027-03-01', '2027-03-10');
    expect(await correct(id, 'slide', '2027-02-15', 'Date mal saisie : bail signé le 15', '2027-03-10')).toEqual({ ok: true, on: '2027-02-15' });
    expect(await stays(hh[0])).toEqual([
      { dwelling_id: dw[0], starts_on: '2025-01-01', ends_on: '2027-02-14', lease_holder_org_id: elia, follows: false },
      { dwelling_id: dw[0], starts_on: '2027-02-15', ends_on: null, lease_holder_org_id: null, follows: true },
    ]);
    expect(await caseRow(id)).toEqual({ stage: 'slid', lease_slid_on: '2027-02-15', lease_ended_on: null });
    expect(await corrections(id)).toEqual([{ kind: 'slide', old_on: '2027-03-01', new_on: '2027-02-15', reason: 'Date mal saisie : bail signé le 15', corrected_by: adviser.userId }]);
    expect(await audits('support.case.lease.correct', id)).toEqual([{ kind: 'slide', from: '2027-03-01', to: '2027-02-15' }]);
    expect(await audits('directory.lease.transfer.correct', hh[0])).toEqual([{ dwelling: dw[0], from: '2027-03-01', to: '2027-02-15' }]);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const html = await (await b.get(`/support/cases/${id}`)).text();
    expect(html).toContain('Le bail a glissé au ménage le 15 février 2027');
    expect(html).toContain('a corrigé la date du glissement : 1 mars 2027 → 15 février 2027. Motif : Date mal saisie : bail signé le 15');
    expect(html).toContain('value="2027-02-15"');
  });

  it('a missing day or reason, a bad day, more than 31 days ahead, not after the sublease’s first day or the same day: field errors (page FR, API EN), nothing written', async () => {
    const id = await slid(1, '2027-03-01', '2027-03-10');
    const before = await stays(hh[1]);
    expect(await correct(id, 'slide', '', '', '2027-03-10')).toEqual({ ok: false, status: 422, errors: { slideOn: 'support.lease.correctDayRequired', correctionReason: 'support.lease.correctReasonRequired' } });
    expect(await correct(id, 'slide', '2027-02-30', 'x', '2027-03-10')).toEqual({ ok: false, status: 422, errors: { slideOn: 'directory.lease.badDate' } });
    expect(await correct(id, 'slide', '2027-04-11', 'x', '2027-03-10')).toEqual({ ok: false, status: 422, errors: { slideOn: 'support.lease.slideTooLate' } });
    expect(await correct(id, 'slide', '2025-01-01', 'x', '2027-03-10')).toEqual({ ok: false, status: 422, errors: { slideOn: 'support.lease.slideBeforeSublease' } });
    expect(await correct(id, 'slide', '2027-03-01', 'x', '2027-03-10')).toEqual({ ok: false, status: 422, errors: { slideOn: 'directory.lease.sameDay' } });
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await b.post(`/support/cases/${id}/lease/correct`, { kind: 'slide', slideOn: '2024-06-01', correctionReason: 'Erreur de saisie' });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('Le bail ne peut glisser qu’après le premier jour de la sous-location');
    expect(html).toContain('value="2024-06-01"');
    expect(html).toContain('Erreur de saisie</textarea>');
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const api = await post(`/api/v1/support/cases/${id}/lease/correct`, token, { kind: 'slide', slideOn: '2099-01-01' }, 'en');
    expect(api.status).toBe(422);
    expect((await api.json()).fields).toEqual({ slideOn: 'The slide’s day can be at most 31 days after today.', correctionReason: 'Give the reason for the correction.' });
    expect(await stays(hh[1])).toEqual(before);
    expect(await caseRow(id)).toMatchObject({ lease_slid_on: '2027-03-01' });
    expect(await corrections(id)).toEqual([]);
    expect(await audits('directory.lease.transfer.correct', hh[1])).toEqual([]);
    const ok = await post(`/api/v1/support/cases/${id}/lease/correct`, token, { kind: 'slide', slideOn: '2026-10-01', correctionReason: 'Bail signé en octobre' });
    expect([ok.status, await ok.json()]).toEqual([200, { on: '2026-10-01' }]);
    expect(await stays(hh[1])).toEqual([
      { dwelling_id: dw[1], starts_on: '2025-01-01', ends_on: '2026-09-30', lease_holder_org_id: elia, follows: false },
      { dwelling_id: dw[1], starts_on: '2026-10-01', ends_on: null, lease_holder_org_id: null, follows: true },
    ]);
  });

  it('no longer once the household has left the lease the slide opened (409 at slideOn), nor for a lease that has not slid; nothing written', async () => {
    const id = await slid(2, '2027-03-01', '2027-03-10');
    await owner("update occupancies set ends_on = '2027-08-31' where household_id = $1 and ends_on is null", [hh[2]]);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2027-09-01')", [logirem, hh[2], dw[7]]);
    const before = await stays(hh[2]);
    expect(await correct(id, 'slide', '2027-02-15', 'Date mal saisie', '2027-03-10')).toEqual({ ok: false, status: 409, errors: { slideOn: 'directory.lease.noTransfer' } });
    expect(await stays(hh[2])).toEqual(before);
    expect(await caseRow(id)).toMatchObject({ lease_slid_on: '2027-03-01' });
    const open = await openSlidingLease(t.database.db, adviser, programmeId, hh[3]);
    expect(await correct(open, 'slide', '2027-02-15', 'Date mal saisie', '2027-03-10')).toEqual({ ok: false, status: 409, errors: { slideOn: 'support.lease.notSlid' } });
    expect(await correct(open, 'end', '2027-02-15', 'Date mal saisie', '2027-03-10')).toEqual({ ok: false, status: 409, errors: { endOn: 'support.lease.notEnded' } });
  });
});

describe('the last day of a lease ended otherwise corrected', () => {
  it('moves the register’s occupancy end, earlier or later (today at the latest); the case keeps each correction; audited', async () => {
    const id = await ended(4, '2027-05-31', '2027-06-02');
    expect(await correct(id, 'end', '2027-05-15', 'La famille a rendu les clés le 15', '2027-06-02')).toEqual({ ok: true, on: '2027-05-15' });
    expect(await stays(hh[4])).toEqual([{ dwelling_id: dw[4], starts_on: '2025-01-01', ends_on: '2027-05-15', lease_holder_org_id: elia, follows: false }]);
    expect(await correct(id, 'end', '2027-06-03', 'x', '2027-06-02')).toEqual({ ok: false, status: 422, errors: { endOn: 'support.lease.endOnFuture' } });
    expect(await correct(id, 'end', '2024-12-31', 'x', '2027-06-02')).toEqual({ ok: false, status: 422, errors: { endOn: 'support.lease.endBeforeStart' } });
    expect(await correct(id, 'end', '2027-06-01', 'État des lieux le 1er juin', '2027-06-02')).toEqual({ ok: true, on: '2027-06-01' });
    expect(await stays(hh[4])).toEqual([{ dwelling_id: dw[4], starts_on: '2025-01-01', ends_on: '2027-06-01', lease_holder_org_id: elia, follows: false }]);
    expect(await caseRow(id)).toEqual({ stage: 'other_outcome', lease_slid_on: null, lease_ended_on: '2027-06-01' });
    expect((await corrections(id)).map((k) => [k.kind, k.old_on, k.new_on])).toEqual([
      ['end', '2027-05-31', '2027-05-15'],
      ['end', '2027-05-15', '2027-06-01'],
    ]);
    expect(await audits('directory.lease.end.correct', hh[4])).toEqual([
      { dwelling: dw[4], from: '2027-05-31', to: '2027-05-15' },
      { dwelling: dw[4], from: '2027-05-15', to: '2027-06-01' },
    ]);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const html = await (await b.get(`/support/cases/${id}`)).text();
    expect(html).toContain('Bail terminé sans glissement le 1 juin 2027');
    expect(html).toContain('a corrigé le dernier jour du bail : 15 mai 2027 → 1 juin 2027. Motif : État des lieux le 1er juin');
  });

  it('refused when another household occupies the dwelling from a day the later end would overlap, or the household’s next home does (field error at endOn, page and API), nothing written', async () => {
    const id = await ended(5, '2026-05-31', '2026-06-02');
    // Household 6 moved into dwelling 5 on 2026-06-01 (days before any run of this test: the page and the API use the real today).
    await owner("update occupancies set ends_on = '2026-05-31' where household_id = $1", [hh[6]]);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2026-06-01')", [logirem, hh[6], dw[5]]);
    const before = await stays(hh[5]);
    expect(await correct(id, 'end', '2026-06-01', 'x', '2026-06-10')).toEqual({ ok: false, status: 422, errors: { endOn: 'directory.lease.endOverlapsOther' } });
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const api = await post(`/api/v1/support/cases/${id}/lease/correct`, token, { kind: 'end', endOn: '2026-06-05', correctionReason: 'x' }, 'en');
    expect(api.status).toBe(422);
    expect((await api.json()).fields).toEqual({ endOn: 'Another household occupies this dwelling from a day this end would overlap (see the register).' });
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await b.post(`/support/cases/${id}/lease/correct`, { kind: 'end', endOn: '2026-06-01', correctionReason: 'Clés rendues plus tard' });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Un autre ménage occupe ce logement à partir d’un jour que cette fin chevaucherait');
    expect(await stays(hh[5])).toEqual(before);
    expect(await caseRow(id)).toMatchObject({ lease_ended_on: '2026-05-31' });
    expect(await corrections(id)).toEqual([]);
    // Household 7's next home (dwelling 6) begins the day after its end: a later end would overlap it.
    const other = await ended(7, '2026-04-30', '2026-06-02');
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2026-05-01')", [logirem, hh[7], dw[6]]);
    expect(await correct(other, 'end', '2026-05-02', 'x', '2026-06-02')).toEqual({ ok: false, status: 422, errors: { endOn: 'directory.lease.endOverlapsNext' } });
    expect((await stays(hh[7]))[0]).toMatchObject({ dwelling_id: dw[7], ends_on: '2026-04-30' });
    // An earlier end overlaps nothing.
    expect(await correct(id, 'end', '2026-05-20', 'Clés rendues le 20', '2026-06-10')).toEqual({ ok: true, on: '2026-05-20' });
    expect(await stays(hh[5])).toEqual([{ dwelling_id: dw[5], starts_on: '2025-01-01', ends_on: '2026-05-20', lease_holder_org_id: elia, follows: false }]);
  });
});
