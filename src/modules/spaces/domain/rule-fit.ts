import { holidayOn } from '../../../platform/calendar/holidays.js';
import { parisParts } from './paris-time.js';
import { openingsOn, type OpeningInterval, type SpaceRules } from './rules.js';

/** Why a booking made under earlier rules no longer fits the current ones (a catalogue key), or null. */
export type RuleMisfit = 'spaces.flag.resourceGone' | 'spaces.flag.seatGone' | 'spaces.flag.duration' | 'spaces.flag.hours' | 'spaces.flag.holiday';

/**
 * Checks a kept booking against the rules as they are now: its resource still offered, its seat still
 * there, its length within min/max, its time inside the opening hours. Notice, horizon and quota are
 * rules for asking, not for keeping, so they are not checked. Bookings are never changed by this:
 * the board shows the flag and staff decide.
 */
export function ruleMisfit(rules: SpaceRules, hours: OpeningInterval[], resource: { units: number } | undefined, b: { unit: number; start: Date; end: Date }): RuleMisfit | null {
  if (!resource) return 'spaces.flag.resourceGone';
  if (b.unit > resource.units) return 'spaces.flag.seatGone';
  const minutes = (b.end.getTime() - b.start.getTime()) / 60_000;
  if (minutes < rules.minMinutes || minutes > rules.maxMinutes) return 'spaces.flag.duration';
  const s = parisParts(b.start);
  if (rules.holidaysClosed && holidayOn(s.date)) return 'spaces.flag.holiday';
  const e = parisParts(b.end);
  const endMinutes = e.date === s.date ? e.minutes : 1440 + e.minutes;
  const inside = openingsOn(rules, hours, s.date).some((h) => s.minutes >= h.opens && endMinutes <= h.closes);
  return inside ? null : 'spaces.flag.hours';
}
