import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { recordHouseholdPayment } from './commands/record-household-payment.js';
import { todayInParis } from './queries/desk.js';
import { issueMonth } from './test-support/run-month.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let actor: Actor;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const today = () => todayInParis();
const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
/** The text shown by an uncompressed pdfkit PDF (hex strings in TJ arrays, WinAnsi), as in statement-pdf.test.ts. */
function pdfText(b: ArrayBuffer): string {
  const winAnsi: Record<number, string> = { 128: '€', 146: '’', 150: '–', 151: '—' };
  const parts: string[] = [];
  for (const m of Buffer.from(b).toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const h of m[1].matchAll(/<([0-9a-fA-F]*)>/g)) parts.push([...Buffer.from(h[1], 'hex')].map((x) => winAnsi[x] ?? String.fromCharCode(x)).join(''));
    parts.push('\n');
  }
  return parts.join('').replace(/\u00a0|\u202f/g, ' ');
}

/** What each of a household's statements still awaits, oldest first. */
async function owedOf(householdId: string) {
  return q(
    `select st.id, st.number, (st.gross_cents + coalesce((select sum(c.gross_cents) from concierge_statements c where c.corrects_id = st.id), 0)
       - coalesce((select sum(p.amount_cents) from concierge_payments p where p.statement_id = st.id), 0))::int as owed
     from concierge_statements st where st.household_id = $1 and st.kind = 'statement' order by st.issued_at, st.number`,
    [householdId],
  );
}

/** A subscription whose household has two statements or more with money still owed on each. */
async function subscriberOwingTwice(skip: string[] = []) {
  const rows = await q(
    `select s.id as sid, s.household_id from concierge_subscriptions s
     where s.household_id <> all($1::uuid[]) and (select count(*) from concierge_statements st where st.household_id = s.household_id and st.kind = 'statement' and st.gross_cents > 0
       and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
       and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)) >= 2
     order by s.dwelling_reference limit 1`,
    [skip],
  );
  expect(rows).toHaveLength(1);
  return rows[0] as { sid: string; household_id: string };
}

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('partner_staff')]);
  actor = { kind: 'user', userId: u.id, displayName: 'Nadia Ferreira', locale: 'fr', orgId: u.organisation_id, roles: ['partner_staff'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
  // This month's run (through the command: the page waits for the month's end) bills every subscriber again: the unpaid households of the demo month now owe twice.
  expect((await issueMonth(t.database, demo('partner_staff'), today().slice(0, 7))).issued).toBeGreaterThan(0);
});

