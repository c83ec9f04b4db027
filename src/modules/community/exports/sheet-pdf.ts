import PDFDocument from 'pdfkit';
import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { RosterRow } from '../queries/events.js';

// The standard PDF fonts know only WinAnsi: narrow and non-breaking spaces become plain spaces.
const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

const COLUMNS = [
  { key: 'name', width: 150 },
  { key: 'contact', width: 115 },
  { key: 'places', width: 45 },
  { key: 'present', width: 50 },
  { key: 'signature', width: 135 },
] as const;
const ROW = 26;
const BLANK_ROWS = 6;

/**
 * The facilitator's sign-up and attendance sheet on A4: one row per confirmed party with a box to
 * tick and room to sign, then blank rows for people who come without registering. The header is
 * repeated on every page; text stays uncompressed, so the sheet is searchable.
 */
export function signUpSheetPdf(opts: { t: Translate; locale: Locale; title: string; when: string; where: string; rows: RosterRow[] }): Promise<Uint8Array<ArrayBuffer>> {
  const { t } = opts;
  const doc = new PDFDocument({ size: 'A4', margin: 40, compress: false, info: { Title: `${t('community.roster.sheet')} — ${opts.title}` }, lang: opts.locale });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const header = () => {
    doc.font('Helvetica-Bold').fontSize(16).text(pdfText(`${t('community.roster.sheet')} — ${opts.title}`), left, doc.page.margins.top);
    doc.font('Helvetica').fontSize(11).text(pdfText(opts.when)).text(pdfText(opts.where)).moveDown(0.6);
    let x = left;
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(10);
    for (const c of COLUMNS) {
      doc.rect(x, y, c.width, ROW).stroke();
      doc.text(pdfText(t(`community.sheet.${c.key}`)), x + 4, y + 8, { width: c.width - 8, lineBreak: false, ellipsis: true });
      x += c.width;
    }
    doc.font('Helvetica').fontSize(10);
    doc.y = y + ROW;
  };
  const row = (cells: string[]) => {
    if (doc.y + ROW > bottom()) {
      doc.addPage();
      header();
    }
    let x = left;
    const y = doc.y;
    COLUMNS.forEach((c, i) => {
      doc.rect(x, y, c.width, ROW).stroke();
      if (c.key === 'present') doc.rect(x + c.width / 2 - 6, y + 7, 12, 12).stroke();
      else if (cells[i]) doc.text(pdfText(cells[i]), x + 4, y + 8, { width: c.width - 8, lineBreak: false, ellipsis: true });
      x += c.width;
    });
    doc.y = y + ROW;
  };

  header();
  for (const r of opts.rows) row([r.name, r.contact ?? '', String(r.adults + r.children), '', '']);
  for (let i = 0; i < BLANK_ROWS; i++) row(['', '', '', '', '']);
  doc.end();
  return done;
}
