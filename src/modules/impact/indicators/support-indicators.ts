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

/**
 * How a support indicator reads one row of the support figures — a programme's, or the row for all
 * programmes — with the number of people behind it for a personal one. The dashboard grouped by
 * programme reads each programme's row with the same functions as the total reads the row for all.
 */
export type ProgrammeFigure = { value: (a: All) => number | null; base?: (a: All) => number };

/** A figure about people (hidden when `base` people are under the threshold), overall only. */
function personal(figure: Required<ProgrammeFigure>) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const f = await figures(ctx);
    if (!f) return none();
    return { byResidence: new Map(), overall: figure.value(f.all), base: { byResidence: new Map(), overall: figure.base(f.all) } };
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

const count = (n: (a: All) => number): Required<ProgrammeFigure> => ({ value: n, base: n });

/** The support indicators that a programme has on its own (quota progress is the organisation's commitments: it has none). */
export const PROGRAMME_FIGURES = new Map<string, ProgrammeFigure>([
  ['support.cases_opened', count((a) => a.opened)],
  ['support.cases_closed', count((a) => a.closed)],
  ['support.close_days_median', { value: (a) => round1(a.closeDaysMedian), base: (a) => a.closed }],
  // An amount granted to a handful of households would tell each one's aid: hidden like a count of them.
  ['support.aid_granted', { value: (a) => a.grantedCents, base: (a) => a.grants }],
  ['support.fund_available', { value: (a) => a.fundAvailableCents }],
  ['support.leverage', { value: (a) => (a.landlordCreditCents > 0 ? Math.round((100 * a.partnerCreditCents) / a.landlordCreditCents) / 100 : null) }],
  ['support.leases_slid', count((a) => a.leasesSlid)],
  ['support.lease_days_median', { value: (a) => round1(a.leaseDaysMedian), base: (a) => a.leasesSlid }],
  ['support.adaptation_days_median', { value: (a) => round1(a.adaptationDaysMedian), base: (a) => a.adaptationsDone }],
  ['support.onboarding_completion', { value: (a) => (a.onboardingOpened > 0 ? Math.round((1000 * a.onboardingCompleted) / a.onboardingOpened) / 10 : null), base: (a) => a.onboardingOpened }],
]);

const of = (key: string) => PROGRAMME_FIGURES.get(`support.${key}`) as Required<ProgrammeFigure>;
const all = (key: string) => plain((f) => of(key).value(f.all));

/** Cases, rent aid and its fund, partner quotas, sliding leases, adaptations and onboarding. */
export const SUPPORT_INDICATORS: Indicator[] = [
  def('cases_opened', 'count', true, personal(of('cases_opened'))),
  def('cases_closed', 'count', true, personal(of('cases_closed'))),
  def('close_days_median', 'days', true, personal(of('close_days_median'))),
  def('aid_granted', 'cents', true, personal(of('aid_granted'))),
  def('fund_available', 'cents', false, all('fund_available')),
  def('leverage', 'average', false, all('leverage')),
  def('quota_progress', 'percent', false, plain((f) => (f.quotas.places > 0 ? Math.round((1000 * f.quotas.given) / f.quotas.places) / 10 : null))),
  def('leases_slid', 'count', true, personal(of('leases_slid'))),
  def('lease_days_median', 'days', true, personal(of('lease_days_median'))),
  def('adaptation_days_median', 'days', true, personal(of('adaptation_days_median'))),
  def('onboarding_completion', 'percent', true, personal(of('onboarding_completion'))),
];

export function registerSupportIndicators(): void {
  for (const i of SUPPORT_INDICATORS) registerIndicator(i);
}
