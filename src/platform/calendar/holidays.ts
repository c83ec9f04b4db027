import { createRequire } from 'node:module';

// The package is CommonJS without types: loaded through require, whose build resolves the same way under
// Node and under the test runner.
const joursFeries = createRequire(import.meta.url)('@socialgouv/jours-feries') as (year: number) => Record<string, Date>;
const cache = new Map<number, Map<string, string>>();

/**
 * French public holidays of a year (metropolitan list, without the Alsace-Moselle extras): day (YYYY-MM-DD)
 * → French name. The library builds local-midnight dates and adds days as 24 h blocks, so a date can land
 * an hour early across a DST change; reading it at noon gives the intended calendar day.
 */
export function frenchHolidays(year: number): ReadonlyMap<string, string> {
  let days = cache.get(year);
  if (!days) {
    days = new Map();
    for (const [name, d] of Object.entries(joursFeries(year))) {
      const noon = new Date(d.getTime() + 12 * 3_600_000);
      days.set(`${noon.getFullYear()}-${String(noon.getMonth() + 1).padStart(2, '0')}-${String(noon.getDate()).padStart(2, '0')}`, name);
    }
    cache.set(year, days);
  }
  return days;
}

/** The holiday's French name when the day (YYYY-MM-DD) is a public holiday, else null. */
export function holidayOn(date: string): string | null {
  return frenchHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}

export function isPublicHoliday(date: string): boolean {
  return holidayOn(date) !== null;
}
