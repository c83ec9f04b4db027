import { describe, expect, it } from 'vitest';
import { nextSessions, parisDay, sessionNow } from './office-hours.js';

const REMAVERT = [
  { weekday: 2, startsAt: '17:00:00', endsAt: '19:30:00', place: 'Salle Arc-en-Ciel' },
  { weekday: 4, startsAt: '17:00', endsAt: '19:30', place: 'Salle Arc-en-Ciel' },
];

describe('office hours, Tuesday and Thursday 17:00–19:30 in Paris', () => {
  it('reads the Paris date and weekday, across the winter offset', () => {
    // 23:30 UTC on Monday 30 November is already Tuesday in Paris.
    expect(parisDay(new Date('2026-11-30T23:30:00Z'))).toEqual({ date: '2026-12-01', weekday: 2, time: '00:30' });
  });

  it('lists the next sessions from a Friday', () => {
    const s = nextSessions(REMAVERT, [], new Date('2026-12-04T10:00:00Z'), 3);
    expect(s.map((x) => `${x.date} ${x.startsAt}-${x.endsAt}`)).toEqual(['2026-12-08 17:00-19:30', '2026-12-10 17:00-19:30', '2026-12-15 17:00-19:30']);
  });

  it('keeps today’s session until it ends, then moves on', () => {
    // Tuesday 8 December, 18:00 in Paris (17:00 UTC): open now.
    expect(sessionNow(REMAVERT, [], new Date('2026-12-08T17:00:00Z'))?.date).toBe('2026-12-08');
    // 19:45 in Paris: closed, next is Thursday.
    expect(sessionNow(REMAVERT, [], new Date('2026-12-08T18:45:00Z'))).toBeNull();
    expect(nextSessions(REMAVERT, [], new Date('2026-12-08T18:45:00Z'), 1)[0].date).toBe('2026-12-10');
    // 16:00 in Paris: not yet open, but today is the next session.
    expect(sessionNow(REMAVERT, [], new Date('2026-12-08T15:00:00Z'))).toBeNull();
    expect(nextSessions(REMAVERT, [], new Date('2026-12-08T15:00:00Z'), 1)[0].date).toBe('2026-12-08');
  });

  it('skips closed dates (public holidays, the concierge’s leave)', () => {
    const s = nextSessions(REMAVERT, ['2026-12-24', '2026-12-29', '2026-12-31'], new Date('2026-12-23T10:00:00Z'), 2);
    expect(s.map((x) => x.date)).toEqual(['2027-01-05', '2027-01-07']);
  });
});
