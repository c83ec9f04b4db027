import type { Tx } from '../../../platform/db/tenant.js';
import type { Period } from '../domain/period.js';
import type { Indicator, IndicatorResult } from '../indicators/registry.js';
import type { Computed } from './compute-indicators.js';

/** An indicator's result as stored: maps become plain objects. */
type StoredResult = {
  byResidence: Record<string, number | null>;
  overall: number | null;
  base?: { byResidence: Record<string, number>; overall: number };
};

export function toStored(computed: Computed[]): Record<string, StoredResult> {
  const out: Record<string, StoredResult> = {};
  for (const { indicator, result } of computed) {
    out[indicator.key] = {
      byResidence: Object.fromEntries(result.byResidence),
      overall: result.overall,
      ...(result.base ? { base: { byResidence: Object.fromEntries(result.base.byResidence), overall: result.base.overall } } : {}),
    };
  }
  return out;
}

/**
 * The stored results of a period, narrowed to the residences in view, or null when the snapshot cannot
 * answer: no snapshot, an indicator added since, or a scope of several residences (a median or a count
 * of distinct households over some residences cannot be made from the residences' own figures).
 * One residence is exact: its figure for the whole scope is its own cell.
 */
export async function readSnapshot(tx: Tx, period: Period, residenceIds: string[] | null, indicators: Indicator[]): Promise<{ computed: Computed[]; computedAt: Date } | null> {
  if (residenceIds && residenceIds.length !== 1) return null;
  const row = await tx
    .selectFrom('impact_snapshots')
    .select(['results', 'computed_at'])
    .where('period_from', '=', period.from)
    .where('period_to', '=', period.to)
    .executeTakeFirst();
  if (!row) return null;
  const stored = row.results as Record<string, StoredResult>;
  if (indicators.some((i) => !stored[i.key])) return null;
  const only = residenceIds?.[0];
  const computed = indicators.map((indicator): Computed => {
    const s = stored[indicator.key];
    if (only === undefined) {
      const result: IndicatorResult = {
        byResidence: new Map(Object.entries(s.byResidence)),
        overall: s.overall,
        ...(s.base ? { base: { byResidence: new Map(Object.entries(s.base.byResidence)), overall: s.base.overall } } : {}),
      };
      return { indicator, result };
    }
    if (indicator.landlordOnly) return { indicator, result: { byResidence: new Map(), overall: null, ...(s.base ? { base: { byResidence: new Map(), overall: 0 } } : {}) } };
    // A residence with no row counted nothing: its counts are 0, its rates and medians have no value.
    const cell = s.byResidence[only];
    const base = s.base?.byResidence[only];
    const result: IndicatorResult = {
      byResidence: cell === undefined ? new Map() : new Map([[only, cell]]),
      overall: cell ?? (indicator.unit === 'count' || indicator.unit === 'cents' ? 0 : null),
      ...(s.base ? { base: { byResidence: base === undefined ? new Map() : new Map([[only, base]]), overall: base ?? 0 } } : {}),
    };
    return { indicator, result };
  });
  return { computed, computedAt: row.computed_at as Date };
}