describe('receipts and one payment over several statements', () => {
  it('demo payments each have a numbered receipt', async () => {
    const rows = await q("select p.receipt_id, r.number, r.amount_cents = p.amount_cents as same from concierge_payments p join concierge_receipts r on r.id = p.receipt_id where p.idempotency_key like 'demo-payment-%' order by r.number");
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.every((r) => r.same)).toBe(true);
  });

  it('at the counter, one payment settles the oldest statement first, then part of the next, with one receipt', async () => {
    const { sid, household_id } = await subscriberOwingTwice();
    const [first, second] = await owedOf(household_id);
    const total = (await owedOf(household_id)).reduce((s, o) => s + o.owed, 0);
    const card = await (await staff.get(`/concierge/desk/counter/${sid}`)).text();
    expect(card).toContain(`action="/concierge/desk/counter/${sid}/payments"`);
    // More than owed in total: refused beside the field, values kept, nothing recorded.
    const over = await staff.post(`/concierge/desk/counter/${sid}/payments`, { method: 'cash', amount: euros(total + 1), paidOn: today(), reference: 'kept-ref', idempotencyKey: randomUUID() });
    expect(over.status).toBe(422);
    const html = await over.text();
    expect(html).toContain('Le montant dépasse ce qui reste dû');
    expect(html).toContain('id="f-amount-error"');
    expect(html).toContain('value="kept-ref"');
    expect((await owedOf(household_id)).map((o) => o.owed)).toEqual([first.owed, second.owed]);
    // The oldest in full and one cent of the next.
    const key = randomUUID();
    const res = await staff.post(`/concierge/desk/counter/${sid}/payments`, { method: 'cash', amount: euros(first.owed + 1), paidOn: today(), reference: '', idempotencyKey: key });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/concierge\/desk\/receipts\/[0-9a-f-]{36}\?done=paid$/);
    // A double click records nothing more.
    const again = await staff.post(`/concierge/desk/counter/${sid}/payments`, { method: 'cash', amount: euros(first.owed + 1), paidOn: today(), reference: '', idempotencyKey: key });
    expect(again.headers.get('location')).toBe(location);
    expect((await owedOf(household_id)).map((o) => o.owed)).toEqual([0, second.owed - 1]);
    const receiptId = location.split('/')[4].split('?')[0];
    const parts = await q('select statement_id, amount_cents from concierge_payments where receipt_id = $1 order by amount_cents desc', [receiptId]);
    expect(parts).toEqual([
      { statement_id: first.id, amount_cents: first.owed },
      { statement_id: second.id, amount_cents: 1 },
    ]);
    const [receipt] = await q('select number, amount_cents from concierge_receipts where id = $1', [receiptId]);
    expect(receipt.amount_cents).toBe(first.owed + 1);
    const page = (await (await staff.get(location)).text()).replace(/\u202f|\u00a0/g, ' ');
    expect(page).toContain(`Reçu n° ${receipt.number}`);
    expect(page).toContain(`Relevé n° ${first.number}`);
    expect(page).toContain(euros(first.owed + 1));
    const [audit] = await q("select details from audit_events where action = 'concierge.payment.recorded' and target_id = $1", [receiptId]);
    expect(audit.details.statements).toEqual([
      { number: first.number, cents: first.owed },
      { number: second.number, cents: 1 },
    ]);
  });

  it('concurrent payments over several statements never exceed what is owed; receipts are numbered without gaps', async () => {
    const { sid, household_id } = await subscriberOwingTwice();
    const total = (await owedOf(household_id)).reduce((s, o) => s + o.owed, 0);
    const [{ n: before }] = await q('select coalesce(max(number), 0)::int as n from concierge_receipts');
    const part = Math.ceil(total / 2);
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map(() => recordHouseholdPayment(t.database.db, actor, sid, { method: 'cash', amountCents: part, paidOn: today(), reference: '', idempotencyKey: randomUUID() })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(total % 2 === 0 ? 2 : 1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason.key).toBe('concierge.error.amountOver');
    const owed = await owedOf(household_id);
    expect(owed.every((o) => o.owed >= 0)).toBe(true);
    expect(owed.reduce((s, o) => s + o.owed, 0)).toBe(total - ok * part);
    const numbers = (await q('select number from concierge_receipts where number > $1 order by number', [before])).map((r) => r.number);
    expect(numbers).toEqual(numbers.map((_, i) => before + i + 1));
    // Nothing owed any more at all: even a cent is refused; an unknown subscription is 404.
    if (total % 2 === 0) await expect(recordHouseholdPayment(t.database.db, actor, sid, { method: 'cash', amountCents: 1, paidOn: today(), reference: '', idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'concierge.error.amountOver' });
    await expect(recordHouseholdPayment(t.database.db, actor, randomUUID(), { method: 'cash', amountCents: 1, paidOn: today(), reference: '', idempotencyKey: randomUUID() })).rejects.toMatchObject({ status: 404 });
  });

  it('a payment of one statement has its receipt; the household downloads it as PDF (audited), nobody else’s', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
    expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
    expect((await issueMonth(t.database, demo('partner_staff'), today().slice(0, 7))).issued).toBeGreaterThan(0);
    const [st] = await q(
      `select st.* from concierge_statements st where st.kind = 'statement' and st.household_id = (select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1 and m.household_id is not null limit 1)`,
      [demo('resident')],
    );
    expect((await staff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cheque', amount: euros(st.gross_cents), paidOn: today(), reference: 'CHQ 77', idempotencyKey: randomUUID() })).status).toBe(303);
    const [r] = await q('select r.id, r.number from concierge_receipts r join concierge_payments p on p.receipt_id = r.id where p.statement_id = $1', [st.id]);
    expect(await (await staff.get(`/concierge/desk/statements/${st.id}`)).text()).toContain(`/concierge/desk/receipts/${r.id}`);
    const home = await (await resident.get('/concierge')).text();
    expect(home).toContain(`/concierge/receipts/${r.id}`);
    expect((await resident.get(`/concierge/receipts/${r.id}`)).status).toBe(200);
    const pdf = await resident.get(`/concierge/receipts/${r.id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`recu-${r.number}.pdf`);
    const text = pdfText(await pdf.arrayBuffer());
    expect(text).toContain(`Reçu n° ${r.number}`);
    expect(text).toContain('CHQ 77');
    expect((await q("select count(*)::int as n from audit_events where action = 'concierge.receipt.pdf' and target_id = $1", [r.id]))[0].n).toBe(1);
    // Another household's receipt: 404 for this resident, page and PDF; a landlord's concierge is no desk staff.
    const [other] = await q("select id from concierge_receipts where idempotency_key like 'demo-payment-%' limit 1");
    expect((await resident.get(`/concierge/receipts/${other.id}`)).status).toBe(404);
    expect((await resident.get(`/concierge/receipts/${other.id}/pdf`)).status).toBe(404);
    expect((await resident.get(`/concierge/desk/receipts/${other.id}`)).status).toBe(403);
    const landlordStaff = t.client();
    await landlordStaff.signIn(demo('concierge'));
    expect((await landlordStaff.get(`/concierge/desk/receipts/${other.id}/pdf`)).status).toBe(404);
    // Receipts are never altered nor deleted by the application.
    await expect(q('set role palier_app; update concierge_receipts set amount_cents = 1')).rejects.toThrow(/permission denied/);
    await q('reset role');
  });
});
