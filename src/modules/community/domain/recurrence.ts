import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { parisToInstant } from './paris-time.js';

// Both libraries are loaded through require: their ESM builds do not resolve the same way under
// Node and under the test runner, their CommonJS builds do.
const load = createRequire(import.meta.url);
const { RRule } = load('rrule') as typeof RRuleModule;
const getJoursFeries = load('@socialgouv/jours-feries') as (year: number) => Record<string, Date>;

/** French public holidays (metropolitan list) as YYYY-MM-DD. */
export function frenchHolidays(year: number): Set<string> {
  const days = new Set<string>();
  // The library builds local midnights and adds 24 h blocks; read at noon, the calendar day is right on either side of DST.
  for (const d of Object.values(getJoursFeries(year))) {
    const noon = new Date(d.getTime() + 12 * 3_600_000);
    days.add(`${noon.getFullYear()}-${String(noon.getMonth() + 1).padStart(2, '0')}-${String(noon.getDate()).padStart(2, '0')}`);
  }
  return days;
}

export type Occurrence = { date: string; startsAt: Date; endsAt: Date };
export type Repeat = {
  everyWeeks: number;
  count: number;
  skipHolidays: boolean;
};

/**
 * The dates of a recurring activity: every `everyWeeks` weeks from `firstDate`, `count` times,
 * at the same Paris clock time whatever the season. Rules are computed on floating dates (the
 * RRule "UTC as wall clock" practice) so a DST change never shifts the hour; holidays are dropped.
 */
export function occurrences(firstDate: string, startTime: string, endTime: string, repeat: Repeat): { kept: Occurrence[]; skipped: string[] } {
  const [y, m, d] = firstDate.split('-').map(Number);
  const rule = new RRule({
    freq: RRule.WEEKLY,
    interval: repeat.everyWeeks,
    count: repeat.count,
    dtstart: new Date(Date.UTC(y, m - 1, d, 12, 0)),
  });
  const kept: Occurrence[] = [];
  const skipped: string[] = [];
  for (const day of rule.all()) {
    const date = day.toISOString().slice(0, 10);
    if (repeat.skipHolidays && frenchHolidays(day.getUTCFullYear()).has(date)) {
      skipped.push(date);
      continue;
    }
    kept.push({
      date,
      startsAt: parisToInstant(date, startTime),
      endsAt: parisToInstant(date, endTime),
    });
  }
  return { kept, skipped };
}
