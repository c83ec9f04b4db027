import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { advanceStage } from './commands/case-actions.js';
import { nameLeaseDwelling } from './commands/lease-slide.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM, openSlidingLease, toSlideDecision } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let outsider: Actor;
let logirem: string;
let elia: string;
let programmeId: string;
/** This file's own Air Bel dwellings and households: households 0–4 live in dwellings 0–4 since 2025, dwelling 5 is vacant. */
const dw: string[] = [];
const hh: string[] = [];

const owner = (q: string, p: unknown[] = []) => t.database.owner.query(q, p);
const stays = async (householdId: string) =>
  (await owner('select dwelling_id, starts_on::text, ends_on::text, lease_holder_org_id, follows_occupancy_id is not null as follows from occupancies where household_id = $1 order by starts_on', [householdId])).rows;
const caseRow = async (id: string) => (await owner('select stage, lease_dwelling_id, lease_partner_org_id, end_reason, end_reason_text from support_cases where id = $1', [id])).rows[0];
const post = (path: string, secret: string, body: unknown) => t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const open = (household: string) => openSlidingLease(t.database.db, adviser, programmeId, household);
const toDecision = (caseId: string) => toSlideDecision(t.database.db, adviser, caseId);

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  outsider = await actorFor(t.database.db, demo('social_adviser'));
  logirem = adviser.orgId as string;
  elia = (await owner("select id from organisations where slug = 'elia'")).rows[0].id;
  // The demo's programme is highly sensitive (no writes by token); here it is an ordinary one, so the API can be tried too.
  programmeId = (await owner("update support_programmes set sensitivity = 'normal' where organisation_id = $1 and kind = 'sliding_lease' returning id", [logirem])).rows[0].id;
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [logirem])).rows[0].id;
  for (let i = 0; i < 6; i++) {
    dw.push((await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 52000) returning id', [logirem, residence, `LM-SLIDE-T-${i}`])).rows[0].id);
    if (i === 5) break;
    hh.push((await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [logirem, `LM-SLIDE-H-${i}`, `Famille Glissement ${i}`])).rows[0].id);
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [logirem, hh[i], dw[i]]);
  }
});

