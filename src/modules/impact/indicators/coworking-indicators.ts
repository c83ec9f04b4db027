import { PURPOSES, type SpaceCapacity, type SpaceUsage, spaceCapacities, spaceUsage } from '../../spaces/index.js';
import { parisMidnight } from '../domain/period.js';
import { type Indicator, type IndicatorContext, type IndicatorResult, memoised, registerIndicator } from './registry.js';

const COWORKING = ['coworking'];

type Coworking = { usage: SpaceUsage[]; capacity: SpaceCapacity[] };

/** The coworkings' usage (the same summary as every spaces indicator) and what they could offer, in the residences in view. */
async function coworkings(ctx: IndicatorContext): Promise<Coworking> {
  const [usage, capacity] = await Promise.all([
    memoised(ctx, 'spaces.usage', () => spaceUsage(ctx.tx, parisMidnight(ctx.period.from), parisMidnight(ctx.period.to))),
    memoised(ctx, 'spaces.coworking-capacity', () => spaceCapacities(ctx.tx, ctx.period.from, ctx.period.to, COWORKING)),
  ]);
  const inView = (residenceId: string) => !ctx.residenceIds || ctx.residenceIds.includes(residenceId);
  return { usage: usage.filter((u) => COWORKING.includes(u.kind) && inView(u.residenceId)), capacity: capacity.filter((c) => inView(c.residenceId)) };
}

function sumBy<T extends { residenceId: string }>(rows: T[], pick: (r: T) => number): { by: Map<string, number>; total: number } {
  const by = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    by.set(r.residenceId, (by.get(r.residenceId) ?? 0) + pick(r));
    total += pick(r);
  }
  return { by, total };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const share = (part: number, whole: number) => (whole > 0 ? round1((100 * part) / whole) : null);

/** Hours booked in coworkings (1 decimal). */
async function hours(ctx: IndicatorContext): Promise<IndicatorResult> {
  const { by, total } = sumBy((await coworkings(ctx)).usage, (u) => u.hours);
  return { byResidence: new Map([...by].map(([k, v]) => [k, round1(v)])), overall: round1(total) };
}

/** Distinct households per coworking, summed by residence. */
async function households(ctx: IndicatorContext): Promise<IndicatorResult> {
  const { by, total } = sumBy((await coworkings(ctx)).usage, (u) => u.households);
  return { byResidence: by, overall: total };
}

/**
 * Hours booked per 100 place-hours open. Summed over the coworkings of the scope before dividing, so a
 * small coworking weighs what its places weigh; a residence without a coworking open has no rate.
 */
async function occupancy(ctx: IndicatorContext): Promise<IndicatorResult> {
  const c = await coworkings(ctx);
  const booked = sumBy(c.usage, (u) => u.hours);
  const open = sumBy(c.capacity, (x) => x.placeHours);
  return {
    byResidence: new Map([...open.by].map(([k, v]) => [k, share(booked.by.get(k) ?? 0, v)])),
    overall: share(booked.total, open.total),
  };
}

/** Share of the coworkings' bookings made for one purpose, with the households as the base small numbers hide. */
function purposeShare(purpose: string) {
  return async (ctx: IndicatorContext): Promise<IndicatorResult> => {
    const { usage } = await coworkings(ctx);
    const part = sumBy(usage, (u) => u.purposes[purpose] ?? 0);
    const all = sumBy(usage, (u) => u.bookings);
    const base = sumBy(usage, (u) => u.households);
    return {
      byResidence: new Map([...all.by].map(([k, v]) => [k, share(part.by.get(k) ?? 0, v)])),
      overall: share(part.total, all.total),
      base: { byResidence: base.by, overall: base.total },
    };
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

/** The solidarity coworkings: occupancy against the hours open, hours, users and what they came for. */
export const COWORKING_INDICATORS: Indicator[] = [
  def('coworking_occupancy', 'percent', false, occupancy),
  def('coworking_hours', 'count', false, hours),
  def('coworking_households', 'count', true, households),
  ...PURPOSES.map((p) => def(`coworking_purpose_${p}`, 'percent', true, purposeShare(p))),
];

export function registerCoworkingIndicators(): void {
  for (const i of COWORKING_INDICATORS) registerIndicator(i);
}
