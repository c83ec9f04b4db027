import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ').replaceAll('&#39;', '’');

/** The text shown by an uncompressed pdfkit PDF (hex strings in TJ arrays, WinAnsi). */
function pdfStrings(pdf: string): string {
  const winAnsi: Record<number, string> = { 128: '€', 146: '’', 150: '–', 151: '—' };
  const parts: string[] = [];
  for (const m of pdf.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const h of m[1].matchAll(/<([0-9a-fA-F]*)>/g)) parts.push([...Buffer.from(h[1], 'hex')].map((b) => winAnsi[b] ?? String.fromCharCode(b)).join(''));
    parts.push('\n');
  }
  return parts.join('').replace(/\u00a0|\u202f/g, ' ');
}
const pdfOf = async (path: string) => pdfStrings(Buffer.from(await (await staff.get(path)).arrayBuffer()).toString('latin1'));

/** Both series of the association stay gap-free: statements 1..n, credit notes 1..m. */
async function expectBothSeriesGapFree(): Promise<{ statements: number; credits: number }> {
  const out = { statements: 0, credits: 0 };
  for (const kind of ['statement', 'credit_note'] as const) {
    const rows = await q("select number from concierge_statements s join organisations o on o.id = s.organisation_id where o.slug = 'conciergerie-solidaire-51' and s.kind = $1 order by number", [kind]);
    expect(rows.map((r) => r.number), kind).toEqual(rows.map((_, i) => i + 1));
    out[kind === 'statement' ? 'statements' : 'credits'] = rows.length;
  }
  return out;
}
const outstanding = async (id: string) =>
  (
    await q(
      `select st.gross_cents + coalesce((select sum(c.gross_cents) from concierge_statements c where c.corrects_id = st.id), 0)
         - coalesce((select sum(p.amount_cents) from concierge_payments p where p.statement_id = st.id), 0) as due
       from concierge_statements st where st.id = $1`,
      [id],
    )
  )[0].due as number;

/** A household statement of the demo month with a line of `minQty` or more, unpaid and not credited. */
async function statementWithLine(minQty: number, skip: string[] = []) {
  const [row] = await q(
    `select st.id, st.number, st.gross_cents, l.id as line_id, l.position, l.quantity, l.net_cents, l.vat_cents, l.gross_cents as line_gross
       from concierge_statements st join concierge_statement_lines l on l.statement_id = st.id
      where st.kind = 'statement' and st.party = 'household' and l.quantity >= $1 and l.vat_rate_bp > 0
        and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
        and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
        and st.id <> all($2::uuid[])
      order by st.number limit 1`,
    [minQty, skip],
  );
  expect(row, `a statement with a line of ${minQty}+`).toBeDefined();
  return row;
}

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  await staff.signIn(demo('partner_staff'));
});

