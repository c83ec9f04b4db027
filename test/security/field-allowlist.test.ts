import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { ROLES, type Role } from '../../src/platform/access/roles.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { testApp } from '../app.js';
import { compareKeys } from './field-compare.js';
import { type Allowlist, FIELD_ALLOWLISTS, FILE_ROUTES, NOT_RECORDS, SENSITIVE_GRANTS, SENSITIVE_KEY } from './field-allowlists.js';
import { mayCall, observeShapes, shapePeople } from './field-shapes.js';
import { addMember, browserFor, routeTable, type TestApp } from './helpers.js';

/**
 * Field-level allowlists of JSON answers (issue 9). Every JSON GET route of the route table, read as people of every
 * role allowed to call it, answers exactly the fields `field-allowlists.ts` declares for that role; sensitive fields
 * only where a grant says why. Then two closer looks: a support case's summary with and without the sensitive scope,
 * and a resident's bookings and requests (only their household's records).
 */
const listFor = (list: Allowlist, role: Role): readonly string[] => list.roles?.[role] ?? list.every;

function keysOf(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keysOf(v, `${path}[]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...keysOf(v, `${path}.${k}`)]);
  return [];
}

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

describe('field-level allowlists of API responses', () => {
  it('every JSON GET route, as every role allowed to call it: exactly the fields its allowlist declares, sensitive ones only where granted', async () => {
    const people = await shapePeople(t);
    const { observed, answers, jsonRoutes } = await observeShapes(t, people);
    const problems: string[] = [];
    const table = routeTable();
    const paths = new Set(table.map((r) => r.path));
    // The table and the route table agree: every API GET is declared; a route answering JSON too; no stale entry.
    for (const r of table.filter((x) => x.method === 'GET' && x.path.startsWith('/api/'))) {
      if (!FIELD_ALLOWLISTS[r.path] && !NOT_RECORDS[r.path] && !FILE_ROUTES[r.path]) problems.push(`${r.path}: an API route missing from the allowlist table`);
    }
    for (const path of jsonRoutes) if (!FIELD_ALLOWLISTS[path] && !NOT_RECORDS[path]) problems.push(`${path}: answers JSON but is missing from the allowlist table`);
    for (const path of [...Object.keys(FIELD_ALLOWLISTS), ...Object.keys(NOT_RECORDS), ...Object.keys(FILE_ROUTES), ...Object.keys(SENSITIVE_GRANTS)]) {
      if (!paths.has(path)) problems.push(`${path}: in the allowlist table but not a route`);
    }
    for (const path of Object.keys(FILE_ROUTES)) if (observed.has(path)) problems.push(`${path}: a file route answered JSON`);
    // Sensitive keys: granted per route with a reason, to the roles the grant names.
    for (const [path, list] of Object.entries(FIELD_ALLOWLISTS)) {
      const permission = table.find((r) => r.method === 'GET' && r.path === path)?.permission;
      for (const role of ROLES.filter((x) => mayCall(permission, x))) {
        for (const key of listFor(list, role)) {
          if (!SENSITIVE_KEY.test(key.replace(/\?$/, '').split(/[.[\]]+/).filter(Boolean).at(-1) ?? '')) continue;
          const grant = SENSITIVE_GRANTS[path]?.[key.replace(/\?$/, '')];
          if (!grant) problems.push(`${path}: sensitive field ${key} listed without a grant`);
          else if (grant.roles && !grant.roles.includes(role)) problems.push(`${path}: sensitive field ${key} listed for ${role}, not granted`);
        }
      }
    }
    // Every answer against its role's list.
    let pairs = 0;
    let verified = 0;
    for (const [path, byRole] of observed) {
      if (NOT_RECORDS[path]) continue;
      const list = FIELD_ALLOWLISTS[path];
      if (!list) continue;
      for (const [role, answersOf] of byRole) {
        pairs++;
        const declared = listFor(list, role);
        const { unexpected, missing, checked } = compareKeys(declared, answersOf);
        verified += checked;
        for (const k of unexpected) problems.push(`${path} as ${role}: unexpected field ${k}`);
        for (const k of missing) problems.push(`${path} as ${role}: declared field ${k} missing`);
      }
    }
    const unreached = Object.keys(FIELD_ALLOWLISTS).filter((p) => !observed.has(p));
    process.stdout.write(
      `field allowlist: ${answers} answers of ${observed.size} JSON routes, ${pairs} route × role pairs, ${verified} declared fields seen, ${people.length} people; table ${Object.keys(FIELD_ALLOWLISTS).length} routes, not answered 200 here: ${unreached.join(', ')}\n`,
    );
    expect(problems).toEqual([]);
    expect(pairs).toBeGreaterThan(100);
    expect(unreached.length).toBeLessThan(10);
  }, 600_000);

  it('a support case summary has exactly its documented fields; the situation only with support.cases.sensitive; notes never', async () => {
    const db = t.database.db;
    const adviser = await actorFor(db, LOGIREM.adviserA);
    const orgId = adviser.orgId as string;
    const { programmeId, householdId } = await withTenant(db, { orgId }, async (tx) => ({
      programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
      householdId: (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string,
    }));
    const situation = 'Canary situation: dette de loyer après une hospitalisation.';
    const opened = await openCase(db, adviser, { programmeId, householdId, situation, confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const token = async (scopes: string[]) => {
      const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
      await withTenant(db, { orgId }, (tx) =>
        tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Allowlist', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: adviser.userId }).execute(),
      );
      return secret;
    };
    const read = async (secret: string) => {
      const res = await t.app.request(`/api/v1/support/cases/${opened.caseId}`, { headers: { authorization: `Bearer ${secret}` } });
      expect(res.status).toBe(200);
      return { text: await res.text() };
    };
    const SUMMARY = ['id', 'reference', 'status', 'stage', 'programme', 'household', 'residence', 'advisers', 'steps', 'openedOn', 'closedOn', 'documents', 'inScope', 'outOfScopeReason', 'closedAs', 'transferredToCaseId', 'transferredFromCaseId'];
    const plain = await read(await token(['support.cases.read']));
    const plainBody = JSON.parse(plain.text);
    expect(Object.keys(plainBody).sort()).toEqual([...SUMMARY].sort());
    expect(Object.keys(plainBody.household).sort()).toEqual(['members', 'name']);
    expect(plain.text).not.toContain('Canary situation');
    const sensitive = JSON.parse((await read(await token(['support.cases.read', 'support.cases.sensitive']))).text);
    expect(Object.keys(sensitive).sort()).toEqual([...SUMMARY, 'situation'].sort());
    expect(sensitive.situation).toBe(situation);
    // No key at any depth names notes, facts or the household's contact details.
    for (const body of [plainBody, sensitive]) expect(keysOf(body).filter((k) => /notes?$|facts|email|phone|birth/i.test(k))).toEqual([]);
    // A confidential address (a person hiding from someone): a token never gets the residence nor the dwelling.
    const hidden = await openCase(db, adviser, { programmeId, householdId, situation, confidentialAddress: true });
    if (!hidden.ok) throw new Error('open');
    const res = await t.app.request(`/api/v1/support/cases/${hidden.caseId}`, { headers: { authorization: `Bearer ${await token(['support.cases.read', 'support.cases.sensitive'])}` } });
    const confidential = JSON.parse(await res.text());
    expect(res.status).toBe(200);
    expect(confidential.residence).toBeNull();
    expect(keysOf(confidential).filter((k) => /address|dwelling|street|postcode|city/i.test(k))).toEqual([]);
  });
  it('a resident’s bookings, concierge requests and parcels: only the documented fields, only their household’s records', async () => {
    const owner = t.database.owner;
    // Per endpoint: the table its items come from and the exact fields an item may carry.
    const cases = [
      { path: '/api/v1/spaces/bookings', table: 'space_bookings', live: "status = 'confirmed' and upper(during) > now()", fields: ['id', 'spaceId', 'space', 'resource', 'start', 'end', 'status', 'purpose', 'seriesId', 'cancellable', 'offerExpiresAt'] },
      { path: '/api/v1/concierge/requests', table: 'concierge_requests', live: "status not in ('closed', 'cancelled')", fields: ['id', 'service', 'status', 'quantity', 'wantedOn', 'notes', 'netCents', 'late'] },
    ];
    let items = 0;
    for (const c of cases) {
      // A resident account added to a household holding such a record (as the directory's import would).
      const [row] = (await owner.query(`select r.household_id, h.organisation_id from "${c.table}" r join households h on h.id = r.household_id where ${c.live} order by r.created_at desc limit 1`)).rows;
      const resident = await browserFor(t, await addMember(owner, row.organisation_id, 'resident', `Allowlist ${c.table}`, { household_id: row.household_id }), row.organisation_id);
      const res = await resident.get(c.path);
      expect(res.status, c.path).toBe(200);
      const { data } = (await res.json()) as { data: Record<string, unknown>[] };
      expect(data.length, c.path).toBeGreaterThan(0);
      for (const item of data) expect(Object.keys(item).filter((k) => !c.fields.includes(k)), c.path).toEqual([]);
      const theirs = (await owner.query(`select id::text from "${c.table}" where household_id = $1`, [row.household_id])).rows.map((r) => r.id);
      expect(data.map((d) => d.id).filter((id) => !theirs.includes(id)), `${c.path}: another household's record`).toEqual([]);
      items += data.length;
    }
    process.stdout.write(`field allowlist: ${items} resident items checked against their exact fields\n`);
  });
});
