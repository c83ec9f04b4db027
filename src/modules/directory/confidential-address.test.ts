import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { addressHidden } from '../../platform/privacy/confidential-addresses.js';
import { openCase } from '../support/commands/open-case.js';
import { actorFor, LOGIREM } from '../support/test-helpers.js';
import { importRegister } from './commands/import/import-register.js';
import { searchHouseholdsIn } from './queries/households-in-scope.js';
import { chunks } from './test-support/actors.js';

// A household marked "confidential address" on a support case: the directory's pages, lists, searches
// and export show where it lives only to the people named on the case (and the person it is about).
let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
const tag = randomUUID().slice(0, 6).toUpperCase();
const RES = { name: `Résidence Témoin ${tag}`, ref: `CONF-RES-${tag}` };
const SECRET = `CONF-${tag}-001`;
const NEIGHBOUR = `CONF-${tag}-002`;
const HOUSEHOLD = `Ménage Protégé ${tag}`;
let residenceId: string;
let householdId: string;
let resident: string;
let otherMember: string;
const client: Record<string, Client> = {};

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  const org = a.adviserA.orgId as string;
  const o = t.database.owner;
  residenceId = (await o.query(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $3, '12 rue du Secret', '13011', 'Marseille') returning id`, [org, RES.ref, RES.name])).rows[0].id;
  const dwelling = async (ref: string) => (await o.query(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 45000) returning id`, [org, residenceId, ref])).rows[0].id as string;
  const household = async (ref: string, name: string, dwellingId: string) => {
    const id = (await o.query(`insert into households (organisation_id, reference, name, channel) values ($1, $2, $3, 'paper') returning id`, [org, ref, name])).rows[0].id as string;
    await o.query(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-03-01')`, [org, id, dwellingId]);
    return id;
  };
  householdId = await household(`H-${tag}-1`, HOUSEHOLD, await dwelling(SECRET));
  await household(`H-${tag}-2`, `Ménage Voisin ${tag}`, await dwelling(NEIGHBOUR));
  const member = async (email: string) => {
    const id = (await o.query(`insert into users (email, display_name) values ($1, $1) returning id`, [email])).rows[0].id as string;
    await o.query(`insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, 'resident', $3)`, [org, id, householdId]);
    return id;
  };
  resident = await member(`protegee-${tag}@example.org`);
  otherMember = await member(`autre-${tag}@example.org`);
  // The concierge is limited to this residence: being listed there would say where the household lives.
  await o.query(`update memberships set residence_ids = array[$1::uuid] where user_id = $2 and role = 'concierge'`, [residenceId, a.concierge.userId]);
  const programmeId = randomUUID();
  await o.query(`insert into support_programmes (id, organisation_id, kind, name, sensitivity, manager_user_id) values ($1, $2, 'domestic_violence', $3, 'highly_sensitive', $4)`, [programmeId, org, `Violences ${tag}`, a.manager.userId]);
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Mise à l’abri.', confidentialAddress: true, personUserId: resident });
  if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
  for (const k of ['adviserA', 'adviserB', 'manager', 'admin', 'concierge'] as const) {
    client[k] = t.client();
    expect((await client[k].signIn(LOGIREM[k])).status, k).toBe(303);
  }
}, 180_000);

const page = async (who: string, path: string) => {
  const res = await client[who].get(path);
  return { status: res.status, html: await res.text() };
};

