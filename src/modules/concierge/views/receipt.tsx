import PDFDocument from 'pdfkit';
import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ReceiptDetail } from '../queries/receipts.js';
import type { Ctx } from '../routes/helpers.js';

const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** The lines a receipt says, in order: the same on the page and in the PDF. */
function receiptFacts(t: Translate, locale: Locale, d: ReceiptDetail): [string, string][] {
  const f = formatters(locale);
  const r = d.receipt;
  const facts: [string, string][] = [
    [t('concierge.pdf.issuer'), r.issuer],
    [t('concierge.receipt.from'), r.party_name ?? '—'],
    [t('concierge.payment.amount'), f.money(r.amount_cents)],
    [t('concierge.payment.method'), t(`concierge.payment.methods.${r.method}`)],
    [t('concierge.payment.paidOn'), f.date(day(r.paid_on))],
  ];
  if (r.reference) facts.push([t('concierge.payment.reference'), r.reference]);
  return facts;
}

/** A receipt as a printable page: who paid what, how, when, for which statements. */
export function ReceiptView(props: { c: Ctx; detail: ReceiptDetail; statementHref: (id: string) => string }) {
  const { c, detail } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <article class="receipt">
      <h1>{t('concierge.receipt.title', { number: detail.receipt.number })}</h1>
      <dl>
        {receiptFacts(t, c.get('locale'), detail).map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <TableWrap label={t('concierge.receipt.parts')}>
        <table>
          <caption>{t('concierge.receipt.parts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('concierge.statements.number')}</th>
              <th scope="col">{t('concierge.statements.period')}</th>
              <th scope="col">{t('concierge.payment.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.parts.map((p) => (
              <tr>
                <td>
                  <a href={props.statementHref(p.statement_id)}>{t('concierge.statement.kind.statement', { number: p.number, period: p.period })}</a>
                </td>
                <td>{p.period}</td>
                <td>
                  {f.money(p.amount_cents)}
                  {p.reversed ? ` — ${t('concierge.payment.reversed')}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </article>
  );
}

/** The same receipt as an A4 PDF (uncompressed text, as the statements). */
export function receiptPdf(o: { t: Translate; locale: Locale; detail: ReceiptDetail }): Promise<Uint8Array<ArrayBuffer>> {
  const { t, detail } = o;
  const f = formatters(o.locale);
  const title = t('concierge.receipt.title', { number: detail.receipt.number });
  const doc = new PDFDocument({ size: 'A4', margin: 48, compress: false, info: { Title: pdfText(title), Author: pdfText(detail.receipt.issuer) }, lang: o.locale });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const write = (text: string, size = 10, gap = 0.3) => doc.fontSize(size).text(pdfText(text)).moveDown(gap);
  doc.font('Helvetica-Bold');
  write(title, 16, 0.5);
  doc.font('Helvetica');
  for (const [k, v] of receiptFacts(t, o.locale, detail)) write(`${k} : ${v}`);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold');
  write(t('concierge.receipt.parts'), 11);
  doc.font('Helvetica');
  for (const p of detail.parts)
    write(`${t('concierge.statement.kind.statement', { number: p.number, period: p.period })} : ${f.money(p.amount_cents)}${p.reversed ? ` (${t('concierge.payment.reversed')})` : ''}`);
  doc.moveDown(1);
  write(t('concierge.receipt.footer'), 8);
  doc.end();
  return done;
}
