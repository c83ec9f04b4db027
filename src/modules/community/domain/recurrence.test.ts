import { describe, expect, it } from 'vitest';
import { frenchHolidays } from '../../../platform/calendar/holidays.js';
import { occurrences } from './recurrence.js';

describe('recurring activities', () => {
  it('keeps the Paris clock time across the October change to winter time', () => {
    const { kept } = occurrences('2026-10-15', '14:30', '16:00', {
      everyWeeks: 1,
      count: 3,
      skipHolidays: false,
    });
    expect(kept.map((o) => o.startsAt.toISOString())).toEqual(['2026-10-15T12:30:00.000Z', '2026-10-22T12:30:00.000Z', '2026-10-29T13:30:00.000Z']);
    expect(kept[2].endsAt.toISOString()).toBe('2026-10-29T15:00:00.000Z');
  });

  it('keeps it across the March change to summer time, every two weeks', () => {
    const { kept } = occurrences('2026-03-19', '18:00', '19:30', {
      everyWeeks: 2,
      count: 2,
      skipHolidays: false,
    });
    expect(kept.map((o) => o.startsAt.toISOString())).toEqual(['2026-03-19T17:00:00.000Z', '2026-04-02T16:00:00.000Z']);
  });

  it('drops the dates that fall on French public holidays', () => {
    // Thursdays from 7 May 2026: 14 May is Ascension.
    const { kept, skipped } = occurrences('2026-05-07', '10:00', '12:00', {
      everyWeeks: 1,
      count: 3,
      skipHolidays: true,
    });
    expect(skipped).toEqual(['2026-05-14']);
    expect(kept.map((o) => o.date)).toEqual(['2026-05-07', '2026-05-21']);
  });

  it('knows the fixed and moving holidays', () => {
    const h = frenchHolidays(2026);
    expect(h.has('2026-07-14')).toBe(true);
    expect(h.has('2026-04-06')).toBe(true); // Easter Monday
    expect(h.has('2026-04-07')).toBe(false);
  });
});
