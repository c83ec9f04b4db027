import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { addressHidden } from '../../platform/privacy/confidential-addresses.js';
import { openCase } from '../support/commands/open-case.js';
import { actorFor, LOGIREM } from '../support/test-helpers.js';
import { exportCsv } from './commands/export-csv.js';
import { importRegister } from './commands/import/import-register.js';
import { searchHouseholds } from './queries/household-lookups.js';
import { searchHouseholdsIn } from './queries/households-in-scope.js';
import { householdsOfResidence } from './queries/households-of-residence.js';
import { chunks } from './test-support/actors.js';

// A household marked "confidential address" on a support case: the directory's lists, searches, export
// and household page know it only for the people named on the case (and the person it is about). For
// anyone else it is not there at all — its dwelling is "Occupé" without a name, and no list names it.
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

/** An error page without what differs from one answer to the next: the path asked (echoed in the language form) and the style nonce. */
const errorPageOf = (html: string, id: string) => html.replaceAll(id, 'ID').replace(/nonce="[^"]*"/g, 'nonce=""');

describe('the directory does not list a household whose address is confidential to the reader', () => {
  it('unnamed staff do not find it by name nor by reference; the count and the dwelling list say nothing of it', async () => {
    for (const who of ['adviserB', 'manager', 'admin']) {
      for (const q of [HOUSEHOLD, `H-${tag}-1`, `h-${tag.toLowerCase()}-1`]) {
        const list = await page(who, `/admin/households?q=${encodeURIComponent(q)}`);
        expect(list.status, who).toBe(200);
        expect(list.html, `${who} ${q}`).toContain('<p role="status">Aucun ménage</p>');
        expect(list.html, `${who} ${q}`).toContain('Aucun ménage ne correspond.');
        expect(list.html, `${who} ${q}`).not.toContain(`>${HOUSEHOLD}</a>`);
        expect(list.html, `${who} ${q}`).not.toContain(householdId);
      }
      // Searching the residence's tag: the neighbour only, counted alone, and nothing marks a household left out.
      const both = await page(who, `/admin/households?q=${encodeURIComponent(tag)}`);
      expect(both.html, who).toContain('<p role="status">1 ménage</p>');
      expect(both.html, who).toContain(`Ménage Voisin ${tag}`);
      expect(both.html, who).toContain(`${NEIGHBOUR} — ${RES.name}`);
      expect(both.html, who).not.toContain(HOUSEHOLD);
      expect(both.html, who).not.toContain('confidentielle');

      const dwellings = await page(who, `/admin/residences/${residenceId}/dwellings`);
      expect(dwellings.status, who).toBe(200);
      // Listed as occupied (not vacant: that would invite a second allocation), without the household nor a marker.
      expect(dwellings.html, who).toMatch(new RegExp(`${SECRET}</td>(?:(?!</tr>).)*<td>Occupé</td>`, 's'));
      expect(dwellings.html, who).not.toContain('confidentielle');
      expect(dwellings.html, who).not.toContain(HOUSEHOLD);
      expect(dwellings.html, who).not.toContain(householdId);
      expect(dwellings.html, who).toContain(`Ménage Voisin ${tag}`);
    }
  });

  it('its page is a 404, the very answer to an id that does not exist', async () => {
    for (const who of ['adviserB', 'manager', 'admin', 'concierge']) {
      const one = await page(who, `/admin/households/${householdId}`);
      const other = randomUUID();
      const missing = await page(who, `/admin/households/${other}`);
      expect(one.status, who).toBe(404);
      expect(missing.status, who).toBe(404);
      expect(errorPageOf(one.html, householdId), who).toBe(errorPageOf(missing.html, other));
      expect(one.html, who).not.toContain(HOUSEHOLD);
    }
    const viewed = await t.database.owner.query(`select actor_user_id from audit_events where action = 'directory.household.viewed' and target_id = $1`, [householdId]);
    expect(viewed.rows).toEqual([]);
  });

  it('staff limited to the residence do not find it either', async () => {
    const list = await page('concierge', `/admin/households?q=${encodeURIComponent(tag)}`);
    expect(list.status).toBe(200);
    expect(list.html).not.toContain(HOUSEHOLD);
    expect(list.html).toContain(`Ménage Voisin ${tag}`);
    const dwellings = await page('concierge', `/admin/residences/${residenceId}/dwellings`);
    expect(dwellings.html).not.toContain(HOUSEHOLD);
    expect(dwellings.html).toMatch(new RegExp(`${SECRET}</td>(?:(?!</tr>).)*<td>Occupé</td>`, 's'));
  });

  it('the households CSV export leaves its row out and says nothing of it; an older file marked "Adresse confidentielle" still imports without moving anyone', async () => {
    const res = await client.admin.get('/admin/export/households');
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).not.toContain(`H-${tag}-1`);
    expect(csv).not.toContain(HOUSEHOLD);
    expect(csv).not.toContain('confidentielle');
    expect(csv).toContain(`H-${tag}-2;Ménage Voisin ${tag};${NEIGHBOUR};`);
    const rows = csv.split('\r\n').filter((l) => l !== '').length - 1;
    const audit = await t.database.owner.query(`select details from audit_events where action = 'directory.export' and actor_user_id = $1 order by id desc limit 1`, [a.admin.userId]);
    expect(audit.rows[0].details).toEqual({ rows });

    const header = csv.split('\r\n')[0].replace('\uFEFF', '');
    const older = `H-${tag}-1;${HOUSEHOLD};Adresse confidentielle;;;fr;papier;1;`;
    const report = await importRegister(t.database.db, a.admin, { kind: 'households', source: chunks(`${header}\r\n${older}\r\n`), via: 'web' });
    expect(report).toMatchObject({ fileError: null, rejected: 0, rejections: [], updated: 1 });
    const stay = await t.database.owner.query(`select d.reference from occupancies o join dwellings d on d.id = o.dwelling_id where o.household_id = $1 and o.ends_on is null`, [householdId]);
    expect(stay.rows).toEqual([{ reference: SECRET }]);
  });

  it('the searches offered to other modules (support’s new case, community’s roster) find it only for those named', async () => {
    const all = { residenceIds: [], residenceKinds: [] };
    const scope = { residenceIds: [residenceId], residenceKinds: [] };
    const as = (userId: string | null, q: string, s: typeof scope) => withTenant(t.database.db, { orgId: a.adviserA.orgId, userId }, (tx) => searchHouseholdsIn(tx, q, s));
    for (const s of [all, scope]) {
      expect(await as(a.adviserB.userId, HOUSEHOLD, s)).toEqual([]);
      expect(await as(a.admin.userId, `H-${tag}-1`, s)).toEqual([]);
      // No person in the transaction (a job, an API token): nobody is named.
      expect(await as(null, HOUSEHOLD, s)).toEqual([]);
      expect(await as(a.adviserA.userId, HOUSEHOLD, s)).toEqual([{ id: householdId, reference: `H-${tag}-1`, name: HOUSEHOLD, members: 1, residence: RES.name }]);
    }
    expect((await as(a.admin.userId, tag, all)).map((h) => h.name)).toEqual([`Ménage Voisin ${tag}`]);
    const unnamed = await withTenant(t.database.db, { orgId: a.adviserA.orgId, userId: a.adviserB.userId }, (tx) => searchHouseholds(tx, tag));
    expect(unnamed.map((h) => h.name)).toEqual([`Ménage Voisin ${tag}`]);
  });

  it('the households of the residence (spaces’ counter and support log) leave it out for those not named', async () => {
    const of = (userId: string | null) => withTenant(t.database.db, { orgId: a.adviserA.orgId, userId }, (tx) => householdsOfResidence(tx, residenceId));
    expect((await of(a.admin.userId)).map((h) => h.name)).toEqual([`Ménage Voisin ${tag}`]);
    expect((await of(null)).map((h) => h.name)).toEqual([`Ménage Voisin ${tag}`]);
    expect((await of(a.adviserA.userId)).map((h) => h.name)).toEqual([HOUSEHOLD, `Ménage Voisin ${tag}`]);
  });
});

