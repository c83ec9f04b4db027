import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { issueMonth } from './test-support/run-month.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

/** The text shown by an uncompressed pdfkit PDF (hex strings in TJ arrays, WinAnsi). */
function pdfStrings(pdf: string): string {
  const winAnsi: Record<number, string> = { 128: '€', 146: '’', 150: '–', 151: '—' };
  const parts: string[] = [];
  for (const m of pdf.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const h of m[1].matchAll(/<([0-9a-fA-F]*)>/g)) parts.push([...Buffer.from(h[1], 'hex')].map((b) => winAnsi[b] ?? String.fromCharCode(b)).join(''));
    parts.push('\n');
  }
  return parts.join('');
}
const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.trunc(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')} €`;

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  await staff.signIn(demo('partner_staff'));
});

describe('statements as PDF', () => {
  it('one statement → an A4 PDF with issuer, number, lines with VAT, totals; its credit note names it', async () => {
    const [st] = await q("select * from concierge_statements where kind = 'statement' and party = 'household' and vat_cents > 0 order by number limit 1");
    const res = await staff.get(`/concierge/desk/statements/${st.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="releve-${st.number}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const text = pdfStrings(pdf).replace(/\u00a0|\u202f/g, ' ');
    expect(text).toContain(`Relevé n° ${st.number}`);
    expect(text).toContain('La Conciergerie Solidaire 51');
    for (const l of await q('select * from concierge_statement_lines where statement_id = $1', [st.id])) {
      expect(text).toContain(l.label);
      expect(text).toContain(money(l.vat_cents));
      expect(text).toContain(money(l.gross_cents));
    }
    expect(text).toContain(money(st.net_cents));
    expect(text).toContain(money(st.gross_cents));
    await staff.post(`/concierge/desk/statements/${st.id}/credit`, {});
    const [credit] = await q('select * from concierge_statements where corrects_id = $1', [st.id]);
    const creditText = pdfStrings(Buffer.from(await (await staff.get(`/concierge/desk/statements/${credit.id}/pdf`)).arrayBuffer()).toString('latin1')).replace(/\u00a0|\u202f/g, ' ');
    expect(creditText).toContain(`Avoir portant sur le relevé n° ${st.number}`);
    expect(creditText).toContain(money(-st.gross_cents));
    const again = pdfStrings(Buffer.from(await (await staff.get(`/concierge/desk/statements/${st.id}/pdf`)).arrayBuffer()).toString('latin1'));
    expect(again).toContain(`Corrigé par l’avoir n° ${credit.number}`);
    const trail = await q("select count(*)::int as n from audit_events where action = 'concierge.statement.pdf' and target_id = $1", [st.id]);
    expect(trail[0].n).toBe(2);
  });

  it('only the household and the issuer’s staff get it', async () => {
    const [other] = await q("select id from concierge_statements where party = 'household' limit 1");
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get(`/concierge/statements/${other.id}/pdf`)).status).toBe(404);
    expect((await resident.get(`/concierge/desk/statements/${other.id}/pdf`)).status).toBe(403);
    const landlordStaff = t.client();
    await landlordStaff.signIn(demo('concierge'));
    expect((await landlordStaff.get(`/concierge/desk/statements/${other.id}/pdf`)).status).toBe(404);
    // The resident's own statement, once subscribed and billed.
    const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
    await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: 'pdf-test-subscribe' });
    await issueMonth(t.database, demo('partner_staff'), todayInParis().slice(0, 7));
    const [mine] = await q(
      "select st.id, st.number from concierge_statements st join concierge_subscriptions s on s.id = st.subscription_id where s.household_id = (select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1 and m.household_id is not null limit 1)",
      [demo('resident')],
    );
    const res = await resident.get(`/concierge/statements/${mine.id}/pdf`);
    expect(res.status).toBe(200);
    expect(pdfStrings(Buffer.from(await res.arrayBuffer()).toString('latin1'))).toContain(`Relevé n° ${mine.number}`);
  });
});
