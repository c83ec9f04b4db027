import { type CommunityFigures, communityFigures, proposalAnswerMedian } from '../../community/index.js';
import { parisMidnight } from '../domain/period.js';
import { type Indicator, type IndicatorContext, type IndicatorResult, memoised, registerIndicator } from './registry.js';

type Pick = (f: CommunityFigures) => number;

/**
 * Community life over the period. Rows with a residence count for it; landlord-wide activities and
 * processes (no residence) count only in the overall figure, and only when no residence is chosen.
 */
async function figures(ctx: IndicatorContext): Promise<{ rows: CommunityFigures[]; overall: CommunityFigures[] }> {
  const all = await memoised(ctx, 'community.figures', () => communityFigures(ctx.tx, parisMidnight(ctx.period.from), parisMidnight(ctx.period.to)));
  const placed = all.filter((r): r is CommunityFigures & { residenceId: string } => r.residenceId !== null && (!ctx.residenceIds || ctx.residenceIds.includes(r.residenceId)));
  return { rows: placed, overall: ctx.residenceIds ? placed : all };
}

const total = (rows: CommunityFigures[], pick: Pick) => rows.reduce((a, r) => a + pick(r), 0);
const share = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : null);

function count(pick: Pick) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const { rows, overall } = await figures(ctx);
    return { byResidence: new Map(rows.map((r) => [r.residenceId as string, pick(r)])), overall: total(overall, pick) };
  };
}

/** A rate of `part` per 100 `whole`, with `whole` as the base that small-number hiding looks at. */
function rate(part: Pick, whole: Pick) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const { rows, overall } = await figures(ctx);
    return {
      byResidence: new Map(rows.map((r) => [r.residenceId as string, share(part(r), whole(r))])),
      overall: share(total(overall, part), total(overall, whole)),
      base: { byResidence: new Map(rows.map((r) => [r.residenceId as string, whole(r)])), overall: total(overall, whole) },
    };
  };
}

/** Days to a first answer: each residence's median, and the scope's own median (never combined from theirs). */
async function answerMedian(ctx: IndicatorContext): Promise<IndicatorResult> {
  const { rows } = await figures(ctx);
  const overall = await proposalAnswerMedian(ctx.tx, parisMidnight(ctx.period.from), parisMidnight(ctx.period.to), ctx.residenceIds);
  return { byResidence: new Map(rows.map((r) => [r.residenceId as string, r.medianDaysToAnswer])), overall };
}

const def = (key: string, unit: Indicator['unit'], personal: boolean, compute: Indicator['compute']): Indicator => ({
  key: `community.${key}`,
  label: `impact.ind.community.${key}`,
  definition: `impact.ind.community.${key}Def`,
  unit,
  source: 'community',
  personal,
  compute,
});

/** Activities, attendance and residents' proposals, from the community module's public figures. */
export const COMMUNITY_INDICATORS: Indicator[] = [
  def('events', 'count', false, count((f) => f.events)),
  def('present_people', 'count', true, count((f) => f.presentSeats)),
  def('attendance_rate', 'percent', true, rate((f) => f.present, (f) => f.present + f.absent)),
  def('reports', 'count', false, count((f) => f.reports)),
  def('proposals', 'count', false, count((f) => f.proposals)),
  def('answered_share', 'percent', false, rate((f) => f.answered, (f) => f.proposals)),
  def('answer_days_median', 'days', false, answerMedian),
  def('proposals_done', 'count', false, count((f) => f.done)),
];

export function registerCommunityIndicators(): void {
  for (const i of COMMUNITY_INDICATORS) registerIndicator(i);
}