describe('sliding lease: the slide in the tenancy register', () => {
  it('opening names the household’s dwelling and Elia (the register shows the sublease); the slide passes the lease to the household in the register that day', async () => {
    const id = await open(hh[0]);
    expect(await caseRow(id)).toMatchObject({ stage: 'entry', lease_dwelling_id: dw[0], lease_partner_org_id: elia });
    expect(await stays(hh[0])).toEqual([{ dwelling_id: dw[0], starts_on: '2025-01-01', ends_on: null, lease_holder_org_id: elia, follows: false }]);
    await toDecision(id);
    expect(await advanceStage(t.database.db, adviser, id, 'slide', new Date('2027-03-01T09:00:00Z'))).toEqual({ ok: true, stage: 'slid' });
    expect(await stays(hh[0])).toEqual([
      { dwelling_id: dw[0], starts_on: '2025-01-01', ends_on: '2027-02-28', lease_holder_org_id: elia, follows: false },
      { dwelling_id: dw[0], starts_on: '2027-03-01', ends_on: null, lease_holder_org_id: null, follows: true },
    ]);
    const trail = (await owner("select action from audit_events where target_id = $1 and action = 'directory.lease.transfer'", [hh[0]])).rows;
    expect(trail).toHaveLength(1);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await (await b.get(`/support/cases/${id}`)).text();
    expect(page).toContain('Le bail a glissé au ménage le');
    expect(page).toContain('LM-SLIDE-T-0 — Air Bel');
    expect(page).toContain('au nom du ménage');
    // The lease has slid: its dwelling no longer changes.
    expect(await nameLeaseDwelling(t.database.db, adviser, id, { dwellingRef: 'LM-SLIDE-T-5', partnerOrgId: elia })).toMatchObject({ ok: false, status: 409 });
  });

  it('a case without its dwelling cannot slide (clear error, nothing written); named on the case page, it slides', async () => {
    const id = await open(hh[1]);
    await owner('update support_cases set lease_dwelling_id = null where id = $1', [id]);
    await toDecision(id);
    const before = await stays(hh[1]);
    expect(await advanceStage(t.database.db, adviser, id, 'slide')).toEqual({ ok: false, status: 422, errors: { event: 'support.lease.noDwelling' } });
    expect((await caseRow(id)).stage).toBe('slide_decision');
    expect(await stays(hh[1])).toEqual(before);
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const refused = await b.post(`/support/cases/${id}/stage`, { event: 'slide' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Indiquez d’abord le logement du bail glissant');
    const unknown = await b.post(`/support/cases/${id}/lease`, { dwellingRef: 'LM-NOWHERE-999', partnerOrgId: elia, startsOn: '' });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('Aucun logement de votre patrimoine ne porte cette référence.');
    expect(html).toContain('value="LM-NOWHERE-999"');
    expect((await b.post(`/support/cases/${id}/lease`, { dwellingRef: 'LM-SLIDE-T-1', partnerOrgId: elia, startsOn: '' })).status).toBe(303);
    expect((await caseRow(id)).lease_dwelling_id).toBe(dw[1]);
    expect((await b.post(`/support/cases/${id}/stage`, { event: 'slide' })).status).toBe(303);
    expect((await stays(hh[1])).filter((s) => s.ends_on === null)).toEqual([expect.objectContaining({ dwelling_id: dw[1], lease_holder_org_id: null, follows: true })]);
  });

  it('naming another dwelling moves the household there under the sublease, from its start day (page and API alike)', async () => {
    const id = await open(hh[4]);
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const bad = await post(`/api/v1/support/cases/${id}/lease`, token, { dwellingRef: 'LM-SLIDE-T-2', partnerOrgId: elia });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ dwellingRef: 'Un autre ménage occupe ce logement selon le registre.' });
    const moved = await post(`/api/v1/support/cases/${id}/lease`, token, { dwellingRef: 'LM-SLIDE-T-5', partnerOrgId: elia, startsOn: '2026-06-01' });
    expect(moved.status).toBe(200);
    expect(await stays(hh[4])).toEqual([
      { dwelling_id: dw[4], starts_on: '2025-01-01', ends_on: '2026-05-31', lease_holder_org_id: elia, follows: false },
      { dwelling_id: dw[5], starts_on: '2026-06-01', ends_on: null, lease_holder_org_id: elia, follows: false },
    ]);
  });

  it('another outcome needs its reason (field errors, page and API); it is recorded and shown on the case; the register closes the occupancy on its last day', async () => {
    const id = await open(hh[2]);
    expect(await advanceStage(t.database.db, adviser, id, 'end', new Date(), { endOn: '2026-11-30' })).toEqual({ ok: false, status: 422, errors: { endReason: 'support.lease.reasonRequired' } });
    expect(await advanceStage(t.database.db, adviser, id, 'end', new Date(), { endReason: 'other', endReasonText: '  ', endOn: '2026-11-30' })).toEqual({ ok: false, status: 422, errors: { endReasonText: 'support.lease.reasonTextRequired' } });
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await b.post(`/support/cases/${id}/stage`, { event: 'end', endReason: '', endReasonText: '', endOn: '2026-11-30' });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Choisissez le motif de la fin sans glissement.');
    expect((await caseRow(id)).stage).toBe('entry');
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const noText = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'end', endReason: 'other', endOn: '2026-11-30' });
    expect(noText.status).toBe(422);
    expect((await noText.json()).fields).toEqual({ endReasonText: 'Précisez le motif.' });
    const ended = await post(`/api/v1/support/cases/${id}/stage`, token, { event: 'end', endReason: 'eviction', endReasonText: 'ignoré', endOn: '2026-11-30' });
    expect([ended.status, await ended.json()]).toEqual([200, { stage: 'other_outcome' }]);
    expect(await caseRow(id)).toMatchObject({ stage: 'other_outcome', end_reason: 'eviction', end_reason_text: null });
    expect(await stays(hh[2])).toEqual([{ dwelling_id: dw[2], starts_on: '2025-01-01', ends_on: '2026-11-30', lease_holder_org_id: elia, follows: false }]);
    const shown = await (await b.get(`/support/cases/${id}`)).text();
    expect(shown).toContain('Bail terminé sans glissement le 30 novembre 2026. Motif : Procédure d’expulsion ou résiliation du bail');
  });

  it('another organisation sees nothing: not the case, not the register, and cannot slide or name the dwelling', async () => {
    const id = await open(hh[3]);
    expect(await readCase(t.database.db, outsider, id)).toMatchObject({ ok: false, status: 404 });
    expect(await advanceStage(t.database.db, outsider, id, 'review_3m')).toMatchObject({ ok: false, status: 404 });
    expect(await nameLeaseDwelling(t.database.db, outsider, id, { dwellingRef: 'LM-SLIDE-T-3', partnerOrgId: elia })).toMatchObject({ ok: false, status: 404 });
    const seen = await withTenant(t.database.db, { orgId: outsider.orgId }, (tx) => tx.selectFrom('occupancies').select('id').where('household_id', '=', hh[3]).execute());
    expect(seen).toEqual([]);
    const b = t.client();
    await b.signIn(demo('social_adviser'));
    expect((await b.post(`/support/cases/${id}/lease`, { dwellingRef: 'LM-SLIDE-T-3', partnerOrgId: elia })).status).toBe(404);
    expect(await caseRow(id)).toMatchObject({ stage: 'entry', lease_dwelling_id: dw[3] });
  });

  it('two slides at once: one passes the lease, the other is refused; one direct lease in the register', async () => {
    const id = (await owner("select id from support_cases where household_id = $1", [hh[3]])).rows[0].id as string;
    await toDecision(id);
    const both = await Promise.all([0, 1].map(() => advanceStage(t.database.db, adviser, id, 'slide', new Date('2027-04-01T09:00:00Z'))));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409 });
    const rows = await stays(hh[3]);
    expect(rows.filter((s) => s.follows)).toEqual([{ dwelling_id: dw[3], starts_on: '2027-04-01', ends_on: null, lease_holder_org_id: null, follows: true }]);
    expect(rows).toHaveLength(2);
    expect((await owner("select count(*)::int as n from support_stage_history where case_id = $1 and stage = 'slid'", [id])).rows[0].n).toBe(1);
  });
});
