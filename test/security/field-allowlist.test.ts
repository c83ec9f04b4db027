import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import { ROLES } from '../../src/platform/access/roles.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { testApp } from '../app.js';
import { addMember, asDemo, browserFor, routeTable, type TestApp } from './helpers.js';

/**
 * Field-level allowlists of API responses (issue 9, attack 4). Two checks:
 *  - every parameterless GET of /api/v1, as every demo role allowed to call it: no key anywhere in the JSON names a
 *    secret or a sensitive attribute (passwords, hashes, tokens, codes, birth dates, income, health, the narrative
 *    of a support case), except where the endpoint's allowlist below grants it;
 *  - a support case's summary: exactly the documented fields; the situation only for a caller holding
 *    support.cases.sensitive (an API token needs that scope too); the advisers' notes never.
 */
const SENSITIVE_KEY = /password|hash|secret|token|pickup.?code|activation|birth|income|resources_?cents|health|disab|situation|facts|notes?$/i;
/** Keys an endpoint may carry although they look sensitive, and why. */
const GRANTED: Record<string, RegExp> = {
  // A concierge request's own note, written by the household for the desk.
  '/api/v1/concierge/requests': /^notes$/,
  '/api/v1/concierge/provider/requests': /^notes$/,
  '/api/v1/concierge/desk/subscriptions': /^notes$/,
  // The household's own parcels carry their pickup codes (documented on the endpoint).
  '/api/v1/concierge/parcels': /^pickupCode$/,
};

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
  it('no parameterless API GET shows a secret or a sensitive attribute to any role, beyond its allowlist', async () => {
    const endpoints = routeTable().filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/') && !r.path.includes(':') && !/\.(pdf|csv|ics|xlsx)$|openapi/.test(r.path));
    expect(endpoints.length).toBeGreaterThan(15);
    const leaks: string[] = [];
    let checked = 0;
    for (const role of ROLES) {
      const browser = await asDemo(t, role);
      for (const e of endpoints) {
        const allowed = e.permission === SIGNED_IN || rolesWith(e.permission as string).includes(role);
        if (!allowed) continue;
        const res = await browser.get(e.path);
        if (res.status !== 200 || !res.headers.get('content-type')?.includes('json')) continue;
        checked++;
        const text = await res.text();
        if (/\$2[aby]\$|\$argon2|plr_[0-9a-f]{20}/.test(text)) leaks.push(`${e.path} as ${role}: a password hash or a token secret in the body`);
        for (const key of keysOf(JSON.parse(text))) {
          const name = key.slice(key.lastIndexOf('.') + 1);
          if (SENSITIVE_KEY.test(name) && !GRANTED[e.path]?.test(name)) leaks.push(`${e.path} as ${role}: ${key}`);
        }
      }
    }
    process.stdout.write(`field allowlist: ${checked} answers of ${endpoints.length} API endpoints × ${ROLES.length} roles scanned\n`);
    expect(checked).toBeGreaterThan(20);
    expect([...new Set(leaks)]).toEqual([]);
  }, 120_000);

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
    const SUMMARY = ['id', 'reference', 'status', 'stage', 'programme', 'household', 'residence', 'advisers', 'steps', 'openedOn', 'closedOn', 'documents', 'inScope', 'outOfScopeReason'];
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
