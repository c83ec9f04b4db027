import ExcelJS from 'exceljs';
import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { ServiceRequests } from '../../concierge/index.js';
import { serviceRows } from '../views/service-table.js';
import type { Dashboard } from '../queries/dashboard.js';
import { dashboardTable } from '../views/format.js';

function csvCell(v: string): string {
  return /[",;\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The dashboard table as CSV, streamed line by line (a landlord's table may have thousands of
 * residences). Hidden values are written as the word for "hidden", never as a number.
 */
export function dashboardCsv(t: Translate, d: Dashboard): ReadableStream<Uint8Array> {
  const table = dashboardTable(t, d);
  const enc = new TextEncoder();
  let i = -1;
  return new ReadableStream({
    pull(controller) {
      if (i === -1) controller.enqueue(enc.encode(`\ufeff${table.headers.map(csvCell).join(',')}\r\n`));
      else if (i < table.rows.length) {
        const r = table.rows[i];
        controller.enqueue(enc.encode(`${[r.label, ...r.values.map((v) => (v === null ? t('impact.hidden') : String(v)))].map(csvCell).join(',')}\r\n`));
      } else controller.close();
      i++;
    },
  });
}

/** The dashboard table as an XLSX workbook: numbers stay numbers, hidden cells say so. */
export async function dashboardXlsx(t: Translate, d: Dashboard, title: string, services: { locale: Locale; rows: ServiceRequests[] } | null = null): Promise<Uint8Array<ArrayBuffer>> {
  const table = dashboardTable(t, d);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Palier';
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow(table.headers).font = { bold: true };
  for (const r of table.rows) ws.addRow([r.label, ...r.values.map((v) => (v === null ? t('impact.hidden') : v))]);
  ws.getColumn(1).width = 40;
  if (services?.rows.length) {
    const s = serviceRows(t, services.locale, services.rows);
    const sheet = wb.addWorksheet(t('impact.services.heading').slice(0, 31));
    sheet.addRow(s.headers).font = { bold: true };
    for (const r of s.rows) sheet.addRow([r.label, ...r.values]);
    sheet.getColumn(1).width = 40;
  }
  const notes = wb.addWorksheet(t('impact.defs.heading').slice(0, 31));
  notes.addRow([t('impact.defs.indicator'), t('impact.defs.definition'), t('impact.defs.source')]).font = { bold: true };
  for (const c of d.columns) notes.addRow([t(c.indicator.label), t(c.indicator.definition), c.indicator.source]);
  notes.addRow([]);
  notes.addRow([t('impact.defs.thresholdNote', { threshold: d.threshold })]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The concierge requests by service as CSV (small: one line per service of the catalogue). */
export function servicesCsv(t: Translate, locale: Locale, rows: ServiceRequests[]): string {
  const s = serviceRows(t, locale, rows);
  const lines = [s.headers, ...s.rows.map((r) => [r.label, ...r.values.map((v) => (v === null ? '' : String(v)))])];
  return `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
