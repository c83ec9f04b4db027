import { isDay } from '../../directory/index.js';
import { addDays, type LocalDate } from './local-date.js';

/**
 * How far ahead a slide may be recorded: the new lease is usually signed for the first of next month, so a
 * month's notice (31 days) is enough, and a day further off is more likely a typing error than a plan.
 */
export const SLIDE_DAYS_AHEAD = 31;

type Day = { ok: true; day: LocalDate } | { ok: false; error: string };

/**
 * The day a sliding lease passes to the household: today (Paris) when none is given, otherwise a real day
 * at most SLIDE_DAYS_AHEAD after today. The lower bound (after the sublease's first day) is the register's.
 */
export function slideDay(given: string | null | undefined, today: LocalDate): Day {
  const day = (given ?? '').trim() || today;
  if (!isDay(day)) return { ok: false, error: 'directory.lease.badDate' };
  if (day > addDays(today, SLIDE_DAYS_AHEAD)) return { ok: false, error: 'support.lease.slideTooLate' };
  return { ok: true, day };
}

/**
 * The last day of a lease that ended without a slide: required (the register's occupancy closes that day),
 * today at the latest — the end is recorded once it happened, so the register never shows a departure to
 * come as done. The lower bound (not before the occupancy began) is the register's.
 */
export function leaseEndDay(given: string | null | undefined, today: LocalDate): Day {
  const day = (given ?? '').trim();
  if (!day) return { ok: false, error: 'support.lease.endOnRequired' };
  if (!isDay(day)) return { ok: false, error: 'directory.lease.badDate' };
  if (day > today) return { ok: false, error: 'support.lease.endOnFuture' };
  return { ok: true, day };
}
