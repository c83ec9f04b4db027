import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { addMember } from '../../../test/security/helpers.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let resident: string;
let household: string;
let plurial: string;
let logirem: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

/** A token of `userId` in `orgId`, with `scopes`. */
async function tokenOf(userId: string, orgId: string, scopes: string[]): Promise<string> {
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Appli', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: userId }).execute(),
  );
  return secret;
}
async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  return tokenOf(u.id, u.organisation_id, scopes);
}
const get = (path: string, secret?: string) => t.app.request(path, { headers: secret ? { authorization: `Bearer ${secret}` } : {} });

/** A parcel waiting on `subscriptionId`, written as the owner (as the counter would), optionally naming another landlord and household. */
async function parcel(subscriptionId: string, carrier: string, override: { landlord_id?: string; household_id?: string } = {}): Promise<string> {
  const [s] = await q('select organisation_id, landlord_id, household_id, created_by from concierge_subscriptions where id = $1', [subscriptionId]);
  const [p] = await q(
    `insert into concierge_parcels (organisation_id, landlord_id, subscription_id, household_id, kind, carrier, size, shelf, pickup_code, received_by)
     values ($1, $2, $3, $4, 'parcel', $5, 'small', 'A1', '123456', $6) returning id`,
    [s.organisation_id, override.landlord_id ?? s.landlord_id, subscriptionId, override.household_id ?? s.household_id, carrier, s.created_by],
  );
  return p.id;
}

beforeAll(async () => {
  t = await testApp();
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  [{ household_id: household, organisation_id: plurial }] = await q('select m.household_id, m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1', [demo('resident')]);
  [{ id: logirem }] = await q("select id from organisations where slug = 'logirem'");
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  const web = t.client();
  await web.signIn(demo('resident'));
  expect((await web.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: 'api-read-subscribe' })).status).toBe(303);
});

describe('GET /api/v1/concierge/parcels with a token', () => {
  it('401 without a token, 403 without the concierge.use scope', async () => {
    expect((await get('/api/v1/concierge/parcels')).status).toBe(401);
    expect((await get('/api/v1/concierge/parcels', await tokenFor(demo('resident'), ['directory.residences.read']))).status).toBe(403);
    expect((await get('/api/v1/concierge/parcels', await tokenFor(demo('partner_staff'), ['concierge.provider']))).status).toBe(403);
  });

  it('lists only the household’s own waiting parcels with their codes; another household’s and another landlord’s are absent', async () => {
    const [mine] = await q("select id from concierge_subscriptions where household_id = $1 and status = 'active'", [household]);
    const own = await parcel(mine.id, 'Colissimo API');
    // Another household of the same landlord, with a parcel waiting.
    const [neighbour] = await q("select id from concierge_subscriptions where household_id <> $1 and landlord_id = $2 and status = 'active' limit 1", [household, plurial]);
    const theirs = await parcel(neighbour.id, 'Chronopost voisin');
    // A row naming another landlord (and, forged, the same household id): the landlord boundary alone keeps it out.
    const [sub] = await q('select * from concierge_subscriptions where id = $1', [mine.id]);
    const [forged] = await q(
      `insert into concierge_subscriptions (organisation_id, landlord_id, desk_id, household_id, plan_id, household_name, dwelling_reference, residence_id, starts_on, ends_on, status, created_via, created_by, idempotency_key)
       values ($1, $2, $3, $4, $5, 'Autre bailleur', 'LOG-1', $6, current_date, current_date, 'cancelled', 'counter', $7, 'api-read-forged') returning id`,
      [sub.organisation_id, logirem, sub.desk_id, household, sub.plan_id, sub.residence_id, sub.created_by],
    );
    const foreign = await parcel(forged.id, 'DHL autre bailleur', { landlord_id: logirem });
    // One already handed over is no longer waiting.
    const handed = await parcel(mine.id, 'Relais remis');
    await q("update concierge_parcels set status = 'handed_over', handed_at = now(), handover_method = 'code' where id = $1", [handed]);

    const res = await get('/api/v1/concierge/parcels', resident);
    expect(res.status).toBe(200);
    const body = await res.json();
    const ids = body.data.map((p: { id: string }) => p.id);
    expect(ids).toContain(own);
    for (const absent of [theirs, foreign, handed]) expect(ids).not.toContain(absent);
    const expected = await q("select id from concierge_parcels where household_id = $1 and landlord_id = $2 and status = 'received' order by id", [household, plurial]);
    expect([...ids].sort()).toEqual(expected.map((r) => r.id).sort());
    const mineOut = body.data.find((p: { id: string }) => p.id === own);
    expect(mineOut).toEqual({ id: own, kind: 'parcel', carrier: 'Colissimo API', size: 'small', receivedAt: expect.any(String), pickupCode: '123456' });
    // The allowlist: no shelf, no household, no staff.
    expect(Object.keys(mineOut).sort()).toEqual(['carrier', 'id', 'kind', 'pickupCode', 'receivedAt', 'size']);
  });

  it('a resident of another landlord, without a concierge, gets an empty list; never the demo households’ parcels', async () => {
    const [hh] = await q("select h.id from households h where h.organisation_id = $1 limit 1", [logirem]);
    const user = await addMember(t.database.owner, logirem, 'resident', 'Résident Logirem', { household_id: hh.id });
    const other = await tokenOf(user, logirem, ['concierge.use']);
    const res = await get('/api/v1/concierge/parcels', other);
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual([]);
    expect((await get('/api/v1/concierge/office-hours', other)).status).toBe(404);
  });
});

describe('GET /api/v1/concierge/office-hours with a token', () => {
  it('401 without a token, 403 without the scope', async () => {
    expect((await get('/api/v1/concierge/office-hours')).status).toBe(401);
    expect((await get('/api/v1/concierge/office-hours', await tokenFor(demo('resident'), ['directory.residences.read']))).status).toBe(403);
  });

  it('the desk serving the residence: its recurring hours, its closed dates and the next sessions, none on a closed date', async () => {
    const res = await get('/api/v1/concierge/office-hours', resident);
    expect(res.status).toBe(200);
    const body = await res.json();
    const [desk] = await q('select d.id, d.name, d.place from concierge_desks d join concierge_subscriptions s on s.desk_id = d.id where s.household_id = $1 limit 1', [household]);
    expect(body.desk).toBe(desk.name);
    expect(body.place).toBe(desk.place);
    const hours = await q("select weekday, to_char(starts_at, 'HH24:MI') as s, to_char(ends_at, 'HH24:MI') as e, place from concierge_office_hours where desk_id = $1 order by weekday", [desk.id]);
    expect(body.hours.map((h: { weekday: number; startsAt: string; endsAt: string; place: string }) => [h.weekday, h.startsAt, h.endsAt, h.place]).sort()).toEqual(hours.map((h) => [h.weekday, h.s, h.e, h.place]).sort());
    const closures = await q("select on_date::text as d from concierge_closures where desk_id = $1 order by on_date", [desk.id]);
    expect([...body.closures].sort()).toEqual(closures.map((c) => c.d));
    expect(body.next.length).toBeGreaterThan(0);
    for (const n of body.next) {
      expect(body.closures).not.toContain(n.date);
      const weekday = ((new Date(`${n.date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
      expect(hours.map((h) => h.weekday)).toContain(weekday);
    }
    const dates = body.next.map((n: { date: string }) => n.date);
    expect([...dates].sort()).toEqual(dates);
  });

  it('both endpoints are in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    for (const p of ['/api/v1/concierge/parcels', '/api/v1/concierge/office-hours']) expect(doc.paths[p]?.get, p).toBeDefined();
  });
});