describe('credit notes: their own gap-free series, cancelling all or part of a statement, never changing it', () => {
  it('a partial credit note cancels the quantity typed on one line; the rest later; the statement stays as issued; the balance follows', async () => {
    const st = await statementWithLine(2);
    const before = await q('select * from concierge_statements where id = $1', [st.id]);
    const beforeLines = await q('select * from concierge_statement_lines where statement_id = $1 order by position', [st.id]);
    const page = plain(await (await staff.get(`/concierge/desk/statements/${st.id}`)).text());
    expect(page).toContain('Quantités à annuler');

    const res = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', [`q${st.position}`]: '1', reason: 'Une chemise non repassée', idempotencyKey: 'credit-part-0001' });
    expect(res.status).toBe(303);
    const [first] = await q("select * from concierge_statements where corrects_id = $1 and kind = 'credit_note'", [st.id]);
    expect(res.headers.get('location')).toBe(`/concierge/desk/statements/${first.id}?done=credited`);
    expect(first.reason).toBe('Une chemise non repassée');
    const [line] = await q('select * from concierge_statement_lines where statement_id = $1', [first.id]);
    expect(line.corrects_line_id).toBe(st.line_id);
    expect(line.quantity).toBe(-1);
    expect(line.net_cents).toBe(-(st.net_cents / st.quantity));
    expect(first.gross_cents).toBe(line.gross_cents);
    expect(first.gross_cents).toBeLessThan(0);
    expect(-first.gross_cents).toBeLessThan(st.gross_cents);
    // Own series: the first credit note of the association is n° 1, whatever the statement numbers.
    const series = await expectBothSeriesGapFree();
    expect(first.number).toBe(series.credits);
    expect(await outstanding(st.id)).toBe(st.gross_cents + first.gross_cents);
    // The same form sent twice (double click) issues one credit note.
    const again = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', [`q${st.position}`]: '1', reason: 'Une chemise non repassée', idempotencyKey: 'credit-part-0001' });
    expect(again.headers.get('location')).toBe(`/concierge/desk/statements/${first.id}?done=credited`);
    expect((await q('select count(*)::int as n from concierge_statements where corrects_id = $1', [st.id]))[0].n).toBe(1);

    // The credit note's page shows the reason; the statement's page lists its credit notes and what is left.
    const creditPage = plain(await (await staff.get(`/concierge/desk/statements/${first.id}`)).text());
    expect(creditPage).toContain(`Avoir n° ${first.number}`);
    expect(creditPage).toContain('Motif : Une chemise non repassée');
    expect(creditPage).not.toContain('Quantités à annuler');
    const stPage = plain(await (await staff.get(`/concierge/desk/statements/${st.id}`)).text());
    expect(stPage).toContain(`/concierge/desk/statements/${first.id}"`);
    expect(stPage).toContain(`Reste sur ce relevé : ${st.quantity - 1}`);

    // Then all that is left: the line sums to exactly zero, the statement to its full amount.
    const rest = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'all', reason: '', idempotencyKey: 'credit-all-0001' });
    expect(rest.status).toBe(303);
    const credits = await q("select * from concierge_statements where corrects_id = $1 order by number", [st.id]);
    expect(credits).toHaveLength(2);
    expect(credits[1].number).toBe(credits[0].number + 1);
    const [sums] = await q('select sum(quantity)::int as qty, sum(net_cents)::int as net, sum(vat_cents)::int as vat, sum(gross_cents)::int as gross from concierge_statement_lines where corrects_line_id = $1', [st.line_id]);
    expect(sums).toEqual({ qty: -st.quantity, net: -st.net_cents, vat: -st.vat_cents, gross: -st.line_gross });
    expect(credits[0].gross_cents + credits[1].gross_cents).toBe(-st.gross_cents);
    expect(await outstanding(st.id)).toBe(0);
    // Nothing left: the form is gone, and asking again for "all" answers with the last credit note.
    expect(plain(await (await staff.get(`/concierge/desk/statements/${st.id}`)).text())).not.toContain('Quantités à annuler');
    const third = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'all', idempotencyKey: 'credit-all-0002' });
    expect(third.headers.get('location')).toBe(`/concierge/desk/statements/${credits[1].id}?done=credited`);
    // The statement and its lines are exactly as issued.
    expect(await q('select * from concierge_statements where id = $1', [st.id])).toEqual(before);
    expect(await q('select * from concierge_statement_lines where statement_id = $1 order by position', [st.id])).toEqual(beforeLines);
    await expectBothSeriesGapFree();
  });

  it('refuses more than a line holds, nothing typed, a too long reason — beside the field, values kept; a credit note is not credited', async () => {
    const st = await statementWithLine(1);
    const tooMany = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', [`q${st.position}`]: String(st.quantity + 1), reason: 'Trop', idempotencyKey: 'credit-bad-0001' });
    expect(tooMany.status).toBe(422);
    const html = plain(await tooMany.text());
    expect(html).toMatch(new RegExp(`id="f-q${st.position}-error"[^>]*>Indiquez un nombre entier entre 0 et ce qui reste sur la ligne.`));
    expect(html).toContain(`value="${st.quantity + 1}"`);
    expect(html).toContain('value="Trop"');
    const nothing = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', reason: '', idempotencyKey: 'credit-bad-0002' });
    expect(nothing.status).toBe(422);
    expect(plain(await nothing.text())).toContain('Indiquez au moins une quantité à annuler.');
    const negative = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', [`q${st.position}`]: '-1', idempotencyKey: 'credit-bad-0003' });
    expect(negative.status).toBe(422);
    const long = await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'all', reason: 'x'.repeat(301), idempotencyKey: 'credit-bad-0004' });
    expect(long.status).toBe(422);
    expect(plain(await long.text())).toContain('Le motif ne doit pas dépasser 300 caractères.');
    expect((await q('select count(*)::int as n from concierge_statements where corrects_id = $1', [st.id]))[0].n).toBe(0);
    // A credit note is never corrected by another.
    await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'all', idempotencyKey: 'credit-ok-0006' });
    const [credit] = await q('select id from concierge_statements where corrects_id = $1', [st.id]);
    expect((await staff.post(`/concierge/desk/statements/${credit.id}/credit`, { scope: 'all', idempotencyKey: 'credit-bad-0007' })).status).toBe(409);
  });

  it('concurrent partial credit notes never cancel more than the line holds; numbers stay gap-free', async () => {
    const st = await statementWithLine(2);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', [`q${st.position}`]: '1', idempotencyKey: `credit-race-000${i}` })),
    );
    const credits = await q('select id from concierge_statements where corrects_id = $1', [st.id]);
    expect(credits).toHaveLength(st.quantity);
    expect(results.filter((r) => r.status === 303)).toHaveLength(st.quantity);
    for (const r of results.filter((r) => r.status !== 303)) expect(r.status).toBe(422);
    const [sums] = await q('select sum(quantity)::int as qty, sum(gross_cents)::int as gross from concierge_statement_lines where corrects_line_id = $1', [st.line_id]);
    expect(sums).toEqual({ qty: -st.quantity, gross: -st.line_gross });
    await expectBothSeriesGapFree();
  });

  it('the PDFs: the credit note names its statement and reason, the statement lists every credit note; downloads are audited; the household sees its balance', async () => {
    const st = await statementWithLine(2);
    await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'part', [`q${st.position}`]: '1', reason: 'Retard de livraison', idempotencyKey: 'credit-pdf-0001' });
    await staff.post(`/concierge/desk/statements/${st.id}/credit`, { scope: 'all', idempotencyKey: 'credit-pdf-0002' });
    const credits = await q('select id, number, gross_cents from concierge_statements where corrects_id = $1 order by number', [st.id]);
    const creditPdf = await pdfOf(`/concierge/desk/statements/${credits[0].id}/pdf`);
    expect(creditPdf).toContain(`Avoir n° ${credits[0].number}`);
    expect(creditPdf).toContain(`Avoir portant sur le relevé n° ${st.number}`);
    expect(creditPdf).toContain('Motif : Retard de livraison');
    const stPdf = await pdfOf(`/concierge/desk/statements/${st.id}/pdf`);
    for (const c of credits) expect(stPdf).toContain(`Corrigé par l’avoir n° ${c.number}`);
    const audited = await q("select target_id from audit_events where action = 'concierge.statement.pdf' and target_id = any($1::text[])", [[credits[0].id, st.id]]);
    expect(audited.map((a) => a.target_id).sort()).toEqual([credits[0].id, st.id].sort());
    expect((await q("select count(*)::int as n from audit_events where action = 'concierge.statement.credit_note' and target_id = any($1::text[])", [credits.map((c) => c.id)]))[0].n).toBe(2);
    // The statement's balance follows: fully cancelled and unpaid, nothing is left to pay, and no payment form is offered.
    const page = plain(await (await staff.get(`/concierge/desk/statements/${st.id}`)).text());
    expect(page).toContain('Reste dû : 0,00 €');
    expect(page).not.toContain('Enregistrer le paiement');
  });
});
