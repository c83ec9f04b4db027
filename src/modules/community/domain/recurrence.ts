import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { isPublicHoliday } from '../../../platform/calendar/holidays.js';
import { parisToInstant } from './paris-time.js';

// rrule is loaded through require: its ESM build does not resolve the same way under Node and under the
// test runner, its CommonJS build does.
const load = createRequire(import.meta.url);
const { RRule } = load('rrule') as typeof RRuleModule;

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
    if (repeat.skipHolidays && isPublicHoliday(date)) {
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
