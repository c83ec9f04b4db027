import { isDay } from '../../directory/index.js';
import { addDays, addMonths, type LocalDate } from './local-date.js';

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
 * How far ahead an end may be planned: a landlord's notice to leave is given six months ahead at most
 * (loi du 6 juillet 1989, art. 15), a tenant's one to three months; further off is more likely a typing error.
 */
export const PLANNED_END_MONTHS_AHEAD = 6;

/** Whether the end's day given is a real day after today: an end to come, planned rather than recorded. */
export function isEndToCome(given: string | null | undefined, today: LocalDate): boolean {
  const day = (given ?? '').trim();
  return isDay(day) && day > today;
}

/** A lease's last day to come: required, a real day after today, at most PLANNED_END_MONTHS_AHEAD months ahead. */
export function plannedEndDay(given: string | null | undefined, today: LocalDate): Day {
  const day = (given ?? '').trim();
  if (!day) return { ok: false, error: 'support.lease.endOnRequired' };
  if (!isDay(day)) return { ok: false, error: 'directory.lease.badDate' };
  if (day <= today) return { ok: false, error: 'support.lease.planNotFuture' };
  if (day > addMonths(today, PLANNED_END_MONTHS_AHEAD)) return { ok: false, error: 'support.lease.planTooFar' };
  return { ok: true, day };
}

/** A corrected slide's day: required (unlike the slide, no default), then the slide's own rule. */
export function correctedSlideDay(given: string | null | undefined, today: LocalDate): Day {
  if (!(given ?? '').trim()) return { ok: false, error: 'support.lease.correctDayRequired' };
  return slideDay(given, today);
}

/** Why a day is corrected: required, 500 characters at most (kept with the correction, shown on the case). */
export function correctionReason(given: string | null | undefined): { ok: true; reason: string } | { ok: false; error: string } {
  const reason = (given ?? '').trim();
  if (!reason) return { ok: false, error: 'support.lease.correctReasonRequired' };
  if (reason.length > 500) return { ok: false, error: 'support.lease.reasonTextTooLong' };
  return { ok: true, reason };
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
