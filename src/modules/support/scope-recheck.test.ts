import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * A programme's scope after opening: the household search of the "new case" form lists only the households
 * of the programme chosen first; the programme page lists the open cases now outside the scope (a household
 * moved, computed at read time) and a scope edit leaving open cases outside needs a confirmation (page, API);
 * the case page says so to its adviser.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let manager: Actor;
let orgId: string;
const res: Record<string, string> = {};
const hh: Record<string, { id: string; reference: string }> = {};
const prog: Record<string, string> = {};
let dwellingElsewhere: string;

const owner = async (q: string, p: unknown[] = []) => (await t.database.owner.query(q, p)).rows;
/** A household living in this residence, without any support case (the demo gives some households cases), by reference. */
const householdOf = async (residence: string, skip: string[] = []) =>
  (
    await owner(
      `select h.id::text, h.reference from households h join occupancies o on o.household_id = h.id and o.ends_on is null join dwellings d on d.id = o.dwelling_id
        where d.residence_id = $1 and not exists (select 1 from support_cases c where c.household_id = h.id) and not (h.id::text = any($2::text[])) order by h.reference limit 1`,
      [residence, skip],
    )
  )[0] as { id: string; reference: string };
const programmeForm = (name: string, residenceId: string, extra: Record<string, string> = {}) => ({
  name,
  kind: 'generic',
  sensitivity: 'normal',
  residenceIds: residenceId,
  eligibility: '',
  retentionMonths: '',
  retentionFrom: 'last_contact',
  retentionAction: 'anonymise',
  legalBasis: 'Mission d’intérêt général',
  notice: 'Notice',
  ...extra,
});

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  manager = await actorFor(t.database.db, LOGIREM.manager);
  orgId = adviser.orgId as string;
  res.airBel = (await owner(`select id::text from residences where organisation_id = $1 and name = 'Air Bel'`, [orgId]))[0].id;
  // Another residence of the landlord with a dwelling, made for the test (the demo's households live in Air Bel), for moves and narrower scopes.
  res.other = (await owner(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'SCOPE-AUTRE', 'Résidence Autre', '1 rue du Test', '13015', 'Marseille') returning id::text`, [orgId]))[0].id;
  dwellingElsewhere = (await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, 'SCOPE-AUTRE-01', 3, 1, 45000) returning id::text`, [orgId, res.other]))[0].id;
  hh.moving = await householdOf(res.airBel);
  hh.staying = await householdOf(res.airBel, [hh.moving.id]);
  // A household living there, made for the test (the demo may house nobody there).
  hh.elsewhere = (await owner(`insert into households (organisation_id, reference, name) values ($1, 'SCOPE-AILLEURS', 'Foyer Ailleurs') returning id::text, reference`, [orgId]))[0];
  await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date - 30)`, [orgId, hh.elsewhere.id, dwellingElsewhere]);
  await withTenant(t.database.db, { orgId }, async (tx) => {
    const make = async (name: string, ids: string[]) =>
      (
        await tx
          .insertInto('support_programmes')
          .values({ organisation_id: orgId, kind: 'generic', name, sensitivity: 'normal', residence_kinds: [], residence_ids: sql`${ids}::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: manager.userId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id as string;
    prog.airBel = await make('Air Bel — médiation', [res.airBel]);
    prog.edited = await make('Air Bel — ateliers', [res.airBel]);
  });
});

const open = async (programmeId: string, householdId: string) => {
  const r = await openCase(t.database.db, adviser, { programmeId, householdId, situation: '', confidentialAddress: false });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.caseId;
};

describe('the "new case" form’s household search, by programme', () => {
  it('lists only the households of the programme’s residences once the programme is chosen first (no JavaScript), and every household otherwise', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const search = async (q: string, programmeId?: string) => (await client.get(`/support/cases/new?q=${encodeURIComponent(q)}${programmeId ? `&programmeId=${programmeId}` : ''}`)).text();
    const inScope = await search(hh.moving.reference, prog.airBel);
    expect(inScope).toContain(`href="/support/cases/new?householdId=${hh.moving.id}&amp;programmeId=${prog.airBel}"`);
    expect(inScope).toContain('Seuls les foyers des résidences concernées par « Air Bel — médiation » sont proposés.');
    expect(inScope).toMatch(new RegExp(`<option value="${prog.airBel}" selected`));
    const outside = await search(hh.elsewhere.reference, prog.airBel);
    expect(outside).not.toContain(hh.elsewhere.id);
    expect(outside).toContain('Aucun foyer ne correspond à cette recherche.');
    expect(await search(hh.elsewhere.reference)).toContain(`href="/support/cases/new?householdId=${hh.elsewhere.id}"`);
    // Chosen from the filtered search, the household comes with the programme already selected.
    const chosen = await (await client.get(`/support/cases/new?householdId=${hh.moving.id}&programmeId=${prog.airBel}`)).text();
    const caseProgramme = chosen.slice(chosen.indexOf('id="f-programmeId"'));
    expect(caseProgramme.slice(0, caseProgramme.indexOf('</select>'))).toContain(`<option value="${prog.airBel}" selected`);
  });
});

