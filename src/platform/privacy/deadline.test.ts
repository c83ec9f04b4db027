import { describe, expect, it } from 'vitest';
import { dueDate, isDay, isOverdue, parisToday } from './deadline.js';

describe('the one-month deadline of a data request', () => {
  it('falls on the same day of the next month, or on its last day', () => {
    expect(dueDate('2026-12-05')).toBe('2027-01-05');
    expect(dueDate('2027-01-31')).toBe('2027-02-28');
    expect(dueDate('2028-01-31')).toBe('2028-02-29');
    expect(dueDate('2026-03-31')).toBe('2026-04-30');
    expect(dueDate('2026-11-30')).toBe('2026-12-30');
  });

  it('is overdue only when still open after its due day', () => {
    expect(isOverdue({ status: 'received', due_on: '2026-12-04' }, '2026-12-05')).toBe(true);
    expect(isOverdue({ status: 'in_progress', due_on: '2026-12-05' }, '2026-12-05')).toBe(false);
    expect(isOverdue({ status: 'answered', due_on: '2026-01-01' }, '2026-12-05')).toBe(false);
    expect(isOverdue({ status: 'refused', due_on: '2026-01-01' }, '2026-12-05')).toBe(false);
  });

  it('knows real days and the day in Paris', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay("2026-01-01' OR 1=1")).toBe(false);
    expect(parisToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
