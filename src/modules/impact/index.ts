/**
 * The impact module's public surface. Other modules add their indicators to the catalogue here;
 * dashboards, exports, funder reports and (for keys the benchmark knows) the network then show them.
 * See docs/impact-indicators.md.
 */

export { type Period, periodOf, previousPeriod } from './domain/period.js';
export {
  DEFAULT_THRESHOLD,
  suppressColumn,
  THRESHOLD_FLOOR,
} from './domain/suppression.js';
export type {
  Indicator,
  IndicatorContext,
  IndicatorResult,
  IndicatorUnit,
} from './indicators/registry.js';
export {
  findIndicator,
  listIndicators,
  memoised,
  registerIndicator,
} from './indicators/registry.js';
