import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { IndicatorUnit } from '../indicators/registry.js';
import type { Grouping } from '../domain/grouping.js';
import type { Dashboard, DashboardRow } from '../queries/dashboard.js';
import { numberFormat } from '../../../platform/i18n/intl-cache.js';

/** A value as people read it: hidden values say so, rates carry their unit, money is in euros. */
export function formatValue(t: Translate, locale: Locale, unit: IndicatorUnit, v: number | null): string {
  if (v === null) return t('impact.hidden');
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  if (unit === 'percent') return `${numberFormat(tag, { maximumFractionDigits: 1 }).format(v)} %`;
  if (unit === 'cents')
    return numberFormat(tag, { style: 'currency', currency: 'EUR' }).format(v / 100);
  return numberFormat(tag, { maximumFractionDigits: 2 }).format(v);
}

/** The label of a period: "2026", "2026 T2" / "2026 Q2", or "mai 2026" / "May 2026". */
export function periodLabel(t: Translate, p: { year: number; quarter: number | null; month?: number | null }): string {
  if (p.month) return t('impact.monthOf', { month: t(`impact.month.${p.month}`), year: p.year });
  return p.quarter === null ? String(p.year) : t('impact.quarterOf', { year: p.year, quarter: p.quarter });
}

/** The name of a dashboard line: a residence, an agency (or “Sans agence”), a residence type (or “Sans type”). */
export function rowLabel(t: Translate, grouping: Grouping, row: DashboardRow): string {
  if (grouping === 'agency') return row.name ?? t('impact.group.noAgency');
  if (grouping === 'type') return row.name ? t(`directory.kind.${row.name}`) : t('impact.group.noType');
  // A programme's name is the landlord's own label.
  return row.name ?? '';
}

/** The dashboard as one table (rows × indicators, then total and previous period): what every export writes. */
export function dashboardTable(t: Translate, d: Dashboard): { headers: string[]; rows: { label: string; values: (number | null)[] }[] } {
  const headers = [t(`impact.group.${d.grouping}`), ...d.columns.map((c) => t(c.indicator.label))];
  const rows = d.rows.map((r, i) => ({
    label: rowLabel(t, d.grouping, r),
    values: d.columns.map((c) => c.cells[i]),
  }));
  rows.push({
    label: t('impact.total'),
    values: d.columns.map((c) => c.total),
  });
  rows.push({
    label: t('impact.previousTotal', { period: periodLabel(t, d.previous) }),
    values: d.columns.map((c) => c.previous),
  });
  return { headers, rows };
}
