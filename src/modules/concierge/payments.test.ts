import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { recordProviderPayout, recordStatementPayment, reversePayment } from './commands/record-payment.js';
import { todayInParis } from './queries/desk.js';
import { issueMonth } from './test-support/run-month.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let actor: Actor;
const org: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const today = () => todayInParis();
const pay = (amountCents: number, extra: Partial<{ method: 'cash' | 'cheque'; paidOn: string; reference: string }> = {}) => ({
  method: 'cash' as const,
  amountCents,
  paidOn: today(),
  reference: '',
  idempotencyKey: randomUUID(),
  ...extra,
});
const paidOn = async (statementId: string) => (await q('select coalesce(sum(amount_cents), 0)::int as n from concierge_payments where statement_id = $1', [statementId]))[0].n as number;
const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** A household statement of the demo month (the resident's own, for the page checks) with `min` cents or more. */
async function statementOf(email: string | null, min = 300) {
  const rows = await q(
    `select st.* from concierge_statements st
     where st.kind = 'statement' and st.party = 'household' and st.gross_cents >= $1
       and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
       and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
       and ($2::text is null or st.household_id = (select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $2 and m.household_id is not null limit 1))
     order by st.number limit 1`,
    [min, email],
  );
  expect(rows).toHaveLength(1);
  return rows[0];
}

beforeAll(async () => {
  t = await testApp();
  for (const r of await q('select id, slug from organisations')) org[r.slug] = r.id;
  staff = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('partner_staff')]);
  actor = { kind: 'user', userId: u.id, displayName: 'Nadia Ferreira', locale: 'fr', orgId: u.organisation_id, roles: ['partner_staff'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
});

describe('payments against statements', () => {
  it('the demo month: half the households have paid, the others are listed as unpaid, oldest first', async () => {
    const paid = await q("select statement_id from concierge_payments where idempotency_key like 'demo-payment-%'");
    expect(paid.length).toBeGreaterThan(2);
    const page = await (await staff.get('/concierge/desk/balances')).text();
    for (const p of paid) expect(page).not.toContain(`/concierge/desk/statements/${p.statement_id}"`);
    const unpaid = await q("select id from concierge_statements st where kind = 'statement' and gross_cents > 0 and not exists (select 1 from concierge_payments p where p.statement_id = st.id) order by issued_at, number");
    const positions = unpaid.map((u) => page.indexOf(`/concierge/desk/statements/${u.id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('two payments at the counter bring the statement to zero; the household balance adds up exactly', async () => {
    // The demo resident subscribes today; this month's run (through the command: the page waits for the month's end) bills their share of the fee.
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
    expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
    expect((await issueMonth(t.database, demo('partner_staff'), today().slice(0, 7))).issued).toBeGreaterThan(0);
    const st = await statementOf(demo('resident'), 2);
    const first = 1;
    const page = await (await staff.get(`/concierge/desk/statements/${st.id}`)).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] as string;
    const res = await staff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cash', amount: euros(first), paidOn: today(), reference: '', idempotencyKey: key });
    expect(res.status).toBe(303);
    // The same form sent twice (a double click) records one payment.
    await staff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cash', amount: euros(first), paidOn: today(), reference: '', idempotencyKey: key });
    expect(await paidOn(st.id)).toBe(first);
    const rest = st.gross_cents - first;
    expect((await staff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cheque', amount: euros(rest), paidOn: today(), reference: 'CHQ 0042', idempotencyKey: randomUUID() })).status).toBe(303);
    expect(await paidOn(st.id)).toBe(st.gross_cents);
    const after = await (await staff.get(`/concierge/desk/statements/${st.id}`)).text();
    expect(after).toContain('Reste dû : 0,00');
    expect(after).not.toContain('Enregistrer le paiement');
    // Gone from the unpaid list.
    expect(await (await staff.get('/concierge/desk/balances')).text()).not.toContain(`/concierge/desk/statements/${st.id}"`);
    // Household balance = issued − credit notes − payments, from the rows themselves.
    const [sums] = await q(
      `select (select coalesce(sum(gross_cents),0) from concierge_statements where household_id = $1)::int as billed,
              (select coalesce(sum(p.amount_cents),0) from concierge_payments p join concierge_statements s on s.id = p.statement_id where s.household_id = $1)::int as paid`,
      [st.household_id],
    );
    const home = await (await resident.get('/concierge')).text();
    expect(home).toContain('Votre compte');
    const due = sums.billed - sums.paid;
    expect(home.replace(/\u202f|\u00a0/g, ' ')).toContain(`<dt>Reste à payer</dt><dd><strong>${euros(due)}`);
    const audits = await q("select details from audit_events where action = 'concierge.payment.recorded' and target_id = $1", [st.id]);
    expect(audits).toHaveLength(2);
  });

  it('refuses zero, negative, unreadable and too-large amounts with field errors, keeping the values; nothing recorded', async () => {
    const st = await statementOf(null);
    const base = { method: 'cash', paidOn: today(), reference: 'ref-kept', idempotencyKey: randomUUID() };
    for (const [amount, message] of [
      ['0', 'Le montant doit être supérieur à zéro.'],
      ['-5', 'Le montant doit être supérieur à zéro.'],
      ['douze', 'Indiquez un montant en euros'],
      ['1,234', 'Indiquez un montant en euros'],
      [euros(st.gross_cents + 1), 'Le montant dépasse ce qui reste dû'],
    ]) {
      const res = await staff.post(`/concierge/desk/statements/${st.id}/payments`, { ...base, amount, idempotencyKey: randomUUID() });
      expect(res.status, amount).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('id="f-amount-error"');
      expect(html).toContain('value="ref-kept"');
    }
    const bad = await staff.post(`/concierge/desk/statements/${st.id}/payments`, { ...base, amount: '1', method: 'card', paidOn: '2999-01-01' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choisissez un moyen de paiement.');
    const future = await staff.post(`/concierge/desk/statements/${st.id}/payments`, { ...base, amount: '1', paidOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('Un paiement ne peut pas être daté de demain');
    expect(await paidOn(st.id)).toBe(0);
    // The database refuses what the command would never send.
    await expect(q("insert into concierge_payments (organisation_id, desk_id, statement_id, kind, method, amount_cents, paid_on, recorded_by, idempotency_key) select organisation_id, desk_id, id, 'payment', 'cash', -1, current_date, issued_by, 'neg' from concierge_statements where id = $1", [st.id])).rejects.toThrow(/check/);
  });

  it('concurrent payments on one statement never exceed it (the lock makes them take turns)', async () => {
    const st = await statementOf(null);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => recordStatementPayment(t.database.db, actor, st.id, pay(st.gross_cents - 1))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason.key).toBe('concierge.error.amountOver');
    expect(await paidOn(st.id)).toBe(st.gross_cents - 1);
    const last = await Promise.allSettled([1, 2, 3].map(() => recordStatementPayment(t.database.db, actor, st.id, pay(1))));
    expect(last.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await paidOn(st.id)).toBe(st.gross_cents);
  });

  it('a mistaken payment is reversed by a negative row naming it, once; payments are never altered nor deleted', async () => {
    const st = await statementOf(null);
    const id = await recordStatementPayment(t.database.db, actor, st.id, pay(st.gross_cents));
    const res = await staff.post(`/concierge/desk/payments/${id}/reverse`, { idempotencyKey: randomUUID() });
    expect(res.headers.get('location')).toBe(`/concierge/desk/statements/${st.id}?done=reversed`);
    const rows = await q('select kind, amount_cents, reverses_id from concierge_payments where statement_id = $1 order by recorded_at', [st.id]);
    expect(rows).toEqual([
      { kind: 'payment', amount_cents: st.gross_cents, reverses_id: null },
      { kind: 'reversal', amount_cents: -st.gross_cents, reverses_id: id },
    ]);
    expect(await paidOn(st.id)).toBe(0);
    const again = await reversePayment(t.database.db, actor, id, randomUUID());
    expect((await q('select count(*)::int as n from concierge_payments where reverses_id = $1', [id]))[0].n).toBe(1);
    await expect(reversePayment(t.database.db, actor, again.id, randomUUID())).rejects.toMatchObject({ status: 409 });
    const orgId = org['conciergerie-solidaire-51'];
    await expect(withTenant(t.database.db, { orgId }, (tx) => tx.updateTable('concierge_payments').set({ amount_cents: 1 }).execute())).rejects.toThrow(/permission denied/);
    await expect(withTenant(t.database.db, { orgId }, (tx) => tx.deleteFrom('concierge_payments').execute())).rejects.toThrow(/permission denied/);
    // A credited statement awaits nothing: paying it is refused, and a credit note is never paid.
    await staff.post(`/concierge/desk/statements/${st.id}/credit`, {});
    await expect(recordStatementPayment(t.database.db, actor, st.id, pay(1))).rejects.toMatchObject({ key: 'concierge.error.amountOver' });
    const [credit] = await q('select id from concierge_statements where corrects_id = $1', [st.id]);
    await expect(recordStatementPayment(t.database.db, actor, credit.id, pay(1))).rejects.toMatchObject({ status: 409 });
  });

  it('the landlord’s statement (its shares of the fees) is paid the same way, and the landlord reads that payment', async () => {
    const [st] = await q("select * from concierge_statements where kind = 'statement' and party = 'landlord' and not exists (select 1 from concierge_payments p where p.statement_id = concierge_statements.id) order by number limit 1");
    expect(st.gross_cents).toBeGreaterThan(0);
    const res = await staff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'transfer', amount: euros(st.gross_cents), paidOn: today(), reference: 'VIR PLURIAL', idempotencyKey: randomUUID() });
    expect(res.status).toBe(303);
    expect(await paidOn(st.id)).toBe(st.gross_cents);
    const seen = await withTenant(t.database.db, { orgId: st.landlord_id }, (tx) => tx.selectFrom('concierge_payments').select(['amount_cents', 'reference']).where('statement_id', '=', st.id).execute());
    expect(seen).toEqual([{ amount_cents: st.gross_cents, reference: 'VIR PLURIAL' }]);
  });

  it('providers: what remains to pay them, and payouts capped at it', async () => {
    const [owed] = await q(
      `select p.id, p.name, sum(r.net_cents + round(r.net_cents * r.vat_rate_bp / 10000.0))::int as owed
       from concierge_providers p join concierge_requests r on r.provider_id = p.id and r.status in ('done', 'closed')
       group by p.id, p.name order by owed desc limit 1`,
    );
    expect(owed.owed).toBeGreaterThan(100);
    const page = await (await staff.get('/concierge/desk/balances')).text();
    expect(page).toContain(owed.name);
    const over = await staff.post('/concierge/desk/balances/payouts', { providerId: owed.id, method: 'transfer', amount: euros(owed.owed + 1), paidOn: today(), reference: '', idempotencyKey: randomUUID() });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('Le montant dépasse ce qui reste dû');
    const ok = await staff.post('/concierge/desk/balances/payouts', { providerId: owed.id, method: 'transfer', amount: euros(owed.owed - 100), paidOn: today(), reference: 'VIR-12', idempotencyKey: randomUUID() });
    expect(ok.headers.get('location')).toBe('/concierge/desk/balances?done=paidOut');
    const results = await Promise.allSettled([1, 2, 3].map(() => recordProviderPayout(t.database.db, actor, owed.id, pay(100))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [paid] = await q('select sum(amount_cents)::int as n from concierge_payments where provider_id = $1', [owed.id]);
    expect(paid.n).toBe(owed.owed);
    expect(await (await staff.get('/concierge/desk/balances')).text()).not.toContain(`value="${owed.id}"`);
  });

  it('isolation: other organisations neither see nor record payments', async () => {
    expect((await q('select count(*)::int as n from concierge_payments'))[0].n).toBeGreaterThan(0);
    for (const other of ['logirem', 'vie2b', 'logirep', 'pressing-solidaire-remois']) {
      const seen = await withTenant(t.database.db, { orgId: org[other] }, async (tx) => (await tx.selectFrom('concierge_payments').select('id').execute()).length);
      expect(seen, other).toBe(0);
    }
    // The landlord reads the payments of its own households' statements only (never the providers' payouts).
    const landlordSees = await withTenant(t.database.db, { orgId: org['plurial-novilia'] }, (tx) => tx.selectFrom('concierge_payments').select(['provider_id', 'landlord_id']).execute());
    expect(landlordSees.length).toBeGreaterThan(0);
    expect(landlordSees.every((p) => p.provider_id === null && p.landlord_id === org['plurial-novilia'])).toBe(true);
    // A landlord's concierge (staff of an organisation that runs no desk) gets 404, a resident 403.
    const st = await statementOf(null);
    const landlordStaff = t.client();
    await landlordStaff.signIn(demo('concierge'));
    expect((await landlordStaff.get(`/concierge/desk/statements/${st.id}`)).status).toBe(404);
    expect((await landlordStaff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cash', amount: '1', paidOn: today(), idempotencyKey: randomUUID() })).status).toBe(404);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cash', amount: '1', paidOn: today(), idempotencyKey: randomUUID() })).status).toBe(403);
    expect((await resident.get('/concierge/desk/balances')).status).toBe(403);
    expect(await paidOn(st.id)).toBe(0);
  });
});