describe('the people named, and the person the case is about, still see it', () => {
  it('the named adviser finds it in the list, by name and by reference, with its dwelling; its page and the dwelling list name it; each look is audited', async () => {
    for (const q of [HOUSEHOLD, `H-${tag}-1`]) {
      const list = await page('adviserA', `/admin/households?q=${encodeURIComponent(q)}`);
      expect(list.html, q).toContain('<p role="status">1 ménage</p>');
      expect(list.html, q).toContain(`<a href="/admin/households/${householdId}">${HOUSEHOLD}</a>`);
      expect(list.html, q).toContain(`${SECRET} — ${RES.name}`);
    }
    const one = await page('adviserA', `/admin/households/${householdId}`);
    expect(one.status).toBe(200);
    expect(one.html).toContain(SECRET);
    expect(one.html).toContain(RES.name);
    const dwellings = await page('adviserA', `/admin/residences/${residenceId}/dwellings`);
    expect(dwellings.html).toContain(`<a href="/admin/households/${householdId}">${HOUSEHOLD}</a>`);
    const events = await t.database.owner.query(
      `select action, details from audit_events where actor_user_id = $1 and (action = 'directory.address.read' or (action = 'directory.household.viewed' and target_id = $2)) order by id`,
      [a.adviserA.userId, householdId],
    );
    expect(events.rows.map((e) => [e.action, e.details.where ?? e.details.address, e.details.households ?? null])).toEqual([
      ['directory.address.read', 'households', [householdId]],
      ['directory.address.read', 'households', [householdId]],
      ['directory.household.viewed', true, null],
      ['directory.address.read', 'dwellings', [householdId]],
    ]);
  });

  it('a named reader who may export gets the row, with dwelling and entry date, and the export is audited as showing it', async () => {
    // The named adviser, also an administrator of the landlord (in the demo, advisers do not export).
    const exporter: Actor = { ...a.adviserA, roles: [...a.adviserA.roles, 'org_admin'] };
    const written: string[] = [];
    await exportCsv(t.database.db, 'households', exporter, { write: (chunk) => written.push(chunk) });
    const line = written.join('').split('\r\n').find((l) => l.startsWith(`H-${tag}-1;`));
    expect(line).toMatch(new RegExp(`^H-${tag}-1;${HOUSEHOLD};${SECRET};.*;01/03/2025$`));
    const audit = await t.database.owner.query(`select details from audit_events where action = 'directory.export' and actor_user_id = $1 order by id desc limit 1`, [a.adviserA.userId]);
    expect(audit.rows[0].details.confidentialAddressesShown).toEqual([`H-${tag}-1`]);
    expect(Object.keys(audit.rows[0].details).sort()).toEqual(['confidentialAddressesShown', 'rows']);
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
  it('an unnamed reader whose language is English: "No households", the not-found page, "Occupied"', async () => {
    await t.database.owner.query(`update users set locale = 'en' where id = $1`, [a.manager.userId]);
    const list = await page('manager', `/admin/households?q=${encodeURIComponent(HOUSEHOLD)}`);
    expect(list.html).toContain('<p role="status">No households</p>');
    expect(list.html).not.toContain(householdId);
    const one = await page('manager', `/admin/households/${householdId}`);
    expect(one.status).toBe(404);
    const other = randomUUID();
    expect(errorPageOf(one.html, householdId)).toBe(errorPageOf((await page('manager', `/admin/households/${other}`)).html, other));
    const dwellings = await page('manager', `/admin/residences/${residenceId}/dwellings`);
    expect(dwellings.html).toMatch(new RegExp(`${SECRET}</td>(?:(?!</tr>).)*<td>Occupied</td>`, 's'));
    expect(dwellings.html).not.toContain(HOUSEHOLD);
  });
});
