import type { Translate } from '../../../platform/i18n/index.js';
import type { Distribution } from '../queries/benchmark.js';
import { landlordTable } from '../views/network-landlords.js';

const cell = (v: string) => (/[",;\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The network by landlord as CSV: the table of the page, figures as numbers, what is not shown said so. */
export function networkLandlordCsv(t: Translate, rows: Distribution[], ownName: string | null): string {
  const table = landlordTable(t, rows, ownName);
  const lines = [table.headers, ...table.lines.map((l) => [l.label, ...l.values.map((v) => (v === null ? t('impact.hidden') : String(v)))])];
  return `\ufeff${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
