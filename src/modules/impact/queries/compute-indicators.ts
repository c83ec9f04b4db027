import type { Tx } from '../../../platform/db/tenant.js';
import type { Period } from '../domain/period.js';
import type { Indicator, IndicatorContext, IndicatorResult } from '../indicators/registry.js';

export type Computed = { indicator: Indicator; result: IndicatorResult };

/** Every indicator for a period and a residence scope, on one transaction (sources share their query through `memo`). */
export async function computeIndicators(tx: Tx, orgId: string, period: Period, residenceIds: string[] | null, indicators: Indicator[], memo = new Map<string, Promise<unknown>>()): Promise<Computed[]> {
  const ctx: IndicatorContext = { tx, orgId, period, residenceIds, memo };
  return Promise.all(indicators.map(async (i) => ({ indicator: i, result: await i.compute(ctx) })));
}
