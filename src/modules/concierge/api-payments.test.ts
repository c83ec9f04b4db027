import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let noDesk: string;
let resident: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const count = async (table: string, where = 'true', values: unknown[] = []) => (await q(`select count(*)::int as n from ${table} where ${where}`, values))[0].n as number;
const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Caisse', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
const call = (method: string, path: string, secret: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method,
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Household statements neither paid nor credited, with a line of `minQty` or more. */
async function untouched(minQty = 1, skip: string[] = []) {
  return q(
    `select st.id, st.household_id, st.gross_cents, st.subscription_id, l.position, l.quantity
       from concierge_statements st join concierge_statement_lines l on l.statement_id = st.id
      where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 0 and l.quantity >= $1
        and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
        and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
        and st.id <> all($2::uuid[])
      order by st.number`,
    [minQty, skip],
  );
}

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
});

describe('/api/v1/concierge payments with a token: the pages’ commands', () => {
  it('one statement: 401/403/400, field errors in French, too much refused, 404 elsewhere; then 201 with its receipt, and a replay records nothing more', async () => {
    const [st] = await untouched();
    const path = `/api/v1/concierge/desk/statements/${st.id}/payments`;
    const body = { method: 'cash', amountCents: st.gross_cents, paidOn: todayInParis(), reference: 'Guichet' };
    const key = { 'Idempotency-Key': 'api-pay-one-0001' };
    expect((await call('POST', path, null, body, key)).status).toBe(403);
    expect((await call('POST', path, 'plr_0000unknown0000', body, key)).status).toBe(401);
    expect((await call('POST', path, resident, body, key)).status).toBe(403);
    expect((await call('POST', path, staff, body)).status).toBe(400);
    const bad = await call('POST', path, staff, { method: 'gold', amountCents: -5, paidOn: todayInParis() }, key);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: 'invalid_body', fields: { method: 'Choisissez un moyen de paiement.', amountCents: 'Le montant doit être supérieur à zéro.' } });
    const future = await call('POST', path, staff, { ...body, paidOn: tomorrow() }, key);
    expect((await future.json()).fields).toEqual({ paidOn: 'Un paiement ne peut pas être daté de demain ou après.' });
    const over = await call('POST', path, staff, { ...body, amountCents: st.gross_cents + 1 }, key);
    expect(over.status).toBe(422);
    expect((await over.json()).fields).toEqual({ amountCents: 'Le montant dépasse ce qui reste dû : enregistrez au plus le reste dû.' });
    const en = await call('POST', path, staff, { ...body, amountCents: st.gross_cents + 1 }, { ...key, 'accept-language': 'en' });
    expect((await en.json()).fields).toEqual({ amountCents: 'The amount is more than what is still due: record at most what is due.' });
    expect((await call('POST', path, noDesk, body, key)).status).toBe(404);
    expect((await call('POST', `/api/v1/concierge/desk/statements/${crypto.randomUUID()}/payments`, staff, body, key)).status).toBe(404);
    expect(await count('concierge_payments', 'statement_id = $1', [st.id])).toBe(0);

    const ok = await call('POST', path, staff, body, key);
    expect(ok.status).toBe(201);
    const paid = await ok.json();
    expect(paid.payments).toEqual([{ id: expect.any(String), statementId: st.id, amountCents: st.gross_cents }]);
    expect((await q('select receipt_id, method, reference from concierge_payments where statement_id = $1', [st.id]))[0]).toEqual({ receipt_id: paid.receiptId, method: 'cash', reference: 'Guichet' });
    const again = await call('POST', path, staff, body, key);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(paid);
    const reused = await call('POST', path, staff, { ...body, amountCents: 100 }, key);
    expect(reused.status).toBe(422);
    expect((await reused.json()).fields).toEqual({ 'Idempotency-Key': 'Cette clé d’idempotence a déjà servi pour une autre opération : envoyez une nouvelle clé.' });
    expect(await count('concierge_payments', 'statement_id = $1', [st.id])).toBe(1);
    expect(await count('audit_events', "action = 'concierge.payment.recorded' and target_id = $1", [st.id])).toBe(1);
    // Paid in full: a second payment is more than owed.
    const more = await call('POST', path, staff, { ...body, amountCents: 1 }, { 'Idempotency-Key': 'api-pay-one-0002' });
    expect((await more.json()).fields).toEqual({ amountCents: 'Le montant dépasse ce qui reste dû : enregistrez au plus le reste dû.' });
  });

  it('a household’s several statements at once: oldest first, one receipt, never more than owed in total; replay answers the same receipt', async () => {
    const [st] = await untouched();
    const owed = await q(
      `select st.id, st.gross_cents - coalesce((select sum(amount_cents) from concierge_payments p where p.statement_id = st.id), 0)
              + coalesce((select sum(gross_cents) from concierge_statements c where c.corrects_id = st.id), 0) as due
         from concierge_statements st where st.kind = 'statement' and st.household_id = $1`,
      [st.household_id],
    );
    const total = owed.reduce((s, r) => s + Number(r.due), 0);
    const path = `/api/v1/concierge/desk/subscriptions/${st.subscription_id}/payments`;
    const body = { method: 'transfer', amountCents: total, paidOn: todayInParis(), reference: 'VIR-API' };
    const over = await call('POST', path, staff, { ...body, amountCents: total + 1 }, { 'Idempotency-Key': 'api-pay-all-0001' });
    expect(over.status).toBe(422);
    expect(Object.keys((await over.json()).fields)).toEqual(['amountCents']);
    expect((await call('POST', path, noDesk, body, { 'Idempotency-Key': 'api-pay-all-0001' })).status).toBe(404);
    expect((await call('POST', `/api/v1/concierge/desk/subscriptions/${st.household_id}/payments`, staff, body, { 'Idempotency-Key': 'api-pay-all-0001' })).status).toBe(404);

    const ok = await call('POST', path, staff, body, { 'Idempotency-Key': 'api-pay-all-0001' });
    expect(ok.status).toBe(201);
    const paid = await ok.json();
    expect(paid.payments.reduce((s: number, p: { amountCents: number }) => s + p.amountCents, 0)).toBe(total);
    const again = await call('POST', path, staff, body, { 'Idempotency-Key': 'api-pay-all-0001' });
    expect(again.status).toBe(200);
    expect((await again.json()).receiptId).toBe(paid.receiptId);
    expect(await count('concierge_receipts', 'id = $1', [paid.receiptId])).toBe(1);
    expect(await count('concierge_payments', 'receipt_id = $1', [paid.receiptId])).toBe(paid.payments.length);
  });
});

