import { describe, expect, it } from 'vitest';
import { parisInstant } from './paris-time.js';
import { ruleMisfit } from './rule-fit.js';
import type { SpaceRules } from './rules.js';

const rules: SpaceRules = { slotMinutes: 60, minMinutes: 60, maxMinutes: 180, horizonDays: 30, noticeMinutes: 0, cancelNoticeMinutes: 0, weeklyQuotaMinutes: null, weeklyQuotaBookings: null, monthlyQuotaMinutes: null, monthlyQuotaBookings: null, bufferMinutes: 0, holidaysClosed: true };
// Tuesday 8 December 2026, 09:00–18:00.
const hours = [{ weekday: 2, opens: 540, closes: 1080 }];
const at = (from: number, to: number, unit = 1) => ({ unit, start: parisInstant('2026-12-08', from), end: parisInstant('2026-12-08', to) });

describe('a kept booking against new rules', () => {
  it('fits when nothing it relies on changed', () => {
    expect(ruleMisfit(rules, hours, { units: 6 }, at(600, 720))).toBeNull();
  });
  it('names what no longer fits: hours, duration, a seat or resource removed, a public holiday now closed', () => {
    expect(ruleMisfit(rules, [{ weekday: 2, opens: 660, closes: 1080 }], { units: 6 }, at(600, 720))).toBe('spaces.flag.hours');
    expect(ruleMisfit(rules, [], { units: 6 }, at(600, 720))).toBe('spaces.flag.hours');
    expect(ruleMisfit({ ...rules, maxMinutes: 60 }, hours, { units: 6 }, at(600, 720))).toBe('spaces.flag.duration');
    expect(ruleMisfit(rules, hours, { units: 4 }, at(600, 720, 5))).toBe('spaces.flag.seatGone');
    expect(ruleMisfit(rules, hours, undefined, at(600, 720))).toBe('spaces.flag.resourceGone');
    const christmas = { unit: 1, start: parisInstant('2026-12-25', 600), end: parisInstant('2026-12-25', 660) };
    expect(ruleMisfit(rules, [{ weekday: 5, opens: 540, closes: 1080 }], { units: 1 }, christmas)).toBe('spaces.flag.holiday');
    expect(ruleMisfit({ ...rules, holidaysClosed: false }, [{ weekday: 5, opens: 540, closes: 1080 }], { units: 1 }, christmas)).toBeNull();
  });
});
