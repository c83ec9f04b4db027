import { beforeAll, describe, expect, it } from 'vitest';
import { todayInParis } from '../../src/modules/concierge/queries/desk.js';
import { demoSpace, relaxRules, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { apiTokenFor } from '../api-token.js';
import { demo, testApp } from '../app.js';

/**
 * Idempotency storms not covered by idempotency.test.ts and money-idempotency.test.ts (issue 9, reliability 2):
 * a weekly series of bookings, a subscriber household's payment over several statements (one receipt), a payout
 * to a provider and the reversal of a payment. The same Idempotency-Key sent 50 times at once makes one effect;
 * the first answer is 201, the 49 others 200 with the same body (apart from `replayed` where the API carries it);
 * the same key with another body is 422 and makes nothing more.
 */
const N = 50;
let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const n = async (text: string, values: unknown[] = []) => (await q(text, values))[0].n as number;

const post = (path: string, secret: string, body: unknown, key: string) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });

/** The same request N times at once: the statuses and the bodies (without `replayed`, which tells the replays). */
async function storm(path: string, secret: string, body: unknown, key: string) {
  const answers = await Promise.all(Array.from({ length: N }, () => post(path, secret, body, key)));
  const json = (await Promise.all(answers.map((a) => a.json()))) as Record<string, unknown>[];
  const statuses = answers.map((a) => a.status);
  const tally = Object.fromEntries([...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]));
  return { statuses, tally, first: json[0], bodies: new Set(json.map((b) => JSON.stringify({ ...b, replayed: undefined }))) };
}

let staff: string;
beforeAll(async () => {
  t = await testApp();
  staff = await apiTokenFor(t, demo('partner_staff'), ['concierge.staff'], 'Tempête');
});

