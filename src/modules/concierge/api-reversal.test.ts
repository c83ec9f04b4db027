import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let noDesk: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

const tokenFor = (email: string, scopes: string[]) => apiTokenFor(t, email, scopes, 'Caisse');
const post = (path: string, secret: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const reversals = async (paymentId: string) => (await q("select id, amount_cents from concierge_payments where kind = 'reversal' and reverses_id = $1", [paymentId]));

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [st] = await q(
    `select st.id, st.gross_cents from concierge_statements st
      where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 0
        and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
        and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
      order by st.number limit 1`,
  );
  ids.statement = st.id;
  ids.gross = String(st.gross_cents);
  const paid = await post(`/api/v1/concierge/desk/statements/${st.id}/payments`, staff, { method: 'cash', amountCents: st.gross_cents, paidOn: todayInParis(), reference: 'Guichet' }, { 'Idempotency-Key': 'reversal-pay-0001' });
  expect(paid.status).toBe(201);
  ids.payment = (await paid.json()).payments[0].id;
  // Another organisation's payment (a copy moved to another desk).
  const [org] = await q("select id from organisations where slug = 'logirep'");
  const [desk] = await q("insert into concierge_desks (organisation_id, name, place) values ($1, 'Autre conciergerie', 'Ailleurs') returning id", [org.id]);
  const [foreign] = await q(
    "insert into concierge_payments select * from jsonb_populate_record(null::concierge_payments, (select to_jsonb(p) || jsonb_build_object('id', gen_random_uuid(), 'organisation_id', $1::uuid, 'desk_id', $2::uuid, 'idempotency_key', 'foreign-0001', 'receipt_id', null) from concierge_payments p where p.id = $3)) returning id",
    [org.id, desk.id, ids.payment],
  );
  ids.foreign = foreign.id;
});

describe('POST /api/v1/concierge/desk/payments/:id/reverse: the balances page’s reversal', () => {
  it('403 for a resident, 404 without a desk or for another organisation’s payment, 400 without a key; nothing reversed', async () => {
    const path = `/api/v1/concierge/desk/payments/${ids.payment}/reverse`;
    const key = { 'Idempotency-Key': 'reversal-0001' };
    expect((await post(path, resident, {}, key)).status).toBe(403);
    expect((await post(path, noDesk, {}, key)).status).toBe(404);
    expect((await post(`/api/v1/concierge/desk/payments/${ids.foreign}/reverse`, staff, {}, key)).status).toBe(404);
    expect((await post(`/api/v1/concierge/desk/payments/${randomUUID()}/reverse`, staff, {}, key)).status).toBe(404);
    const noKey = await post(path, staff, {});
    expect(noKey.status).toBe(400);
    expect(Object.keys((await noKey.json()).fields)).toEqual(['Idempotency-Key']);
    // The payment's own key is not a reversal's: 422 at the key, never a database error.
    const reused = await post(path, staff, {}, { 'Idempotency-Key': 'reversal-pay-0001', 'accept-language': 'en' });
    expect(reused.status).toBe(422);
    expect(Object.keys((await reused.json()).fields)).toEqual(['Idempotency-Key']);
    expect(await reversals(ids.payment)).toEqual([]);
    expect(await reversals(ids.foreign)).toEqual([]);
  });

  it('reverses once (201), audited; the same or another key answers the same reversal (200); a reversal is not reversed (409)', async () => {
    const path = `/api/v1/concierge/desk/payments/${ids.payment}/reverse`;
    const answers = await Promise.all(['reversal-0002', 'reversal-0002', 'reversal-0003'].map((k) => post(path, staff, {}, { 'Idempotency-Key': k })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const rows = await reversals(ids.payment);
    expect(rows).toHaveLength(1);
    for (const b of bodies) expect(b).toEqual({ id: rows[0].id, reverses: ids.payment, amountCents: -Number(ids.gross), statementId: ids.statement, providerId: null });
    // The statement awaits its whole amount again.
    const [net] = await q('select coalesce(sum(amount_cents), 0)::int as n from concierge_payments where statement_id = $1 and id <> $2', [ids.statement, ids.foreign]);
    expect(net.n).toBe(0);
    const [ev] = await q("select details from audit_events where action = 'concierge.payment.reversed' and target_id = $1", [ids.payment]);
    expect(ev.details).toMatchObject({ reversalId: rows[0].id, amountCents: -Number(ids.gross) });
    const twice = await post(`/api/v1/concierge/desk/payments/${rows[0].id}/reverse`, staff, {}, { 'Idempotency-Key': 'reversal-0004' });
    expect(twice.status).toBe(409);
    expect((await twice.json()).fields.status).toBe('Une contre-passation ne s’annule pas : enregistrez de nouveau le paiement.');
  });
});
