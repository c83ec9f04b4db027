import { isPublicHoliday } from '../../../platform/calendar/holidays.js';
import { addDays, type LocalDate, weekday } from './local-date.js';

export function isWorkingDay(d: LocalDate): boolean {
  const w = weekday(d);
  return w !== 0 && w !== 6 && !isPublicHoliday(d);
}

export function firstThursday(year: number, month: number): LocalDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addDays(first, (4 - weekday(first) + 7) % 7);
}

/** The commission of a month: its first Thursday, or the next working day when that Thursday is a public holiday. */
export function commissionDate(year: number, month: number): LocalDate {
  let d = firstThursday(year, month);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** Dossiers must be ready a week before the session to be on its agenda. */
export const CUTOFF_DAYS = 7;

/** The next `count` commission dates from the month of `from` (that month's included if not past). */
export function commissionDates(from: LocalDate, count: number): { heldOn: LocalDate; cutoffOn: LocalDate }[] {
  const out: { heldOn: LocalDate; cutoffOn: LocalDate }[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  while (out.length < count) {
    const heldOn = commissionDate(year, month);
    if (heldOn >= from) out.push({ heldOn, cutoffOn: addDays(heldOn, -CUTOFF_DAYS) });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}
