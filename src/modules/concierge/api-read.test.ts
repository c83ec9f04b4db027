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

describe('money reads with a token: receipts, payout statements, the landlord’s statements', () => {
  /** A resident token for a demo household that has paid (it has receipts). */
  async function payer(): Promise<{ token: string; householdId: string }> {
    const [r] = await q("select household_id from concierge_receipts where party = 'household' and landlord_id = $1 order by number limit 1", [plurial]);
    const user = await addMember(t.database.owner, plurial, 'resident', 'Payeur Démo', { household_id: r.household_id });
    return { token: await tokenOf(user, plurial, ['concierge.use']), householdId: r.household_id };
  }

  it('a household lists its own receipts and reads each with the statements it paid; another household’s is a 404', async () => {
    const { token, householdId } = await payer();
    expect((await get('/api/v1/concierge/receipts')).status).toBe(401);
    expect((await get('/api/v1/concierge/receipts', await tokenFor(demo('resident'), ['concierge.provider']))).status).toBe(403);
    const res = await get('/api/v1/concierge/receipts', token);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    const expected = await q('select id, number, amount_cents from concierge_receipts where household_id = $1 order by number desc', [householdId]);
    expect(data.map((r: { id: string }) => r.id)).toEqual(expected.map((r) => r.id));
    expect(data[0]).toEqual({ id: expected[0].id, number: expected[0].number, paidOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), method: expect.any(String), amountCents: expected[0].amount_cents, pdf: `/concierge/receipts/${expected[0].id}/pdf` });
    const detail = await (await get(`/api/v1/concierge/receipts/${expected[0].id}`, token)).json();
    const parts = await q('select p.statement_id, p.amount_cents from concierge_payments p where p.receipt_id = $1', [expected[0].id]);
    expect(detail.statements.map((s: { statementId: string; amountCents: number }) => [s.statementId, s.amountCents])).toEqual(parts.map((p) => [p.statement_id, p.amount_cents]));
    expect(detail.statements.reduce((n: number, s: { amountCents: number }) => n + s.amountCents, 0)).toBe(detail.amountCents);
    const [other] = await q("select id from concierge_receipts where household_id <> $1 and party = 'household' limit 1", [householdId]);
    expect((await get(`/api/v1/concierge/receipts/${other.id}`, token)).status).toBe(404);
    expect((await get('/api/v1/concierge/receipts/not-a-uuid', token)).status).toBe(404);
    // The demo resident (no payment yet) lists none of them.
    const none = await (await get('/api/v1/concierge/receipts', resident)).json();
    expect(none.data.filter((r: { id: string }) => expected.some((e) => e.id === r.id))).toEqual([]);
  });

  it('the association’s staff list every receipt of the desk; a resident’s token and a landlord without a desk cannot', async () => {
    const staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
    const res = await get('/api/v1/concierge/desk/receipts', staff);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    const all = await q('select id from concierge_receipts order by number desc limit 100');
    expect(data.map((r: { id: string }) => r.id)).toEqual(all.map((r) => r.id));
    const one = await (await get(`/api/v1/concierge/desk/receipts/${all[0].id}`, staff)).json();
    expect(one.pdf).toBe(`/concierge/desk/receipts/${all[0].id}/pdf`);
    expect(one.payer).toEqual(expect.any(String));
    expect((await get('/api/v1/concierge/desk/receipts', resident)).status).toBe(403);
    expect((await get('/api/v1/concierge/desk/receipts', await tokenFor(demo('concierge'), ['concierge.staff']))).status).toBe(404);
  });

  it('payout statements: staff read all the desk’s, a provider only its own, with lines that add up; another provider’s is a 404', async () => {
    const all = await q('select s.id, s.provider_id, s.gross_cents from concierge_payout_statements s order by s.number desc');
    expect(all.length).toBeGreaterThan(1);
    const staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
    const list = await (await get('/api/v1/concierge/desk/payouts', staff)).json();
    expect(list.data.map((p: { id: string }) => p.id)).toEqual(all.map((p) => p.id));
    const pressing = await tokenFor('prestataire@demo.palier.fr', ['concierge.provider']);
    const [own] = await q("select p.id from concierge_providers p where p.name = 'Pressing Solidaire Rémois'");
    const mine = all.filter((p) => p.provider_id === own.id);
    const theirs = all.filter((p) => p.provider_id !== own.id);
    expect(theirs.length).toBeGreaterThan(0);
    const provided = await (await get('/api/v1/concierge/provider/payouts', pressing)).json();
    expect(provided.data.map((p: { id: string }) => p.id)).toEqual(mine.map((p) => p.id));
    expect(mine.length).toBeGreaterThan(0);
    const d = await (await get(`/api/v1/concierge/provider/payouts/${mine[0].id}`, pressing)).json();
    expect(d.lines.length).toBeGreaterThan(0);
    expect(d.lines.reduce((n: number, l: { grossCents: number }) => n + l.grossCents, 0)).toBe(d.grossCents);
    for (const l of d.lines) expect(l.netCents + l.vatCents).toBe(l.grossCents);
    expect((await get(`/api/v1/concierge/provider/payouts/${theirs[0].id}`, pressing)).status).toBe(404);
    const staffDetail = await (await get(`/api/v1/concierge/desk/payouts/${theirs[0].id}`, staff)).json();
    expect(staffDetail.grossCents).toBe(theirs[0].gross_cents);
    expect((await get('/api/v1/concierge/provider/payouts', resident)).status).toBe(403);
    expect((await get('/api/v1/concierge/desk/payouts', pressing)).status).toBe(403);
    expect((await get('/api/v1/concierge/desk/payouts')).status).toBe(401);
  });

  it('landlord staff read the statements billed to their landlord and what is left to pay; never a household’s, never for another landlord', async () => {
    const landlord = await tokenFor(demo('concierge'), ['concierge.landlord']);
    const res = await get('/api/v1/concierge/landlord/statements', landlord);
    expect(res.status).toBe(200);
    const body = await res.json();
    const own = await q("select id from concierge_statements where party = 'landlord' and landlord_id = $1", [plurial]);
    expect(own.length).toBeGreaterThan(0);
    expect(body.data.map((s: { id: string }) => s.id).sort()).toEqual(own.map((s) => s.id).sort());
    expect(body.dueCents).toBe(body.data.reduce((n: number, s: { outstandingCents: number | null }) => n + (s.outstandingCents ?? 0), 0));
    const first = body.data.find((s: { kind: string }) => s.kind === 'statement');
    const detail = await (await get(`/api/v1/concierge/landlord/statements/${first.id}`, landlord)).json();
    expect(detail.lines.reduce((n: number, l: { grossCents: number }) => n + l.grossCents, 0)).toBe(detail.grossCents);
    expect(detail.lines[0].label).toContain('part bailleur');
    const [household] = await q("select id from concierge_statements where party = 'household' and landlord_id = $1 limit 1", [plurial]);
    expect((await get(`/api/v1/concierge/landlord/statements/${household.id}`, landlord)).status).toBe(404);
    const admin = await addMember(t.database.owner, logirem, 'org_admin', 'Admin Logirem');
    const outsider = await tokenOf(admin, logirem, ['concierge.landlord']);
    expect(await (await get('/api/v1/concierge/landlord/statements', outsider)).json()).toEqual({ data: [], dueCents: 0 });
    expect((await get(`/api/v1/concierge/landlord/statements/${first.id}`, outsider)).status).toBe(404);
    expect((await get('/api/v1/concierge/landlord/statements', resident)).status).toBe(403);
    expect((await get('/api/v1/concierge/landlord/statements')).status).toBe(401);
  });

  it('the money reads are in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    for (const p of [
      '/api/v1/concierge/receipts',
      '/api/v1/concierge/receipts/{id}',
      '/api/v1/concierge/desk/receipts',
      '/api/v1/concierge/desk/receipts/{id}',
      '/api/v1/concierge/desk/payouts',
      '/api/v1/concierge/desk/payouts/{id}',
      '/api/v1/concierge/provider/payouts',
      '/api/v1/concierge/provider/payouts/{id}',
      '/api/v1/concierge/landlord/statements',
      '/api/v1/concierge/landlord/statements/{id}',
    ])
      expect(doc.paths[p]?.get, p).toBeDefined();
  });
});
