import { type SpaceUsage, type SupportOutcomesRow, spaceUsage, supportOutcomesByResidence } from '../../spaces/index.js';
import { parisMidnight } from '../domain/period.js';
import { type Indicator, type IndicatorContext, type IndicatorResult, memoised, registerIndicator } from './registry.js';

type Pick = (u: SpaceUsage) => number;

/** The spaces' usage over the period, once per computation, limited to the residences in view. */
async function usage(ctx: IndicatorContext): Promise<SpaceUsage[]> {
  const rows = await memoised(ctx, 'spaces.usage', () => spaceUsage(ctx.tx, parisMidnight(ctx.period.from), parisMidnight(ctx.period.to)));
  return ctx.residenceIds ? rows.filter((r) => ctx.residenceIds?.includes(r.residenceId)) : rows;
}

function perResidence(rows: SpaceUsage[], pick: Pick): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.residenceId, (m.get(r.residenceId) ?? 0) + pick(r));
  return m;
}

const total = (rows: SpaceUsage[], pick: Pick) => rows.reduce((a, r) => a + pick(r), 0);
const round1 = (v: number) => Math.round(v * 10) / 10;

function count(pick: Pick, digits = 0) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const rows = await usage(ctx);
    const by = perResidence(rows, pick);
    const r = (v: number) => (digits ? round1(v) : v);
    return { byResidence: new Map([...by].map(([k, v]) => [k, r(v)])), overall: r(total(rows, pick)) };
  };
}

/** Share of bookings made at the counter for someone (assisted mode), with those households as the base. */
async function assistedShare(ctx: IndicatorContext): Promise<IndicatorResult> {
  const rows = await usage(ctx);
  const bookings = perResidence(rows, (u) => u.bookings);
  const assisted = perResidence(rows, (u) => u.assisted);
  const share = (a: number, b: number) => (b > 0 ? round1((100 * a) / b) : null);
  return {
    byResidence: new Map([...bookings].map(([k, b]) => [k, share(assisted.get(k) ?? 0, b)])),
    overall: share(total(rows, (u) => u.assisted), total(rows, (u) => u.bookings)),
    base: { byResidence: perResidence(rows, (u) => u.households), overall: total(rows, (u) => u.households) },
  };
}

/** A count from the facilitators' support log (sessions, households helped, outcomes), by residence and for the scope. */
function support(pick: (r: SupportOutcomesRow) => number) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const rows = await memoised(ctx, 'spaces.support', () => supportOutcomesByResidence(ctx.tx, { organisationId: ctx.orgId, from: ctx.period.from, to: ctx.period.to, residenceIds: ctx.residenceIds }));
    const overall = rows.find((r) => r.residenceId === null) as SupportOutcomesRow;
    return { byResidence: new Map(rows.filter((r) => r.residenceId !== null).map((r) => [r.residenceId as string, pick(r)])), overall: pick(overall) };
  };
}

const def = (key: string, unit: Indicator['unit'], personal: boolean, compute: Indicator['compute']): Indicator => ({
  key: `spaces.${key}`,
  label: `impact.ind.spaces.${key}`,
  definition: `impact.ind.spaces.${key}Def`,
  unit,
  source: 'spaces',
  personal,
  compute,
});

/** What the shared spaces (coworking, rooms, gardens, equipment) say, from the spaces module's usage query. */
export const SPACES_INDICATORS: Indicator[] = [
  def('bookings', 'count', false, count((u) => u.bookings)),
  def('hours', 'count', false, count((u) => u.hours, 1)),
  def('households', 'count', true, count((u) => u.households)),
  def('assisted_share', 'percent', true, assistedShare),
  def('support_sessions', 'count', false, support((r) => r.sessions)),
  def('support_households', 'count', true, support((r) => r.households)),
  def('jobs_found', 'count', true, support((r) => r.jobsFound)),
  def('trainings_entered', 'count', true, support((r) => r.trainingsEntered)),
];

export function registerSpacesIndicators(): void {
  for (const i of SPACES_INDICATORS) registerIndicator(i);
}
