import type { Tx } from '../../../platform/db/tenant.js';
import type { Period } from '../domain/period.js';

/** What an indicator is computed for: one organisation (RLS already set on `tx`), a period, a residence scope. */
export type IndicatorContext = {
  tx: Tx;
  orgId: string;
  period: Period;
  /** null: every residence of the organisation. */
  residenceIds: string[] | null;
  /** Lets indicators from one source share a query within a computation. */
  memo: Map<string, Promise<unknown>>;
};

/** Values by residence id and for the whole scope; `base` counts the people behind a rate, for suppression. */
export type IndicatorResult = {
  byResidence: Map<string, number | null>;
  overall: number | null;
  base?: { byResidence: Map<string, number>; overall: number };
};

export type IndicatorUnit = 'count' | 'percent' | 'average' | 'cents' | 'days';

export type Indicator = {
  key: string;
  /** Catalogue keys (messages) of the short label and of the definition. */
  label: string;
  definition: string;
  unit: IndicatorUnit;
  /** The module whose data it is computed from. */
  source: string;
  /** Counts or rates about people: small numbers are hidden. */
  personal: boolean;
  /** Figures for the whole landlord only: with any residence chosen they are not computable (null). */
  landlordOnly?: boolean;
  compute: (ctx: IndicatorContext) => Promise<IndicatorResult>;
};

const registry = new Map<string, Indicator>();

/**
 * Adds an indicator to the catalogue; dashboards, exports and reports then show it.
 * @example registerIndicator({ key: 'spaces.occupancy', label: 'spaces.ind.occupancy', definition: 'spaces.ind.occupancyDef',
 *   unit: 'percent', source: 'spaces', personal: false, compute: async (ctx) => ({ byResidence, overall }) })
 */
export function registerIndicator(indicator: Indicator): void {
  if (registry.has(indicator.key) && registry.get(indicator.key) !== indicator) throw new Error(`impact: indicator ${indicator.key} registered twice`);
  registry.set(indicator.key, indicator);
}

/** Every registered indicator, in registration order. */
export function listIndicators(): Indicator[] {
  return [...registry.values()];
}

export function findIndicator(key: string): Indicator | undefined {
  return registry.get(key);
}

/** Runs `load` once per computation for a given key (indicators of one source share their query). */
export function memoised<T>(ctx: IndicatorContext, key: string, load: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    ctx.memo.set(key, p);
  }
  return p;
}
