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

/** An indicator's headline: its figure for the whole scope and the people behind it (null when it has no base). */
export type Headline = Record<string, { overall: number | null; base: number | null }>;

export function toHeadline(computed: Computed[]): Headline {
  return Object.fromEntries(computed.map(({ indicator, result }) => [indicator.key, { overall: result.overall, base: result.base ? result.base.overall : null }]));
}

/** The dashboard's groups as computed at night: each group's residences (sorted ids) and headlines. */
export type StoredGroup = { name: string | null; members: string[]; results: Headline };
export type StoredGroups = { agency: StoredGroup[]; type: StoredGroup[] };

/** The groups stored with a period's snapshot, with the time they were computed; null when there are none. */
export async function readGroupSnapshot(tx: Tx, period: Period): Promise<{ groups: StoredGroups; computedAt: Date } | null> {
  const row = await tx.selectFrom('impact_snapshots').select(['groups', 'computed_at']).where('period_from', '=', period.from).where('period_to', '=', period.to).executeTakeFirst();
  if (!row?.groups) return null;
  return { groups: row.groups as StoredGroups, computedAt: row.computed_at as Date };
}

/**
 * The stored results of a period, narrowed to the residences in view, or null when the snapshot cannot
 * answer: no snapshot, an indicator added since, or a scope of several residences (a median or a count
 * of distinct households over some residences cannot be made from the residences' own figures).
 * One residence is exact: its figure for the whole scope is its own cell.
 */
export async function readSnapshot(tx: Tx, orgId: string, period: Period, residenceIds: string[] | null, indicators: Indicator[]): Promise<{ computed: Computed[]; computedAt: Date } | null> {
  if (residenceIds && residenceIds.length !== 1) return null;
  const whole = await wholeSnapshot(tx, orgId, period);
  if (!whole || indicators.some((i) => !whole.results.has(i.key))) return null;
  const only = residenceIds?.[0];
  const computed = indicators.map((indicator): Computed => {
    const s = whole.results.get(indicator.key) as IndicatorResult;
    if (only === undefined) return { indicator, result: s };
    if (indicator.landlordOnly) return { indicator, result: { byResidence: new Map(), overall: null, ...(s.base ? { base: { byResidence: new Map(), overall: 0 } } : {}) } };
    // A residence with no row counted nothing: its counts are 0, its rates and medians have no value.
    const cell = s.byResidence.get(only);
    const base = s.base?.byResidence.get(only);
    const result: IndicatorResult = {
      byResidence: cell === undefined ? new Map() : new Map([[only, cell]]),
      overall: cell ?? (indicator.unit === 'count' || indicator.unit === 'cents' ? 0 : null),
      ...(s.base ? { base: { byResidence: base === undefined ? new Map() : new Map([[only, base]]), overall: base ?? 0 } } : {}),
    };
    return { indicator, result };
  });
  return { computed, computedAt: whole.computedAt };
}

type Whole = { computedAt: Date; results: Map<string, IndicatorResult> };

/**
 * Parsed snapshots kept in memory (a landlord's is about 1.4 MB of JSON, read on every dashboard view).
 * Safe to share: keyed by organisation, and reused only while the stored row's time is unchanged —
 * which the caller's own transaction (under row-level security) reads first.
 */
const parsed = new Map<string, Whole>();
const KEPT = 32;

async function wholeSnapshot(tx: Tx, orgId: string, period: Period): Promise<Whole | null> {
  const where = tx.selectFrom('impact_snapshots').where('period_from', '=', period.from).where('period_to', '=', period.to);
  const head = await where.select('computed_at').executeTakeFirst();
  if (!head) return null;
  const key = `${orgId} ${period.from} ${period.to}`;
  const known = parsed.get(key);
  if (known && known.computedAt.getTime() === (head.computed_at as Date).getTime()) return known;
  const row = await where.select(['results', 'computed_at']).executeTakeFirst();
  if (!row) return null;
  const stored = row.results as Record<string, StoredResult>;
  const results = new Map<string, IndicatorResult>();
  for (const [k, s] of Object.entries(stored)) {
    results.set(k, {
      byResidence: new Map(Object.entries(s.byResidence)),
      overall: s.overall,
      ...(s.base ? { base: { byResidence: new Map(Object.entries(s.base.byResidence)), overall: s.base.overall } } : {}),
    });
  }
  const whole = { computedAt: row.computed_at as Date, results };
  parsed.delete(key);
  parsed.set(key, whole);
  if (parsed.size > KEPT) parsed.delete(parsed.keys().next().value as string);
  return whole;
}
