import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { formatters } from '../../../platform/i18n/index.js';
import type { ImportReport } from '../commands/import/import-register.js';
import type { RowError } from '../commands/import/types.js';

/** One reason, as a person reads it: the column, then what is wrong with it. */
export function reasonText(e: RowError, t: Translate): string {
  const why = t(e.key, e.values);
  return e.column ? `${e.column} : ${why}` : why;
}

/** The import report as plain lines, for the terminal. */
export function reportLines(r: ImportReport, t: Translate, locale: Locale): string[] {
  const f = formatters(locale);
  if (r.fileError) return [t(r.fileError.key, r.fileError.values)];
  const lines = [t('directory.import.summary', { rows: r.rows, inserted: r.inserted, updated: r.updated, rejected: r.rejected }), t('directory.import.duration', { seconds: f.number(Math.round(r.seconds * 10) / 10) })];
  if (r.ignoredColumns.length) lines.push(t('directory.import.ignored', { columns: r.ignoredColumns.join(', ') }));
  for (const x of r.rejections) lines.push(`  ${t('directory.import.line', { line: x.line })}${x.reference ? ` (${x.reference})` : ''} — ${x.errors.map((e) => reasonText(e, t)).join(' ; ')}`);
  if (r.rejected > r.rejections.length) lines.push(t('directory.import.more', { count: r.rejected - r.rejections.length }));
  return lines;
}