describe('open cases checked again against the scope', () => {
  it('a household that moves out: the programme page lists its case (count and link, audited) and the case page warns its adviser; a covered case has no warning', async () => {
    const moved = await open(prog.airBel, hh.moving.id);
    const stays = await open(prog.airBel, hh.staying.id);
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    const before = await (await client.get(`/support/programmes/${prog.airBel}/edit`)).text();
    expect(before).not.toContain('hors du périmètre');
    // The household moves to a dwelling of another residence (the directory's register changes, nothing in support).
    await owner(`update occupancies set ends_on = greatest(starts_on, current_date) where household_id = $1 and ends_on is null`, [hh.moving.id]);
    await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)`, [orgId, hh.moving.id, dwellingElsewhere]);
    const after = await (await client.get(`/support/programmes/${prog.airBel}/edit`)).text();
    expect(after).toContain('Accompagnements en cours hors du périmètre');
    expect(after).toContain('1 accompagnement en cours concerne un foyer qui n’habite pas une résidence concernée par ce programme.');
    expect(after).toContain(`href="/support/cases/${moved}"`);
    expect(after).not.toContain(`href="/support/cases/${stays}"`);
    expect(after).toContain('le foyer habite une autre résidence');
    const trail = await owner(`select details from audit_events where action = 'support.cases.list' and target_id = $1`, [prog.airBel]);
    expect(trail.map((r) => r.details)).toEqual([{ count: 1, why: 'out of scope' }]);

    const adviserClient = t.client();
    await adviserClient.signIn(LOGIREM.adviserA);
    expect(await (await adviserClient.get(`/support/cases/${moved}`)).text()).toContain('Ce foyer n’habite plus une résidence concernée par ce programme');
    expect(await (await adviserClient.get(`/support/cases/${stays}`)).text()).not.toContain('Ce foyer n’habite plus une résidence concernée');
  });

  it('a scope edit leaving open cases outside shows them and asks to confirm (nothing saved); confirmed, it is saved and audited with the count', async () => {
    const caseId = await open(prog.edited, hh.staying.id);
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    const scopeOf = async () => (await owner('select residence_ids::text[] as ids from support_programmes where id = $1', [prog.edited]))[0].ids;
    const refused = await client.post(`/support/programmes/${prog.edited}`, programmeForm('Air Bel — ateliers', res.other));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Accompagnements en cours hors du nouveau périmètre');
    expect(html).toContain('Avec ces résidences, 1 accompagnement en cours sortirait du périmètre du programme.');
    expect(html).toContain(`href="/support/cases/${caseId}"`);
    expect(html).toContain('Ces résidences laisseraient des accompagnements en cours hors du programme');
    expect(html).toContain('name="confirmOutOfScope"');
    expect(html).toMatch(new RegExp(`value="${res.other}"[^>]*checked`));
    expect(await scopeOf()).toEqual([res.airBel]);
    const saved = await client.post(`/support/programmes/${prog.edited}`, programmeForm('Air Bel — ateliers', res.other, { confirmOutOfScope: 'on' }));
    expect(saved.status).toBe(303);
    expect(await scopeOf()).toEqual([res.other]);
    const trail = await owner(`select details from audit_events where action = 'support.programme.update' and target_id = $1`, [prog.edited]);
    expect(trail.map((r) => r.details)).toEqual([{ openCasesOutOfScope: 1 }]);
    // The case stays open; the page now lists it as outside the programme's scope.
    expect((await owner('select status from support_cases where id = $1', [caseId]))[0].status).toBe('open');
    expect(await (await client.get(`/support/programmes/${prog.edited}/edit`)).text()).toContain(`href="/support/cases/${caseId}"`);
  });

  it('the API asks the same: 422 at confirmOutOfScope (in English for an English caller), saved with confirmOutOfScope true; a change keeping every case in scope goes through', async () => {
    const token = await apiTokenFor(t, LOGIREM.manager, ['support.programmes.manage']);
    const body = (residenceIds: string[], confirm?: boolean) => ({
      name: 'Air Bel — ateliers',
      kind: 'generic',
      sensitivity: 'normal',
      residenceIds,
      retentionFrom: 'last_contact',
      retentionAction: 'anonymise',
      legalBasis: 'Mission',
      notice: 'Notice',
      ...(confirm === undefined ? {} : { confirmOutOfScope: confirm }),
    });
    const call = (b: unknown) =>
      t.app.request(`/api/v1/support/programmes/${prog.edited}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(b) });
    // The programme covers the other residence now (test above); its open case lives in Air Bel. Adding Air Bel back: no case left out.
    expect((await call(body([res.other, res.airBel]))).status).toBe(200);
    const refused = await call(body([res.other]));
    expect(refused.status).toBe(422);
    expect((await refused.json()).fields).toEqual({ confirmOutOfScope: 'These residences would leave open cases outside the programme: tick the box to confirm, or keep the residences they concern.' });
    expect((await owner('select residence_ids::text[] as ids from support_programmes where id = $1', [prog.edited]))[0].ids).toEqual([res.other, res.airBel]);
    expect((await call(body([res.other], true))).status).toBe(200);
    expect((await owner('select residence_ids::text[] as ids from support_programmes where id = $1', [prog.edited]))[0].ids).toEqual([res.other]);
  });
});
