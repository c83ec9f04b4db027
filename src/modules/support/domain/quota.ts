import { daysBetween, type LocalDate } from './local-date.js';

export type QuotaProgress = { places: number; given: number; expected: number; behind: boolean; full: boolean };

/**
 * Progress of a partner's commitment over its period: places given against the share of the period
 * elapsed. Behind schedule when fewer places were given than the elapsed share calls for (rounded down),
 * so a 2-a-year commitment is behind only once half the year has passed with none given.
 */
export function quotaProgress(q: { places: number; periodStart: LocalDate; periodEnd: LocalDate }, given: number, today: LocalDate): QuotaProgress {
  const total = daysBetween(q.periodStart, q.periodEnd);
  const elapsed = Math.min(Math.max(daysBetween(q.periodStart, today), 0), total);
  const expected = Math.floor((q.places * elapsed) / total);
  return { places: q.places, given, expected, behind: given < expected, full: given >= q.places };
}

/** The next seat to give, or null when the commitment is fulfilled. */
export function nextSeat(places: number, given: number): number | null {
  return given < places ? given + 1 : null;
}
