import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { changeCaseStatus } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * Open cases outside their programme's scope on the adviser's board (a section saying what to do, each row marked
 * in words, FR/EN) and in the API's case list and summary (`inScope`, `outOfScopeReason`): a household moved by
 * the directory's register, another left without a dwelling, a third still covered.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
let programmeId: string;
const cases: Record<'moved' | 'gone' | 'stays' | 'closed', string> = { moved: '', gone: '', stays: '', closed: '' };
const names: Record<string, string> = {};

const owner = async (q: string, p: unknown[] = []) => (await t.database.owner.query(q, p)).rows;

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  // The test's own residences, dwellings and households (the demo's vary with the day): two residences, the programme covers the first.
  const residence = async (ref: string) =>
    (await owner(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $2, '1 rue du Test', '13015', 'Marseille') returning id::text`, [orgId, ref]))[0].id as string;
  const covered = await residence('BOARD-COUVERTE');
  const other = await residence('BOARD-AUTRE');
  const dwelling = async (residenceId: string, ref: string) =>
    (await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 45000) returning id::text`, [orgId, residenceId, ref]))[0].id as string;
  const household = async (ref: string, dwellingId: string) => {
    const id = (await owner(`insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id::text`, [orgId, ref, `Foyer ${ref}`]))[0].id as string;
    await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date - 90)`, [orgId, id, dwellingId]);
    names[ref] = `Foyer ${ref}`;
    return id;
  };
  const hh = {
    moved: await household('BOARD-DEMENAGE', await dwelling(covered, 'BOARD-C-1')),
    gone: await household('BOARD-PARTI', await dwelling(covered, 'BOARD-C-2')),
    stays: await household('BOARD-RESTE', await dwelling(covered, 'BOARD-C-3')),
    closed: await household('BOARD-CLOS', await dwelling(covered, 'BOARD-C-4')),
  };
  const elsewhere = await dwelling(other, 'BOARD-A-1');
  programmeId = await withTenant(t.database.db, { orgId }, async (tx) =>
    (
      await tx
        .insertInto('support_programmes')
        .values({ organisation_id: orgId, kind: 'generic', name: 'Périmètre — tableau', sensitivity: 'normal', residence_kinds: [], residence_ids: sql`${[covered]}::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: adviser.userId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as string,
  );
  for (const k of Object.keys(cases) as (keyof typeof cases)[]) {
    const r = await openCase(t.database.db, adviser, { programmeId, householdId: hh[k], situation: '', confidentialAddress: false });
    if (!r.ok) throw new Error(JSON.stringify(r));
    cases[k] = r.caseId;
  }
  expect((await changeCaseStatus(t.database.db, adviser, cases.closed, 'close', 'Fin')).ok).toBe(true);
  // The register: one household moves to the other residence, one leaves the landlord, one stays; nothing in support changes.
  await owner(`update occupancies set ends_on = current_date - 1 where household_id = any($1::uuid[]) and ends_on is null`, [[hh.moved, hh.gone, hh.closed]]);
  await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)`, [orgId, hh.moved, elsewhere]);
});

/** The board's section on cases outside the scope, from its heading to the end of the section. */
const section = (html: string) => {
  const from = html.indexOf('id="out-of-scope-title"');
  return from < 0 ? '' : html.slice(from, html.indexOf('</section>', from));
};
/** The board's table row of a case. */
const row = (html: string, caseId: string) => {
  const at = html.indexOf(`<tr><td><a href="/support/cases/${caseId}"`);
  return at < 0 ? '' : html.slice(at, html.indexOf('</tr>', at));
};

describe('the adviser’s board', () => {
  it('lists the open cases outside the programme’s scope with why and what to do, and marks their rows in words; a covered case is not listed', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const res = await client.get('/support/cases');
    expect(res.status).toBe(200);
    const html = await res.text();
    const list = section(html);
    expect(list).toContain('Hors du périmètre du programme</h2>');
    expect(list).toContain('2 accompagnements en cours concernent des foyers qui n’habitent plus une résidence concernée par leur programme.');
    expect(list).toContain(`<a href="/support/cases/${cases.moved}">${names['BOARD-DEMENAGE']}</a>`);
    expect(list).toMatch(new RegExp(`${cases.moved}">[^<]+</a> <span class="hint">[^<]+</span> — le foyer habite une autre résidence`));
    expect(list).toMatch(new RegExp(`${cases.gone}">[^<]+</a> <span class="hint">[^<]+</span> — le foyer n’a plus de logement en cours`));
    expect(list).toContain('À faire : clore l’accompagnement, ou le transférer');
    expect(list).not.toContain(cases.stays);
    expect(list).not.toContain(cases.closed);
    expect(row(html, cases.moved)).toContain('hors du périmètre du programme');
    expect(row(html, cases.gone)).toContain('hors du périmètre du programme');
    expect(row(html, cases.stays)).not.toBe('');
    expect(row(html, cases.stays)).not.toContain('hors du périmètre');
  });

  it('says it in English to an English-speaking adviser', async () => {
    await owner(`update users set locale = 'en' where email = $1`, [LOGIREM.adviserA]);
    try {
      const client = t.client();
      await client.signIn(LOGIREM.adviserA);
      const html = await (await client.get('/support/cases')).text();
      const list = section(html);
      expect(list).toContain('Outside the programme’s scope</h2>');
      expect(list).toContain('2 open cases are about households that no longer live in a residence their programme applies to.');
      expect(list).toContain('To do: close the case, or transfer it');
      expect(list).toContain('the household lives in another residence');
      expect(row(html, cases.moved)).toContain('outside the programme’s scope');
    } finally {
      await owner(`update users set locale = 'fr' where email = $1`, [LOGIREM.adviserA]);
    }
  });
});

