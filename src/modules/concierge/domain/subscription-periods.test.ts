import { describe, expect, it } from 'vitest';
import { endChoices, monthEnd, nextMonthStart, type Pause, pausedForMonth, planCancel, planPause, planResume, type SubscriptionFacts, stateOn } from './subscription-periods.js';

const active: SubscriptionFacts = { status: 'active', starts_on: '2026-01-01', ends_on: null };
const today = '2026-12-04';

describe('period boundaries', () => {
  it('computes month ends and next month starts, across years and in February', () => {
    expect(monthEnd('2026-12-04')).toBe('2026-12-31');
    expect(monthEnd('2026-12-04', 2)).toBe('2027-02-28');
    expect(monthEnd('2028-02-10')).toBe('2028-02-29');
    expect(nextMonthStart('2026-12-31')).toBe('2027-01-01');
    expect(endChoices(today)).toEqual(['2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31']);
  });
});

describe('pause, resume and cancel take effect at a period boundary', () => {
  it('pauses from the first of next month, once', () => {
    expect(planPause(active, [], today)).toEqual({ kind: 'pause', startsOn: '2027-01-01' });
    const scheduled: Pause[] = [{ id: 'p', starts_on: '2027-01-01', ends_on: null }];
    expect(planPause(active, scheduled, today)).toEqual({ error: 'concierge.error.alreadyPaused' });
    expect(planPause({ ...active, status: 'cancelled', ends_on: '2026-12-31' }, [], today)).toEqual({ error: 'concierge.error.cancelled' });
  });

  it('withdraws a pause not yet begun; ends one in force with the current month; refuses when nothing is paused', () => {
    expect(planResume(active, [{ id: 'p', starts_on: '2027-01-01', ends_on: null }], today)).toEqual({ kind: 'withdraw_pause', pauseId: 'p', effectiveOn: '2027-01-01' });
    expect(planResume(active, [{ id: 'p', starts_on: '2026-11-01', ends_on: null }], today)).toEqual({ kind: 'resume', pauseId: 'p', endsOn: '2026-12-31', effectiveOn: '2027-01-01' });
    expect(planResume(active, [], today)).toEqual({ error: 'concierge.error.notPaused' });
    // Already resumed: the pause ends with this month.
    expect(planResume(active, [{ id: 'p', starts_on: '2026-11-01', ends_on: '2026-12-31' }], today)).toEqual({ error: 'concierge.error.notPaused' });
    // A past pause does not count.
    expect(planResume(active, [{ id: 'p', starts_on: '2026-03-01', ends_on: '2026-04-30' }], today)).toEqual({ error: 'concierge.error.notPaused' });
  });

  it('cancels at the end of this month or one of the next three, never another day', () => {
    expect(planCancel(active, today, '2026-12-31')).toEqual({ kind: 'cancel', endsOn: '2026-12-31' });
    expect(planCancel(active, today, '2027-03-31')).toEqual({ kind: 'cancel', endsOn: '2027-03-31' });
    for (const bad of ['2026-12-15', '2026-11-30', '2027-04-30', 'demain']) expect(planCancel(active, today, bad)).toEqual({ error: 'concierge.error.endsOn' });
    expect(planCancel({ ...active, status: 'cancelled', ends_on: '2026-12-31' }, today, '2026-12-31')).toEqual({ error: 'concierge.error.cancelled' });
  });

  it('states where a subscription stands', () => {
    expect(stateOn(active, [], today)).toBe('active');
    expect(stateOn(active, [{ id: 'p', starts_on: '2027-01-01', ends_on: null }], today)).toBe('pause_scheduled');
    expect(stateOn(active, [{ id: 'p', starts_on: '2026-12-01', ends_on: null }], today)).toBe('paused');
    expect(stateOn({ ...active, status: 'cancelled', ends_on: '2026-12-31' }, [], today)).toBe('ending');
    expect(stateOn({ ...active, status: 'cancelled', ends_on: '2026-11-30' }, [], today)).toBe('ended');
  });

  it('a month is fee-free only when a pause covers it whole', () => {
    const pauses: Pause[] = [{ id: 'p', starts_on: '2027-01-01', ends_on: '2027-02-28' }];
    expect(pausedForMonth(pauses, '2026-12-01')).toBe(false);
    expect(pausedForMonth(pauses, '2027-01-01')).toBe(true);
    expect(pausedForMonth(pauses, '2027-02-01')).toBe(true);
    expect(pausedForMonth(pauses, '2027-03-01')).toBe(false);
    expect(pausedForMonth([{ id: 'p', starts_on: '2027-01-01', ends_on: null }], '2027-06-01')).toBe(true);
  });
});
