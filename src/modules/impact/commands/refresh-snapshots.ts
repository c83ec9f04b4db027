import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { residenceFigures, residenceFiguresAsOf } from '../../directory/index.js';
import { groupResidences, type ResidenceGrouping } from '../domain/grouping.js';
import { monthOf, type Period, periodOf } from '../domain/period.js';
import { type Indicator, listIndicators } from '../indicators/registry.js';
import { computeIndicators } from '../queries/compute-indicators.js';
import { type StoredGroups, toHeadline, toStored } from '../queries/snapshots.js';

/**
 * The periods dashboards ask for most: this year and last year, whole and by quarter, and with the
 * current month given, the twelve months up to it (Paris calendar).
 */
export function snapshotPeriods(year: number, month: number | null = null): Period[] {
  const periods: Period[] = [];
  for (const y of [year - 1, year]) {
    periods.push(periodOf(y));
    for (const q of [1, 2, 3, 4]) periods.push(periodOf(y, q));
  }
  if (month !== null) for (let back = 11; back >= 0; back--) periods.push(month - back >= 1 ? monthOf(year, month - back) : monthOf(year - 1, month - back + 12));
  return periods;
}

const GROUPINGS: ResidenceGrouping[] = ['agency', 'type'];

/**
 * Each group's figures for the dashboard's grouped views, computed over the set of its residences (distinct
 * people and medians are not sums of residences). Kept for years and quarters only: a month's grouped view,
 * rarer, is computed when asked.
 */
async function groupFigures(tx: Tx, organisationId: string, period: Period, residences: { residenceId: string; agency: string | null; kind: string }[], indicators: Indicator[]): Promise<StoredGroups> {
  const perGroup = indicators.filter((i) => !i.landlordOnly);
  const out: StoredGroups = { agency: [], type: [] };
  for (const by of GROUPINGS) {
    for (const g of groupResidences(residences, by)) {
      const members = g.members.map((i) => residences[i].residenceId).sort();
      const computed = await computeIndicators(tx, organisationId, period, members, perGroup);
      out[by].push({ name: g.name, members, results: toHeadline(computed) });
    }
  }
  return out;
}

/**
 * Recomputes every indicator of one organisation for these periods (whole organisation, every residence,
 * and — for years and quarters — each group of residences by agency and by type) and replaces the stored
 * results. Call inside withTenant. Returns the periods written.
 */
export async function refreshSnapshots(tx: Tx, organisationId: string, periods: Period[]): Promise<number> {
  const indicators = listIndicators();
  for (const period of periods) {
    const asOf = await residenceFiguresAsOf(tx, period);
    const figures = await residenceFigures(tx, period, null, asOf);
    const computed = await computeIndicators(tx, organisationId, period, null, indicators, new Map([['directory.figures', Promise.resolve(figures)]]));
    const groups = period.month ? null : await groupFigures(tx, organisationId, period, figures, indicators);
    await sql`
      insert into impact_snapshots (organisation_id, period_from, period_to, results, headline, groups, computed_at)
      values (${organisationId}, ${period.from}::date, ${period.to}::date, ${JSON.stringify(toStored(computed))}::jsonb,
        ${JSON.stringify(toHeadline(computed))}::jsonb, ${groups === null ? null : JSON.stringify(groups)}::jsonb, now())
      on conflict (organisation_id, period_from, period_to) do update
        set results = excluded.results, headline = excluded.headline, groups = excluded.groups, computed_at = excluded.computed_at`.execute(tx);
  }
  return periods.length;
}
