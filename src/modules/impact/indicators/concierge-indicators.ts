import { type ConciergeFigures, conciergeFigures } from '../../concierge/index.js';
import { parisMidnight } from '../domain/period.js';
import { type Indicator, type IndicatorContext, type IndicatorResult, memoised, registerIndicator } from './registry.js';

type Pick = (f: ConciergeFigures) => number | null;

/** The concierge's figures by residence and for the whole scope (a median is computed on the scope, never averaged). */
async function figures(ctx: IndicatorContext): Promise<{ rows: ConciergeFigures[]; overall: ConciergeFigures }> {
  const all = await memoised(ctx, 'concierge.figures', () => conciergeFigures(ctx.tx, parisMidnight(ctx.period.from), parisMidnight(ctx.period.to), ctx.residenceIds, ctx.orgId));
  const rows = all.filter((r) => r.residenceId !== null);
  return { rows, overall: all.find((r) => r.residenceId === null) as ConciergeFigures };
}

const share = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : null);

function value(pick: Pick) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const { rows, overall } = await figures(ctx);
    return { byResidence: new Map(rows.map((r) => [r.residenceId as string, pick(r)])), overall: pick(overall) };
  };
}

/** A rate of `part` per 100 `whole`, with `whole` as the base that small-number hiding looks at. */
function rate(part: (f: ConciergeFigures) => number, whole: (f: ConciergeFigures) => number) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const { rows, overall } = await figures(ctx);
    return {
      byResidence: new Map(rows.map((r) => [r.residenceId as string, share(part(r), whole(r))])),
      overall: share(part(overall), whole(overall)),
      base: { byResidence: new Map(rows.map((r) => [r.residenceId as string, whole(r)])), overall: whole(overall) },
    };
  };
}

const def = (key: string, unit: Indicator['unit'], personal: boolean, compute: Indicator['compute']): Indicator => ({
  key: `concierge.${key}`,
  label: `impact.ind.concierge.${key}`,
  definition: `impact.ind.concierge.${key}Def`,
  unit,
  source: 'concierge',
  personal,
  compute,
});

/** Subscribers, requests and where they stand, delays, and the local economy, from the concierge's public figures. */
export const CONCIERGE_INDICATORS: Indicator[] = [
  def('subscribers', 'count', true, value((f) => f.subscribers)),
  def('requests', 'count', false, value((f) => f.requests)),
  def('requests_open', 'count', false, value((f) => f.open)),
  def('requests_done', 'count', false, value((f) => f.done)),
  def('requests_cancelled', 'count', false, value((f) => f.cancelled)),
  def('median_days_to_done', 'days', false, value((f) => f.medianDaysToDone)),
  def('labelled_share', 'percent', false, rate((f) => f.dispatchedLabelled, (f) => f.dispatched)),
  def('local_cents', 'cents', false, value((f) => f.localCents)),
];

export function registerConciergeIndicators(): void {
  for (const i of CONCIERGE_INDICATORS) registerIndicator(i);
}
