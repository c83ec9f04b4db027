import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC } from '../../src/platform/access/authorize.js';
import type { Role } from '../../src/platform/access/roles.js';
import type { Client } from '../app.js';
import { testApp } from '../app.js';
import { addMember, browserFor, changedTables, orgId, routeTable, type TestApp, tableFingerprints } from './helpers.js';

let t: TestApp;
type Actor = { name: string; browser: Client; otherOrg: boolean };
const actors: Actor[] = [];
const records: { table: string; id: string }[] = [];

/** Organisation A's records people most want to reach: bookings, requests, registrations, cases, households. */
const TABLES = ['space_bookings', 'concierge_requests', 'community_registrations', 'support_cases', 'households', 'community_events', 'support_decisions', 'concierge_statements'];

beforeAll(async () => {
  t = await testApp();
  const owner = t.database.owner;
  const a = await orgId(owner, 'plurial-novilia');
  const b = await orgId(owner, 'logirep');
  for (const table of TABLES) {
    // Organisation A's own, or (where the demo has none) any organisation's but B's.
    let r = await owner.query(`select id::text from "${table}" where organisation_id = $1 order by random() limit 5`, [a]);
    if (!r.rows.length) r = await owner.query(`select id::text from "${table}" where organisation_id <> $1 order by random() limit 5`, [b]);
    for (const row of r.rows) records.push({ table, id: row.id });
  }
  const staff: Role[] = ['org_admin', 'concierge', 'facilitator', 'social_adviser', 'commission_member', 'programme_manager', 'resident'];
  for (const role of staff) {
    const user = await addMember(owner, b, role, `Other ${role}`);
    actors.push({ name: `${role} of another organisation`, browser: await browserFor(t, user, b), otherOrg: true });
  }
  // A resident of organisation A who owns none of these records (no household).
  const neighbour = await addMember(owner, a, 'resident', 'Nosy neighbour');
  actors.push({ name: 'resident of the same organisation without the record', browser: await browserFor(t, neighbour, a), otherOrg: false });
});

/** Every non-public route with an id in its path (public links by organisation or token have their own tests). */
const idRoutes = () => routeTable().filter((r) => r.permission !== PUBLIC && /:(id|sid|bid|pid|userId|decisionId|dossierId|documentId|referralId|stepId|instalmentId)\b/.test(r.path) && !/:(org|token|kind)\b/.test(r.path));

async function ask(browser: Client, method: 'GET' | 'POST', path: string, id: string): Promise<{ status: number; length: number }> {
  const url = path.replace(/:[a-zA-Z_]+(\{[^}]*\})?/g, id);
  const res = method === 'GET' ? await browser.get(url) : await browser.post(url, { note: 'x', reason: 'x', status: 'cancelled', decision: 'granted' });
  const body = (await res.text()).replaceAll(id, '<id>');
  return { status: res.status, length: body.length };
}

/**
 * Routes reported to their modules (docs/security.md): they answer another organisation's id exactly as a
 * missing one and change nothing, but with a redirect or a form error instead of 404. Any other route doing so fails.
 */
const KNOWN_NOT_404 = new Set<string>([]);

describe('IDOR: ids of organisation A swapped into every route', () => {
  it('answers only 403 or 404, the same as for an id that does not exist, and changes nothing', async () => {
    const routes = idRoutes();
    expect(routes.length).toBeGreaterThan(40);
    expect(records.length).toBeGreaterThan(10);
    const before = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']);
    const failures = new Set<string>();
    let runs = 0;
    // A new seed each run, printed so a failure can be replayed with FC_SEED=….
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom(...records), fc.constantFrom(...actors), fc.uuid({ version: 4 }), async (route, record, actor, nowhere) => {
        // Events are open to every resident of their organisation: only owned records are a neighbour's business.
        if (!actor.otherOrg && record.table === 'community_events') return true;
        runs++;
        const real = await ask(actor.browser, route.method, route.path, record.id);
        const where = `${route.method} ${route.path} with a ${record.table} id as ${actor.name}`;
        const none = await ask(actor.browser, route.method, route.path, nowhere);
        // An API body refused by its schema (400) before any lookup says nothing either, as long as a missing id gets the same.
        const refused = [403, 404].includes(real.status) || (real.status === 400 && route.path.startsWith('/api/') && none.status === 400);
        const known = KNOWN_NOT_404.has(`${route.method} ${route.path}`) && real.status === none.status && real.status < 500 && real.status !== 200;
        if (!refused && !known) failures.add(`${where} → ${real.status}`);
        if (actor.otherOrg) {
          if (none.status !== real.status || Math.abs(none.length - real.length) > 32) failures.add(`${where}: ${real.status}/${real.length} B, a missing id ${none.status}/${none.length} B (existence leaks)`);
        }
        return true;
      }),
      { numRuns: 400, seed },
    );
    process.stdout.write(`IDOR: ${runs} swaps over ${routes.length} routes, ${records.length} records (${[...new Set(records.map((r) => r.table))].join(", ")}), ${actors.length} actors, seed ${seed}\n`);
    expect(changedTables(before, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts']))).toEqual([]);
    expect([...failures].sort()).toEqual([]);
  }, 600_000);
});
