import getJoursFeries from '@socialgouv/jours-feries';
import type { LocalDate } from './paris-time.js';

const cache = new Map<number, Map<LocalDate, string>>();

/**
 * French public holidays of a year (metropolitan list, without the Alsace-Moselle extras), by day.
 * The library builds local-midnight dates and adds days as 24 h blocks, so a date can land an hour
 * early across a DST change; reading it at noon gives the intended calendar day.
 */
export function frenchHolidays(year: number): Map<LocalDate, string> {
  let days = cache.get(year);
  if (!days) {
    days = new Map();
    for (const [name, d] of Object.entries(getJoursFeries(year) as Record<string, Date>)) {
      const noon = new Date(d.getTime() + 12 * 3_600_000);
      days.set(`${noon.getFullYear()}-${String(noon.getMonth() + 1).padStart(2, '0')}-${String(noon.getDate()).padStart(2, '0')}`, name);
    }
    cache.set(year, days);
  }
  return days;
}

/** The holiday's French name when the day is a public holiday, else null. */
export function holidayOn(date: LocalDate): string | null {
  return frenchHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}
