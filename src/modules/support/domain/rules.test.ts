import { describe, expect, it } from 'vitest';
import { isPublicHoliday } from '../../../platform/calendar/holidays.js';
import { commissionDate, commissionDates, firstThursday, isWorkingDay } from './commission-dates.js';
import { addMonths, weekday } from './local-date.js';
import { quotaProgress, nextSeat } from './quota.js';
import { ceilingCents, checkGrant } from './rent-aid-rules.js';
import { aidSchedule, releasedByEarlyEnd } from './schedule.js';
import { isOverdue, leaseMilestones, stageDelays, stepTimeline } from './stages.js';

describe('rent aid rules (ASQ)', () => {
  const base = { monthlyCents: 25_000, months: 6, rentCents: 50_000, availableCents: 1_000_000 };
  it('grants 250 € a month for 6 months on a 500 € rent', () => expect(checkGrant(base)).toEqual({}));
  it('refuses less than 100 € a month, and accepts exactly 100 €', () => {
    expect(checkGrant({ ...base, monthlyCents: 9_999 })).toEqual({ monthly: 'support.rule.floor' });
    expect(checkGrant({ ...base, monthlyCents: 10_000 })).toEqual({});
  });
  it('refuses more than 90 % of the rent receipt, and accepts exactly 90 %', () => {
    expect(checkGrant({ ...base, monthlyCents: 47_500 })).toEqual({ monthly: 'support.rule.ceiling' });
    expect(checkGrant({ ...base, monthlyCents: 45_000 })).toEqual({});
    expect(checkGrant({ ...base, monthlyCents: 45_001 })).toEqual({ monthly: 'support.rule.ceiling' });
    expect(ceilingCents(33_333)).toBe(29_999);
  });
  it('refuses 0 or more than 12 months', () => {
    expect(checkGrant({ ...base, months: 13 })).toEqual({ months: 'support.rule.months' });
    expect(checkGrant({ ...base, months: 0 })).toEqual({ months: 'support.rule.months' });
    expect(checkGrant({ ...base, months: 12, availableCents: 300_000 })).toEqual({});
  });
  it('refuses a commitment larger than what the fund has available, to the cent', () => {
    expect(checkGrant({ ...base, availableCents: 149_999 })).toEqual({ fund: 'support.rule.fund' });
    expect(checkGrant({ ...base, availableCents: 150_000 })).toEqual({});
  });
});

describe('commission dates: first Thursday, next working day on a public holiday', () => {
  it('finds first Thursdays', () => {
    expect(firstThursday(2027, 1)).toBe('2027-01-07');
    expect(firstThursday(2026, 10)).toBe('2026-10-01');
  });
  it('moves a holiday Thursday to the next working day', () => {
    // 1 January 2026 is a Thursday and a public holiday: the commission sits on Friday the 2nd.
    expect(commissionDate(2026, 1)).toBe('2026-01-02');
    // Ascension 2027 falls on Thursday 6 May.
    expect(isPublicHoliday('2027-05-06')).toBe(true);
    expect(commissionDate(2027, 5)).toBe('2027-05-07');
    // 1 May 2025 (Labour Day) was a Thursday.
    expect(commissionDate(2025, 5)).toBe('2025-05-02');
  });
  it('over three years, every date is a working day, the first Thursday unless it is a holiday, in its own month', () => {
    const dates = commissionDates('2026-01-01', 36);
    expect(dates).toHaveLength(36);
    for (const { heldOn, cutoffOn } of dates) {
      expect(isWorkingDay(heldOn), heldOn).toBe(true);
      const thursday = firstThursday(Number(heldOn.slice(0, 4)), Number(heldOn.slice(5, 7)));
      if (isPublicHoliday(thursday)) expect(heldOn > thursday).toBe(true);
      else expect(heldOn).toBe(thursday);
      expect(weekday(cutoffOn)).toBe(weekday(heldOn));
      expect(cutoffOn < heldOn).toBe(true);
    }
    const moved = dates.filter((d) => weekday(d.heldOn) !== 4).map((d) => d.heldOn);
    expect(moved).toEqual(['2026-01-02', '2027-05-07']);
  });
  it('skips a month whose commission is already past', () => {
    expect(commissionDates('2026-12-04', 1)[0].heldOn).toBe('2027-01-07');
  });
});

describe('aid schedule and early end', () => {
  it('credits the rent receipt each month from the start month', () => {
    const s = aidSchedule('2027-01-15', 25_000, 6);
    expect(s.map((i) => i.dueMonth)).toEqual(['2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01', '2027-06-01']);
    expect(s.reduce((a, i) => a + i.amountCents, 0)).toBe(150_000);
  });
  it('an early end releases the unpaid months from the end month on', () => {
    const s = aidSchedule('2027-01-01', 25_000, 6).map((i, n) => ({ ...i, paid: n < 2 }));
    expect(releasedByEarlyEnd(s, '2027-03-20')).toBe(100_000);
  });
  it('adds months without overflowing short months', () => expect(addMonths('2027-01-31', 1)).toBe('2027-02-28'));
});

describe('quotas', () => {
  const ddch = { places: 2, periodStart: '2027-01-01', periodEnd: '2028-01-01' };
  it('is not behind early in the year with nothing given', () => expect(quotaProgress(ddch, 0, '2027-03-01').behind).toBe(false));
  it('is behind after mid-year with nothing given, not with one given', () => {
    expect(quotaProgress(ddch, 0, '2027-07-15')).toMatchObject({ expected: 1, behind: true });
    expect(quotaProgress(ddch, 1, '2027-07-15').behind).toBe(false);
  });
  it('70 a year: 20 given by July is behind', () => expect(quotaProgress({ ...ddch, places: 70 }, 20, '2027-07-01').behind).toBe(true));
  it('gives seats in order and none past the commitment', () => {
    expect(nextSeat(2, 1)).toBe(2);
    expect(nextSeat(2, 2)).toBeNull();
  });
});

describe('timelines', () => {
  it('places steps N days after opening and flags the overdue ones', () => {
    const t = stepTimeline('2027-01-10', [{ key: 'first_meeting', dueDays: 7 }, { key: 'review', dueDays: 30 }]);
    expect(t).toEqual([{ key: 'first_meeting', dueOn: '2027-01-17' }, { key: 'review', dueOn: '2027-02-09' }]);
    expect(isOverdue({ dueOn: '2027-01-17', done: false }, '2027-01-18')).toBe(true);
    expect(isOverdue({ dueOn: '2027-01-17', done: true }, '2027-01-18')).toBe(false);
    expect(isOverdue({ dueOn: '2027-01-17', done: false }, '2027-01-17')).toBe(false);
  });
  it('sliding lease milestones at 3, 6 and 8 months', () => {
    expect(leaseMilestones('2026-03-02').map((m) => m.dueOn)).toEqual(['2026-06-02', '2026-09-02', '2026-11-02']);
  });
  it('measures the delay of each adaptation stage', () => {
    expect(stageDelays([{ stage: 'requested', on: '2027-01-01' }, { stage: 'assessed', on: '2027-01-21' }, { stage: 'works_decided', on: '2027-02-10' }])).toEqual([
      { stage: 'assessed', days: 20 },
      { stage: 'works_decided', days: 20 },
    ]);
  });
});
