import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * A programme's residences and residence types are its scope: opening a case for a household living
 * elsewhere is refused by the command (pages and API), and the "new case" form offers only the
 * programmes covering the chosen household. Whom the case is about can be named at opening.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
let airBel: string;
let household: string;
let homeless: string;
const programme: Record<string, string> = {};
let resident: { userId: string; name: string };

const owner = (q: string, p: unknown[] = []) => t.database.owner.query(q, p);
const casesOf = async (householdId: string) =>
  (await owner('select programme_id::text, person_user_id::text from support_cases where household_id = $1', [householdId])).rows as { programme_id: string; person_user_id: string | null }[];

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  airBel = (await owner(`select id::text from residences where organisation_id = $1 and name = 'Air Bel'`, [orgId])).rows[0].id;
  // A household of Air Bel (an ordinary residence) with a resident who has an account, made for this test.
  // Without a case of the demo (the seed gives Air Bel's first households cases, and ids are random).
  household = (await owner(`select o.household_id::text as id from occupancies o join dwellings d on d.id = o.dwelling_id where d.residence_id = $1 and o.ends_on is null and not exists (select 1 from support_cases c where c.household_id = o.household_id) order by 1 limit 1`, [airBel])).rows[0].id;
  const user = (await owner(`insert into users (email, display_name, locale) values ('scope-resident@example.org', 'Awa Scope', 'fr') returning id::text`)).rows[0].id;
  await owner(`insert into memberships (user_id, organisation_id, role, household_id) values ($1, $2, 'resident', $3)`, [user, orgId, household]);
  resident = { userId: user, name: 'Awa Scope' };
  // A household waiting for a dwelling: no current occupancy.
  homeless = (await owner(`insert into households (organisation_id, reference, name) values ($1, 'SCOPE-WAIT', 'Foyer en attente') returning id::text`, [orgId])).rows[0].id;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    const onboarding = (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string;
    programme.all = onboarding;
    const copy = async (name: string, kinds: string[], ids: string[]) =>
      (
        await tx
          .insertInto('support_programmes')
          .values({ organisation_id: orgId, kind: 'generic', name, sensitivity: 'normal', residence_kinds: kinds, residence_ids: sql`${ids}::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: adviser.userId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id as string;
    programme.pension = await copy('Pensions de famille seulement', ['pension_de_famille'], []);
    programme.airBel = await copy('Air Bel seulement', [], [airBel]);
    programme.ordinary = await copy('Résidences ordinaires', ['ordinary'], []);
  });
});

describe('programme scope at case opening', () => {
  it('the command refuses a household outside the programme’s residences or types (field error on the household, nothing written); inside, or with no scope, it opens', async () => {
    const base = { householdId: household, situation: '', confidentialAddress: false };
    const outside = await openCase(t.database.db, adviser, { ...base, programmeId: programme.pension });
    expect(outside).toEqual({ ok: false, status: 422, errors: { householdId: 'support.form.outsideScope' } });
    expect(await casesOf(household)).toEqual([]);
    const waiting = await openCase(t.database.db, adviser, { ...base, householdId: homeless, programmeId: programme.airBel });
    expect(waiting).toEqual({ ok: false, status: 422, errors: { householdId: 'support.form.noDwellingInScope' } });
    for (const p of [programme.airBel, programme.ordinary]) expect((await openCase(t.database.db, adviser, { ...base, programmeId: p })).ok).toBe(true);
    // No residence and no type ticked: every residence, and a household without a dwelling too.
    expect((await openCase(t.database.db, adviser, { ...base, householdId: homeless, programmeId: programme.all })).ok).toBe(true);
    expect((await casesOf(household)).map((c) => c.programme_id).sort()).toEqual([programme.airBel, programme.ordinary].sort());
  });

  it('the page re-renders the refusal at the household field in French, and in English, values kept, nothing written', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const res = await client.post('/support/cases', { programmeId: programme.pension, householdId: household, situation: 'Situation gardée' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Ce foyer n’habite pas une résidence concernée par ce programme');
    expect(html).toMatch(/id="f-householdId"[^>]*aria-invalid="true"/);
    expect(html).toContain('Situation gardée');
    await owner(`update users set locale = 'en' where email = $1`, [LOGIREM.adviserB]);
    try {
      const en = t.client();
      await en.signIn(LOGIREM.adviserB);
      const r = await en.post('/support/cases', { programmeId: programme.airBel, householdId: homeless, situation: '' });
      expect(r.status).toBe(422);
      expect(await r.text()).toContain('This programme applies only to some residences, and this household has no current dwelling with the landlord.');
    } finally {
      await owner(`update users set locale = 'fr' where email = $1`, [LOGIREM.adviserB]);
    }
    expect((await casesOf(household)).filter((c) => c.programme_id === programme.pension)).toEqual([]);
    expect(await casesOf(homeless)).toHaveLength(1); // the one opened above in the programme without scope
  });

  it('the API refuses it too: 422 with the message at householdId', async () => {
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const res = await t.app.request('/api/v1/support/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ programmeId: programme.pension, householdId: household }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).fields).toEqual({ householdId: expect.stringContaining('Ce foyer n’habite pas') });
  });

  it('the "new case" form, once the household is chosen from the search, offers only the programmes covering it', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const name = (await owner('select name from households where id = $1', [household])).rows[0].name as string;
    const search = await (await client.get(`/support/cases/new?q=${encodeURIComponent(name)}`)).text();
    expect(search).toContain(`href="/support/cases/new?householdId=${household}"`);
    const page = await (await client.get(`/support/cases/new?householdId=${household}`)).text();
    // The case's own programme choice (the search above it may still name any programme, to filter households).
    const chosen = page.slice(page.indexOf('id="f-programmeId"'), page.indexOf('</select>', page.indexOf('id="f-programmeId"')));
    const offered = (id: string) => chosen.includes(`<option value="${id}"`);
    expect([programme.all, programme.airBel, programme.ordinary].every(offered)).toBe(true);
    expect(offered(programme.pension)).toBe(false);
    expect(page).toContain('Seuls les programmes qui concernent la résidence de');
    const waitingPage = await (await client.get(`/support/cases/new?householdId=${homeless}`)).text();
    const waiting = waitingPage.slice(waitingPage.indexOf('id="f-programmeId"'));
    expect(waiting.includes(`<option value="${programme.airBel}"`)).toBe(false);
    expect(waiting.includes(`<option value="${programme.all}"`)).toBe(true);
  });
});

describe('the person a case is about, named at opening', () => {
  it('on the form: the household’s residents are offered and the one chosen is recorded; someone else is a field error', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const form = await (await client.get(`/support/cases/new?householdId=${household}`)).text();
    expect(form).toContain(`<option value="${resident.userId}">${resident.name}</option>`);
    const stranger = (await owner(`select id::text from users where email = $1`, [LOGIREM.adviserB])).rows[0].id;
    const wrong = await client.post('/support/cases', { programmeId: programme.all, householdId: household, personUserId: stranger, situation: '' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Choisissez une personne du foyer qui a un compte.');
    expect((await casesOf(household)).filter((c) => c.programme_id === programme.all)).toEqual([]);
    const ok = await client.post('/support/cases', { programmeId: programme.all, householdId: household, personUserId: resident.userId, situation: '' });
    expect(ok.status).toBe(303);
    expect((await casesOf(household)).find((c) => c.programme_id === programme.all)?.person_user_id).toBe(resident.userId);
  });

  it('through the API: at opening, then read and changed on the case (audited without the name)', async () => {
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const call = (path: string, body?: unknown) =>
      t.app.request(path, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const bad = await call('/api/v1/support/cases', { programmeId: programme.airBel, householdId: household, personUserId: crypto.randomUUID() });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields)).toEqual(['personUserId']);
    const made = await call('/api/v1/support/cases', { programmeId: programme.airBel, householdId: household, personUserId: resident.userId });
    expect(made.status).toBe(201);
    const { id } = await made.json();
    expect(await (await call(`/api/v1/support/cases/${id}/person`)).json()).toEqual({ personUserId: resident.userId, residents: [resident] });
    const back = await call(`/api/v1/support/cases/${id}/person`, { personUserId: null });
    expect(back.status).toBe(200);
    expect((await (await call(`/api/v1/support/cases/${id}/person`)).json()).personUserId).toBeNull();
    expect((await call(`/api/v1/support/cases/${id}/person`, { personUserId: crypto.randomUUID() })).status).toBe(422);
    const trail = (await owner(`select details from audit_events where action = 'support.case.person' and target_id = $1`, [id])).rows;
    expect(trail.map((r) => r.details.person)).toEqual(['household']);
    expect(JSON.stringify(trail)).not.toContain(resident.name);
    // Someone who does not follow the case gets 404, as for the case itself.
    const other = await apiTokenFor(t, LOGIREM.adviserB, ['support.cases.read', 'support.cases.write']);
    const hidden = await t.app.request(`/api/v1/support/cases/${id}/person`, { headers: { authorization: `Bearer ${other}` } });
    expect(hidden.status).toBe(404);
  });
});
