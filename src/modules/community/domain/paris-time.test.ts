import { describe, expect, it } from 'vitest';
import { addDays, parisDate, parisTime, parisToInstant } from './paris-time.js';

describe('Paris wall-clock time', () => {
  it('converts winter (UTC+1) and summer (UTC+2) times', () => {
    expect(parisToInstant('2026-01-15', '14:00').toISOString()).toBe('2026-01-15T13:00:00.000Z');
    expect(parisToInstant('2026-07-15', '14:00').toISOString()).toBe('2026-07-15T12:00:00.000Z');
  });

  it('keeps 18:00 at 18:00 on both sides of the March and October changes', () => {
    expect(parisToInstant('2026-03-28', '18:00').toISOString()).toBe('2026-03-28T17:00:00.000Z');
    expect(parisToInstant('2026-03-29', '18:00').toISOString()).toBe('2026-03-29T16:00:00.000Z');
    expect(parisToInstant('2026-10-24', '18:00').toISOString()).toBe('2026-10-24T16:00:00.000Z');
    expect(parisToInstant('2026-10-25', '18:00').toISOString()).toBe('2026-10-25T17:00:00.000Z');
  });

  it('reads an instant back as a Paris date and time', () => {
    const d = new Date('2026-12-31T23:30:00Z');
    expect(parisDate(d)).toBe('2027-01-01');
    expect(parisTime(d)).toBe('00:30');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
  });
});
