import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { monthEnd, nextMonthStart } from './domain/subscription-periods.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let resident: string;
const ids: Record<string, string> = {};
const today = todayInParis();
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Appli', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
const call = (method: string, path: string, secret: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method,
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const mine = async (secret = resident, headers: Record<string, string> = {}) => {
  const res = await call('GET', '/api/v1/concierge/subscription', secret, undefined, headers);
  expect(res.status).toBe(200);
  return (await res.json()).data as Record<string, unknown>[];
};

beforeAll(async () => {
  t = await testApp();
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  ids.plan = plan.id;
});

describe('GET /api/v1/concierge/subscription: the resident’s own subscriptions', () => {
  it('401 without a token or with an unknown one, 403 without the scope; listed in the OpenAPI document', async () => {
    expect((await call('GET', '/api/v1/concierge/subscription', null)).status).toBe(401);
    expect((await call('GET', '/api/v1/concierge/subscription', 'plr_0000unknown0000')).status).toBe(401);
    const wrongScope = await tokenFor(demo('resident'), ['concierge.provider']);
    expect((await call('GET', '/api/v1/concierge/subscription', wrongScope)).status).toBe(403);
    const staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
    expect((await call('GET', '/api/v1/concierge/subscription', staff)).status).toBe(403);
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/concierge/subscription'])).toEqual(['get']);
  });

  it('none before subscribing; then the plan, both shares of the fee, status and dates — never another household’s', async () => {
    expect(await mine()).toEqual([]);
    const ok = await call('POST', '/api/v1/concierge/subscriptions', resident, { planId: ids.plan }, { 'Idempotency-Key': 'api-read-sub-01' });
    expect(ok.status).toBe(201);
    ids.sub = (await ok.json()).id;
    const data = await mine();
    expect(data).toEqual([
      {
        id: ids.sub,
        desk: 'La Conciergerie Solidaire 51 — Réma’Vert',
        plan: { id: ids.plan, code: 'solidaire', name: 'Abonnement solidaire', monthlyFeeCents: 1000 },
        tenantShareCents: 200,
        landlordShareCents: 800,
        status: 'active',
        state: 'active',
        startsOn: `${today.slice(0, 7)}-01`,
        endsOn: null,
        via: 'online',
        pauses: [],
      },
    ]);
    const others = await q('select id from concierge_subscriptions where id <> $1', [ids.sub]);
    expect(others.length).toBeGreaterThan(0);
    const body = JSON.stringify(data);
    for (const o of others) expect(body).not.toContain(o.id);
    // The plan's name in the caller's language.
    const en = await mine(resident, { 'accept-language': 'en' });
    expect(['Solidarity subscription', 'Abonnement solidaire']).toContain((en[0].plan as { name: string }).name);
  });

  it('a pause to come, then a cancellation with its end date, as the writes made them', async () => {
    expect((await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/pause`, resident, {})).status).toBe(200);
    let [s] = await mine();
    expect(s.state).toBe('pause_scheduled');
    expect(s.pauses).toEqual([{ startsOn: nextMonthStart(today), endsOn: null }]);
    expect((await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/resume`, resident, {})).status).toBe(200);
    expect((await mine())[0].pauses).toEqual([]);
    expect((await call('POST', `/api/v1/concierge/subscriptions/${ids.sub}/cancel`, resident, { endsOn: monthEnd(today) })).status).toBe(200);
    [s] = await mine();
    expect(s).toMatchObject({ id: ids.sub, status: 'cancelled', state: 'ending', endsOn: monthEnd(today) });
  });
});
