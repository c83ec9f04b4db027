import { type ResidenceFigures, residenceFigures } from '../../directory/index.js';
import { type Indicator, type IndicatorContext, type IndicatorResult, memoised, registerIndicator } from './registry.js';

type Num = (f: ResidenceFigures) => number;
const figures = (ctx: IndicatorContext) => memoised(ctx, 'directory.figures', () => residenceFigures(ctx.tx, ctx.period, ctx.residenceIds));
const sum = (rows: ResidenceFigures[], pick: Num) => rows.reduce((a, r) => a + pick(r), 0);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function count(pick: Num) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const rows = await figures(ctx);
    return {
      byResidence: new Map(rows.map((r) => [r.residenceId, pick(r)])),
      overall: sum(rows, pick),
    };
  };
}

/** A ratio of two counts (×100 for percentages), with the households behind it as the suppression base. */
function ratio(top: Num, bottom: Num, scale: number, digits: number) {
  const value = (t: number, b: number) => (b > 0 ? round((scale * t) / b, digits) : null);
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const rows = await figures(ctx);
    return {
      byResidence: new Map(rows.map((r) => [r.residenceId, value(top(r), bottom(r))])),
      overall: value(sum(rows, top), sum(rows, bottom)),
      base: {
        byResidence: new Map(rows.map((r) => [r.residenceId, r.households])),
        overall: sum(rows, (r) => r.households),
      },
    };
  };
}

const def = (key: string, unit: Indicator['unit'], personal: boolean, compute: Indicator['compute']): Indicator => ({
  key: `directory.${key}`,
  label: `impact.ind.${key}`,
  definition: `impact.ind.${key}Def`,
  unit,
  source: 'directory',
  personal,
  compute,
});

/** The indicators the directory alone can answer; the benchmark function uses the same definitions. */
export const DIRECTORY_INDICATORS: Indicator[] = [
  def(
    'dwellings',
    'count',
    false,
    count((r) => r.dwellings),
  ),
  def(
    'households',
    'count',
    true,
    count((r) => r.households),
  ),
  def(
    'residents',
    'count',
    true,
    count((r) => r.residents),
  ),
  def(
    'occupancy_rate',
    'percent',
    true,
    ratio(
      (r) => r.households,
      (r) => r.dwellings,
      100,
      1,
    ),
  ),
  def(
    'household_size',
    'average',
    true,
    ratio(
      (r) => r.residents,
      (r) => r.households,
      1,
      2,
    ),
  ),
  def(
    'paper_share',
    'percent',
    true,
    ratio(
      (r) => r.paperHouseholds,
      (r) => r.households,
      100,
      1,
    ),
  ),
  def(
    'move_ins',
    'count',
    true,
    count((r) => r.moveIns),
  ),
  def(
    'move_outs',
    'count',
    true,
    count((r) => r.moveOuts),
  ),
  def(
    'turnover_rate',
    'percent',
    true,
    ratio(
      (r) => r.moveOuts,
      (r) => r.dwellings,
      100,
      1,
    ),
  ),
];

export function registerDirectoryIndicators(): void {
  for (const i of DIRECTORY_INDICATORS) registerIndicator(i);
}
