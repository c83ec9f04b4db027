import PDFDocument from 'pdfkit';
import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { Dashboard } from '../queries/dashboard.js';
import { formatValue, periodLabel, rowLabel } from '../views/format.js';

// The standard PDF fonts know only WinAnsi: French number spacing becomes plain spaces.
const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

/**
 * The funder report (a regional council, an EU programme): context, every indicator against the
 * previous period, the chosen indicator drawn by residence, and the suppression rule. Text is left
 * uncompressed so the report stays searchable and checkable.
 */
export function funderReportPdf(opts: { t: Translate; locale: Locale; d: Dashboard; organisation: string; scope: string; chartKey: string; generatedOn: string }): Promise<Uint8Array<ArrayBuffer>> {
  const { t, locale, d } = opts;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: t('impact.report.title'), Author: opts.organisation },
    lang: locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const label = periodLabel(t, d.period);
  const write = (s: string, size = 11, gap = 0.4) => doc.fontSize(size).text(pdfText(s)).moveDown(gap);

  doc.font('Helvetica-Bold');
  write(t('impact.report.title'), 20);
  doc.font('Helvetica');
  write(`${opts.organisation} — ${opts.scope}`, 13);
  write(t('impact.report.period', { period: label, date: opts.generatedOn }));
  doc.font('Helvetica-Bold');
  write(t('impact.report.context'), 14);
  doc.font('Helvetica');
  write(
    t('impact.report.contextText', {
      count: d.residences.length,
      threshold: d.threshold,
    }),
  );

  doc.font('Helvetica-Bold');
  write(t('impact.report.indicators'), 14);
  doc.font('Helvetica');
  for (const c of d.columns) {
    const now = formatValue(t, locale, c.indicator.unit, c.total);
    const before = formatValue(t, locale, c.indicator.unit, c.previous);
    write(`${t(c.indicator.label)} : ${now} (${t('impact.report.before', { period: periodLabel(t, d.previous), value: before })})`, 11, 0.1);
  }

  const col = d.columns.find((c) => c.indicator.key === opts.chartKey) ?? d.columns[0];
  doc.moveDown(0.6).font('Helvetica-Bold');
  write(
    t('impact.chart.heading', {
      indicator: t(col.indicator.label),
      by: t(`impact.group.by.${d.grouping}`),
      period: label,
    }),
    14,
  );
  doc.font('Helvetica');
  const max = col.indicator.unit === 'percent' ? 100 : Math.max(1, ...col.cells.map((v) => v ?? 0));
  d.rows.forEach((r, i) => {
    const v = col.cells[i];
    const y = doc.y;
    doc.fontSize(10).text(pdfText(`${rowLabel(t, d.grouping, r)} : ${formatValue(t, locale, col.indicator.unit, v)}`), 50, y);
    if (v !== null)
      doc
        .rect(50, doc.y + 2, Math.max(2, (v / max) * 300), 8)
        .fill('#0b4f9c')
        .fillColor('black');
    doc.y += 14;
  });

  doc.moveDown(1).font('Helvetica-Bold');
  write(t('impact.report.method'), 14);
  doc.font('Helvetica');
  for (const c of d.columns) write(`${t(c.indicator.label)} — ${t(c.indicator.definition)}`, 9, 0.1);
  write(t('impact.defs.thresholdNote', { threshold: d.threshold }), 9);
  doc.end();
  return done;
}