describe('the API’s case read', () => {
  it('the list gives inScope and outOfScopeReason per case (null for a closed case); the summary too', async () => {
    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read']);
    const get = async (path: string) => {
      const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(200);
      return res.json();
    };
    const open = (await get('/api/v1/support/cases?status=open&limit=100')) as { data: { id: string; inScope: boolean | null; outOfScopeReason: string | null }[] };
    const byId = new Map(open.data.map((c) => [c.id, c]));
    expect(byId.get(cases.moved)).toMatchObject({ inScope: false, outOfScopeReason: 'outside' });
    expect(byId.get(cases.gone)).toMatchObject({ inScope: false, outOfScopeReason: 'noDwelling' });
    expect(byId.get(cases.stays)).toMatchObject({ inScope: true, outOfScopeReason: null });
    // Every open case of the page says it, one way or the other.
    for (const c of open.data) expect(typeof c.inScope).toBe('boolean');
    const closed = (await get('/api/v1/support/cases?status=closed&limit=100')) as { data: { id: string; inScope: boolean | null; outOfScopeReason: string | null }[] };
    expect(closed.data.find((c) => c.id === cases.closed)).toMatchObject({ inScope: null, outOfScopeReason: null });

    expect(await get(`/api/v1/support/cases/${cases.moved}`)).toMatchObject({ inScope: false, outOfScopeReason: 'outside' });
    expect(await get(`/api/v1/support/cases/${cases.gone}`)).toMatchObject({ inScope: false, outOfScopeReason: 'noDwelling' });
    expect(await get(`/api/v1/support/cases/${cases.stays}`)).toMatchObject({ inScope: true, outOfScopeReason: null });
    expect(await get(`/api/v1/support/cases/${cases.closed}`)).toMatchObject({ inScope: null, outOfScopeReason: null });
  });

  it('the OpenAPI document declares both fields on the list and the summary', async () => {
    const doc = JSON.stringify(await (await t.app.request('/api/v1/openapi.json')).json());
    expect(doc.match(/"outOfScopeReason"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(doc.match(/"inScope"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});
