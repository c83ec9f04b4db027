import { type SupportFigures, supportFigures } from '../../support/index.js';
import { parisMidnight } from '../domain/period.js';
import { type Indicator, type IndicatorContext, type IndicatorResult, memoised, registerIndicator } from './registry.js';

type All = SupportFigures['all'];

/**
 * Support programmes over the period, from the support module's public figures. They are the
 * landlord's, not a residence's: a case's residence would locate people followed for sensitive
 * reasons (domestic violence, mental health), so there are no cells by residence, and with a
 * residence chosen the figures are not computable (null).
 */
async function figures(ctx: IndicatorContext): Promise<SupportFigures | null> {
  if (ctx.residenceIds) return null;
  return memoised(ctx, 'support.figures', () => supportFigures(ctx.tx, parisMidnight(ctx.period.from), parisMidnight(ctx.period.to)));
}

const none = (): IndicatorResult => ({ byResidence: new Map(), overall: null, base: { byResidence: new Map(), overall: 0 } });
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** A figure about people (hidden when `base` people are under the threshold), overall only. */
function personal(value: (a: All) => number | null, base: (a: All) => number) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const f = await figures(ctx);
    if (!f) return none();
    return { byResidence: new Map(), overall: value(f.all), base: { byResidence: new Map(), overall: base(f.all) } };
  };
}

/** A figure about money or commitments (no person behind it), overall only. */
function plain(value: (f: SupportFigures) => number | null) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const f = await figures(ctx);
    return { byResidence: new Map(), overall: f ? value(f) : null };
  };
}

const def = (key: string, unit: Indicator['unit'], isPersonal: boolean, compute: Indicator['compute']): Indicator => ({
  key: `support.${key}`,
  label: `impact.ind.support.${key}`,
  definition: `impact.ind.support.${key}Def`,
  unit,
  source: 'support',
  personal: isPersonal,
  landlordOnly: true,
  compute,
});

/** Cases, rent aid and its fund, partner quotas, sliding leases, adaptations and onboarding. */
export const SUPPORT_INDICATORS: Indicator[] = [
  def('cases_opened', 'count', true, personal((a) => a.opened, (a) => a.opened)),
  def('cases_closed', 'count', true, personal((a) => a.closed, (a) => a.closed)),
  def('close_days_median', 'days', true, personal((a) => round1(a.closeDaysMedian), (a) => a.closed)),
  // An amount granted to a handful of households would tell each one's aid: hidden like a count of them.
  def('aid_granted', 'cents', true, personal((a) => a.grantedCents, (a) => a.grants)),
  def('fund_available', 'cents', false, plain((f) => f.all.fundAvailableCents)),
  def('leverage', 'average', false, plain((f) => (f.all.landlordCreditCents > 0 ? Math.round((100 * f.all.partnerCreditCents) / f.all.landlordCreditCents) / 100 : null))),
  def('quota_progress', 'percent', false, plain((f) => (f.quotas.places > 0 ? Math.round((1000 * f.quotas.given) / f.quotas.places) / 10 : null))),
  def('leases_slid', 'count', true, personal((a) => a.leasesSlid, (a) => a.leasesSlid)),
  def('lease_days_median', 'days', true, personal((a) => round1(a.leaseDaysMedian), (a) => a.leasesSlid)),
  def('adaptation_days_median', 'days', true, personal((a) => round1(a.adaptationDaysMedian), (a) => a.adaptationsDone)),
  def('onboarding_completion', 'percent', true, personal((a) => (a.onboardingOpened > 0 ? Math.round((1000 * a.onboardingCompleted) / a.onboardingOpened) / 10 : null), (a) => a.onboardingOpened)),
];

export function registerSupportIndicators(): void {
  for (const i of SUPPORT_INDICATORS) registerIndicator(i);
}