describe('idempotency storms: 50 concurrent sends of one key', () => {
  it('spaces: a weekly series is booked once (one series, its weeks once each); the key at another time is 422', async () => {
    const space = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
    await relaxRules(t.database, space.spaceId);
    const secret = await apiTokenFor(t, 'resident-sotteville@demo.palier.fr', ['spaces.resident'], 'Tempête');
    const key = `series-${crypto.randomUUID()}`;
    const path = `/api/v1/spaces/${space.spaceId}/series`;
    const body = { resourceId: space.resourceId, date: workingDayAhead(43), start: '15:00', minutes: 60, purpose: 'telework', weeks: 4, onConflict: 'skip' };
    const r = await storm(path, secret, body, key);
    const series = await q('select distinct series_id from space_bookings where series_id in (select series_id from space_bookings where idempotency_key = $1)', [key]);
    const bookings = await n("select count(*)::int as n from space_bookings where series_id = $1 and status in ('pending', 'confirmed')", [series[0]?.series_id]);
    const other = await post(path, secret, { ...body, start: '16:00' }, key);
    const after = await n('select count(*)::int as n from space_bookings where series_id = $1', [series[0]?.series_id]);
    process.stdout.write(`idempotency: weekly series (4 weeks) × ${N} → ${JSON.stringify(r.tally)}, ${r.bodies.size} distinct bodies, ${series.length} series of ${bookings} bookings; same key, another time → ${other.status}\n`);
    expect(r.tally).toEqual({ 200: N - 1, 201: 1 });
    expect(r.bodies.size).toBe(1);
    expect(series).toHaveLength(1);
    expect(bookings).toBe(4);
    expect((r.first.bookings as unknown[]).length).toBe(4);
    expect(other.status).toBe(422);
    expect(after).toBe(4);
  });

  it('concierge: a subscriber’s payment over its statements makes one receipt and its payments once; the key with another amount is 422', async () => {
    const [st] = await q(
      `select st.subscription_id, st.household_id from concierge_statements st
        where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 100 and st.subscription_id is not null
          and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
          and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
        order by st.number limit 1`,
    );
    const due = await n(
      `select sum(st.gross_cents - coalesce((select sum(amount_cents) from concierge_payments p where p.statement_id = st.id), 0)
              + coalesce((select sum(gross_cents) from concierge_statements c where c.corrects_id = st.id), 0))::int as n
         from concierge_statements st where st.kind = 'statement' and st.household_id = $1`,
      [st.household_id],
    );
    const key = `subpay-${crypto.randomUUID()}`;
    const path = `/api/v1/concierge/desk/subscriptions/${st.subscription_id}/payments`;
    const body = { method: 'transfer', amountCents: due - 1, paidOn: todayInParis(), reference: 'VIR-TEMPETE' };
    const r = await storm(path, staff, body, key);
    const receipts = await n('select count(*)::int as n from concierge_receipts where idempotency_key = $1', [key]);
    const paid = await n('select coalesce(sum(p.amount_cents), 0)::int as n from concierge_payments p join concierge_receipts r on r.id = p.receipt_id where r.idempotency_key = $1', [key]);
    const other = await post(path, staff, { ...body, amountCents: 1 }, key);
    const receiptsAfter = await n('select count(*)::int as n from concierge_receipts where idempotency_key = $1', [key]);
    process.stdout.write(`idempotency: subscription payment × ${N} → ${JSON.stringify(r.tally)}, ${r.bodies.size} distinct bodies, ${receipts} receipt for ${paid} of ${due - 1} cents; same key, other amount → ${other.status}\n`);
    expect(r.tally).toEqual({ 200: N - 1, 201: 1 });
    expect(r.bodies.size).toBe(1);
    expect(receipts).toBe(1);
    expect(paid).toBe(due - 1);
    expect(other.status).toBe(422);
    expect(receiptsAfter).toBe(1);
  });

  it('concierge: a payout to a provider is recorded once; the key with another reference is 422', async () => {
    const [req] = await q("select id, provider_id from concierge_requests where status = 'dispatched' and unit_cost_cents is not null limit 1");
    await q("update concierge_requests set status = 'done', completed_at = now() where id = $1", [req.id]);
    const payouts = () => n("select count(*)::int as n from concierge_payments where provider_id = $1 and kind = 'payment'", [req.provider_id]);
    const before = await payouts();
    const key = `payout-${crypto.randomUUID()}`;
    const path = `/api/v1/concierge/desk/providers/${req.provider_id}/payouts`;
    const body = { method: 'transfer', amountCents: 100, paidOn: todayInParis(), reference: 'VIR-TEMPETE' };
    const r = await storm(path, staff, body, key);
    const made = (await payouts()) - before;
    const other = await post(path, staff, { ...body, reference: 'VIR-AUTRE' }, key);
    process.stdout.write(`idempotency: payout × ${N} → ${JSON.stringify(r.tally)}, ${r.bodies.size} distinct bodies, ${made} payout; same key, other reference → ${other.status}\n`);
    expect(r.tally).toEqual({ 200: N - 1, 201: 1 });
    expect(r.bodies.size).toBe(1);
    expect(made).toBe(1);
    expect(other.status).toBe(422);
    expect((await payouts()) - before).toBe(1);
  });

  it('concierge: a payment is reversed once; another key afterwards answers the same reversal (200)', async () => {
    const [st] = await q(
      `select st.id, st.gross_cents from concierge_statements st
        where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 100
          and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
          and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
        order by st.number desc limit 1`,
    );
    const paid = await post(`/api/v1/concierge/desk/statements/${st.id}/payments`, staff, { method: 'cash', amountCents: st.gross_cents, paidOn: todayInParis(), reference: 'Guichet' }, `paid-${crypto.randomUUID()}`);
    expect(paid.status).toBe(201);
    const payment = (await paid.json()).payments[0].id as string;
    const key = `reverse-${crypto.randomUUID()}`;
    const path = `/api/v1/concierge/desk/payments/${payment}/reverse`;
    const r = await storm(path, staff, {}, key);
    const reversals = () => n("select count(*)::int as n from concierge_payments where kind = 'reversal' and reverses_id = $1", [payment]);
    const made = await reversals();
    const again = await post(path, staff, {}, `reverse-${crypto.randomUUID()}`);
    const againBody = await again.json();
    process.stdout.write(`idempotency: reversal × ${N} → ${JSON.stringify(r.tally)}, ${r.bodies.size} distinct bodies, ${made} reversal; another key → ${again.status}\n`);
    expect(r.tally).toEqual({ 200: N - 1, 201: 1 });
    expect(r.bodies.size).toBe(1);
    expect(made).toBe(1);
    expect(r.first).toMatchObject({ reverses: payment, amountCents: -st.gross_cents });
    expect(again.status).toBe(200);
    expect(againBody.id).toBe(r.first.id);
    expect(await reversals()).toBe(1);
  });
});
