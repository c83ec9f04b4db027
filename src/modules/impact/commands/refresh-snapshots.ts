import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { residenceFigures, residenceFiguresAsOf } from '../../directory/index.js';
import { monthOf, type Period, periodOf } from '../domain/period.js';
import { listIndicators } from '../indicators/registry.js';
import { computeIndicators } from '../queries/compute-indicators.js';
import { toStored } from '../queries/snapshots.js';

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

/**
 * Recomputes every indicator of one organisation for these periods (whole organisation, every residence)
 * and replaces the stored results. Call inside withTenant. Returns the periods written.
 */
export async function refreshSnapshots(tx: Tx, organisationId: string, periods: Period[]): Promise<number> {
  const indicators = listIndicators();
  for (const period of periods) {
    const asOf = await residenceFiguresAsOf(tx, period);
    const figures = await residenceFigures(tx, period, null, asOf);
    const computed = await computeIndicators(tx, organisationId, period, null, indicators, new Map([['directory.figures', Promise.resolve(figures)]]));
    await sql`
      insert into impact_snapshots (organisation_id, period_from, period_to, results, computed_at)
      values (${organisationId}, ${period.from}::date, ${period.to}::date, ${JSON.stringify(toStored(computed))}::jsonb, now())
      on conflict (organisation_id, period_from, period_to) do update set results = excluded.results, computed_at = excluded.computed_at`.execute(tx);
  }
  return periods.length;
}