describe('/api/v1/concierge credit notes with a token', () => {
  it('issues a partial credit note once per key, refuses too much at its line, lists them for the desk and the household', async () => {
    const [st] = await untouched(2);
    const path = `/api/v1/concierge/desk/statements/${st.id}/credit-notes`;
    const key = { 'Idempotency-Key': 'api-credit-0001' };
    expect((await call('POST', path, resident, {}, key)).status).toBe(403);
    expect((await call('POST', path, staff, {})).status).toBe(400);
    const tooMany = await call('POST', path, staff, { lines: [{ position: st.position, quantity: st.quantity + 1 }] }, key);
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).fields).toEqual({ 'lines.0.quantity': 'Indiquez un nombre entier entre 0 et ce qui reste sur la ligne.' });
    const long = await call('POST', path, staff, { reason: 'x'.repeat(301) }, key);
    expect((await long.json()).fields).toEqual({ reason: 'Le motif ne doit pas dépasser 300 caractères.' });
    expect((await call('POST', path, noDesk, {}, key)).status).toBe(404);
    expect(await count('concierge_statements', 'corrects_id = $1', [st.id])).toBe(0);

    const ok = await call('POST', path, staff, { lines: [{ position: st.position, quantity: 1 }], reason: 'Une prestation manquée' }, key);
    expect(ok.status).toBe(201);
    const note = await ok.json();
    expect(note).toMatchObject({ correctsId: st.id, party: 'household', reason: 'Une prestation manquée' });
    expect(note.grossCents).toBeLessThan(0);
    const again = await call('POST', path, staff, { lines: [{ position: st.position, quantity: 1 }], reason: 'Une prestation manquée' }, key);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(note);
    expect((await call('POST', path, staff, { reason: 'Autre chose' }, key)).status).toBe(422);
    expect(await count('concierge_statements', 'corrects_id = $1', [st.id])).toBe(1);
    expect(await count('audit_events', "action = 'concierge.statement.credit_note' and target_id = $1", [note.id])).toBe(1);

    const desk = await call('GET', '/api/v1/concierge/desk/credit-notes', staff);
    expect(desk.status).toBe(200);
    expect((await desk.json()).data.map((n: { id: string }) => n.id)).toContain(note.id);
    expect((await call('GET', '/api/v1/concierge/desk/credit-notes', noDesk)).status).toBe(404);
    expect((await call('GET', '/api/v1/concierge/desk/credit-notes', resident)).status).toBe(403);
    // The resident's list holds their own household's credit notes only.
    const mine = await (await call('GET', '/api/v1/concierge/credit-notes', resident)).json();
    const [own] = await q('select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1 and m.household_id is not null limit 1', [demo('resident')]);
    const expected = await q("select id from concierge_statements where kind = 'credit_note' and household_id = $1 order by number desc", [own.household_id]);
    expect(mine.data.map((n: { id: string }) => n.id)).toEqual(expected.map((r) => r.id));
    if (st.household_id !== own.household_id) expect(mine.data.map((n: { id: string }) => n.id)).not.toContain(note.id);
  });
});