describe('the directory hides a confidential address from staff not named on the case', () => {
  it('household list, household page and dwellings of the residence: unnamed staff see "Adresse confidentielle", never the dwelling', async () => {
    for (const who of ['adviserB', 'manager', 'admin']) {
      const list = await page(who, `/admin/households?q=${encodeURIComponent(HOUSEHOLD)}`);
      expect(list.status, who).toBe(200);
      expect(list.html, who).toContain(HOUSEHOLD);
      expect(list.html, who).toContain('Adresse confidentielle');
      expect(list.html, who).not.toContain(SECRET);
      expect(list.html, who).not.toContain(RES.name);

      const one = await page(who, `/admin/households/${householdId}`);
      expect(one.status, who).toBe(200);
      expect(one.html, who).toContain('Adresse confidentielle');
      expect(one.html, who).not.toContain(SECRET);
      expect(one.html, who).not.toContain(RES.name);
      expect(one.html, who).not.toContain(residenceId);

      const dwellings = await page(who, `/admin/residences/${residenceId}/dwellings`);
      expect(dwellings.status, who).toBe(200);
      // Listed as occupied, as any other let dwelling, without the household nor a "confidential" marker (that would say a protected household lives there).
      expect(dwellings.html, who).toMatch(new RegExp(`${SECRET}</td>(?:(?!</tr>).)*<td>Occupé</td>`, 's'));
      expect(dwellings.html, who).not.toContain('Adresse confidentielle');
      expect(dwellings.html, who).not.toContain(HOUSEHOLD);
      expect(dwellings.html, who).not.toContain(householdId);
      // The neighbour, not protected, is still named on its dwelling.
      expect(dwellings.html, who).toContain(`Ménage Voisin ${tag}`);
    }
  });

  it('staff limited to the residence do not find the household at all (listing it would place it)', async () => {
    const list = await page('concierge', `/admin/households?q=${encodeURIComponent(tag)}`);
    expect(list.status).toBe(200);
    expect(list.html).not.toContain(HOUSEHOLD);
    expect(list.html).toContain(`Ménage Voisin ${tag}`);
    expect((await page('concierge', `/admin/households/${householdId}`)).status).toBe(403);
    const dwellings = await page('concierge', `/admin/residences/${residenceId}/dwellings`);
    expect(dwellings.html).not.toContain(HOUSEHOLD);
  });

  it('the households CSV export withholds the dwelling and entry date, and the file imports back without moving anyone', async () => {
    const res = await client.admin.get('/admin/export/households');
    expect(res.status).toBe(200);
    const csv = await res.text();
    const line = csv.split('\r\n').find((l) => l.startsWith(`H-${tag}-1;`)) as string;
    expect(line).toContain('Adresse confidentielle');
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('01/03/2025');
    expect(csv).toContain(`H-${tag}-2;Ménage Voisin ${tag};${NEIGHBOUR}`);
    const audit = await t.database.owner.query(`select details from audit_events where action = 'directory.export' and actor_user_id = $1 order by id desc limit 1`, [a.admin.userId]);
    expect(audit.rows[0].details.addressesWithheld).toBeGreaterThanOrEqual(1);

    const header = csv.split('\r\n')[0].replace('\uFEFF', '');
    const report = await importRegister(t.database.db, a.admin, { kind: 'households', source: chunks(`${header}\r\n${line}\r\n`), via: 'web' });
    expect(report).toMatchObject({ fileError: null, rejected: 0, rejections: [], updated: 1 });
    const stay = await t.database.owner.query(`select d.reference from occupancies o join dwellings d on d.id = o.dwelling_id where o.household_id = $1 and o.ends_on is null`, [householdId]);
    expect(stay.rows).toEqual([{ reference: SECRET }]);
  });

  it('a search limited to the residence does not find it for those not named; its residence is withheld in any search', async () => {
    const scope = { residenceIds: [residenceId], residenceKinds: [] };
    const as = (userId: string, q: string, s = scope) => withTenant(t.database.db, { orgId: a.adviserA.orgId, userId }, (tx) => searchHouseholdsIn(tx, q, s));
    expect(await as(a.adviserB.userId, HOUSEHOLD)).toEqual([]);
    expect(await as(a.adviserB.userId, HOUSEHOLD, { residenceIds: [], residenceKinds: [] })).toMatchObject([{ id: householdId, residence: null }]);
    expect(await as(a.adviserA.userId, HOUSEHOLD)).toMatchObject([{ id: householdId, residence: RES.name }]);
    // No person in the transaction (a job, a token): nobody is named.
    const nobody = await withTenant(t.database.db, { orgId: a.adviserA.orgId }, (tx) => searchHouseholdsIn(tx, HOUSEHOLD, scope));
    expect(nobody).toEqual([]);
  });
});

describe('the people named, and the person the case is about, still see it', () => {
  it('the named adviser sees the dwelling on every page, and each look is audited', async () => {
    const list = await page('adviserA', `/admin/households?q=${encodeURIComponent(HOUSEHOLD)}`);
    expect(list.html).toContain(`${SECRET} — ${RES.name}`);
    const one = await page('adviserA', `/admin/households/${householdId}`);
    expect(one.html).toContain(SECRET);
    expect(one.html).not.toContain('Adresse confidentielle');
    const dwellings = await page('adviserA', `/admin/residences/${residenceId}/dwellings`);
    expect(dwellings.html).toContain(HOUSEHOLD);
    const events = await t.database.owner.query(
      `select action, details from audit_events where actor_user_id = $1 and (action = 'directory.address.read' or (action = 'directory.household.viewed' and target_id = $2)) order by id`,
      [a.adviserA.userId, householdId],
    );
    expect(events.rows.map((e) => [e.action, e.details.where ?? e.details.address])).toEqual([
      ['directory.address.read', 'households'],
      ['directory.household.viewed', true],
      ['directory.address.read', 'dwellings'],
    ]);
    const unnamed = await t.database.owner.query(`select details from audit_events where actor_user_id = $1 and action = 'directory.household.viewed' and target_id = $2`, [a.adviserB.userId, householdId]);
    expect(unnamed.rows.map((r) => r.details)).toEqual([{ address: false }]);
  });

  it('the resident the case is about is not hidden from; another member of the household is', async () => {
    const hidden = (userId: string) =>
      withTenant(t.database.db, { orgId: a.adviserA.orgId, userId }, async (tx) => (await sql<{ h: boolean }>`select ${addressHidden(sql.val(householdId))} as h`.execute(tx)).rows[0].h);
    expect(await hidden(resident)).toBe(false);
    expect(await hidden(otherMember)).toBe(true);
    expect(await hidden(a.adviserA.userId)).toBe(false);
    expect(await hidden(a.admin.userId)).toBe(true);
  });
});

describe('in English', () => {
  it('an unnamed reader whose language is English reads "Confidential address"', async () => {
    await t.database.owner.query(`update users set locale = 'en' where id = $1`, [a.manager.userId]);
    const one = await page('manager', `/admin/households/${householdId}`);
    expect(one.html).toContain('Confidential address');
    expect(one.html).not.toContain(SECRET);
    const list = await page('manager', `/admin/households?q=${encodeURIComponent(HOUSEHOLD)}`);
    expect(list.html).toContain('Confidential address');
    const dwellings = await page('manager', `/admin/residences/${residenceId}/dwellings`);
    expect(dwellings.html).toMatch(new RegExp(`${SECRET}</td>(?:(?!</tr>).)*<td>Occupied</td>`, 's'));
  });
});
