import PDFDocument from 'pdfkit';
import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import type { StatementLine, StatementRow } from '../queries/statements.js';

// The standard PDF fonts know only WinAnsi: French number spacing becomes plain spaces.
const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const rate = (bp: number) => `${(bp / 100).toLocaleString('fr-FR')} %`;

export type StatementPdfInput = {
  t: Translate;
  locale: Locale;
  issuer: string;
  statement: StatementRow;
  lines: StatementLine[];
  /** The number of the statement a credit note corrects, or of the credit notes correcting a statement. */
  correctsNumber: number | null;
  correctedByNumbers: number[];
  /** What the party line says (default: billed to); a payout statement names the provider paid. */
  partyLabel?: string;
};

/**
 * One statement or credit note as an A4 PDF: issuer, number, date, billed party, its lines with VAT
 * per line, totals (the sums of the lines), and the credit-note reference. Text stays uncompressed
 * so it can be searched (and checked by tests), as support's minutes are.
 */
export function statementPdf(o: StatementPdfInput): Promise<Uint8Array<ArrayBuffer>> {
  const { t, statement: s } = o;
  const f = formatters(o.locale);
  const title = t(`concierge.statement.kind.${s.kind}`, { number: s.number, period: s.period });
  const doc = new PDFDocument({ size: 'A4', margin: 48, compress: false, info: { Title: pdfText(title), Author: pdfText(o.issuer) }, lang: o.locale });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const write = (text: string, size = 10, gap = 0.3) => doc.fontSize(size).text(pdfText(text)).moveDown(gap);

  doc.font('Helvetica-Bold');
  write(title, 16, 0.5);
  doc.font('Helvetica');
  write(`${t('concierge.pdf.issuer')} : ${o.issuer}`);
  write(`${o.partyLabel ?? t('concierge.pdf.billedTo')} : ${s.party_name ?? '—'}`);
  write(`${t('concierge.pdf.date')} : ${f.date(s.issued_at)}`);
  write(`${t('concierge.pdf.period')} : ${s.period}`);
  if (o.correctsNumber != null) write(t('concierge.pdf.corrects', { number: o.correctsNumber }));
  for (const n of o.correctedByNumbers) write(t('concierge.pdf.correctedBy', { number: n }));
  if (s.kind === 'credit_note' && s.reason) write(`${t('concierge.pdf.reason')} : ${s.reason}`);
  doc.moveDown(0.6);

  // A table drawn in columns: label, quantity, unit price, VAT rate, net, VAT, gross.
  const left = doc.page.margins.left;
  const widths = [170, 40, 62, 45, 62, 55, 65];
  const heads = ['concierge.statement.label', 'concierge.order.quantity', 'concierge.statement.unit', 'concierge.statement.vatRate', 'concierge.statement.net', 'concierge.statement.vat', 'concierge.statement.gross'].map((k) => t(k));
  const row = (cells: string[], bold = false) => {
    if (doc.y > doc.page.height - 90) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let x = left;
    let bottom = y;
    cells.forEach((cell, i) => {
      doc.text(pdfText(cell), x, y, { width: widths[i] - 4, align: i === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, doc.y);
      x += widths[i];
    });
    doc.x = left;
    doc.y = bottom + 4;
  };
  row(heads, true);
  for (const l of o.lines) row([l.label, f.number(l.quantity), f.money(l.unit_cents), rate(l.vat_rate_bp), f.money(l.net_cents), f.money(l.vat_cents), f.money(l.gross_cents)]);
  doc.moveDown(0.3);
  row([t('concierge.statement.total'), '', '', '', f.money(s.net_cents), f.money(s.vat_cents), f.money(s.gross_cents)], true);
  doc.moveDown(1);
  doc.font('Helvetica');
  write(t('concierge.pdf.footer'), 8);
  doc.end();
  return done;
}
