import { describe, expect, it } from 'vitest';
import { holidayOn } from '../../../platform/calendar/holidays.js';
import { addDays, parisInstant, parisParts, weekStart } from './paris-time.js';
import { type OpeningInterval, type SpaceRules, checkRequest, daySlots, freeUnit, minutesWithin } from './rules.js';

const rules: SpaceRules = { slotMinutes: 60, minMinutes: 60, maxMinutes: 180, horizonDays: 30, noticeMinutes: 60, cancelNoticeMinutes: 120, weeklyQuotaMinutes: 600, weeklyQuotaBookings: null, monthlyQuotaMinutes: null, monthlyQuotaBookings: null, bufferMinutes: 0, holidaysClosed: true };
// Monday to Friday, 9–12 and 14–18; Saturday 9–12.
const hours: OpeningInterval[] = [1, 2, 3, 4, 5].flatMap((d) => [
  { weekday: d, opens: 540, closes: 720 },
  { weekday: d, opens: 840, closes: 1080 },
]).concat([{ weekday: 6, opens: 540, closes: 720 }]);
const now = new Date('2027-03-01T08:00:00Z');
const ask = (date: string, start: number, minutes: number) => checkRequest(rules, hours, [], { date, startMinutes: start, minutes, resourceId: 'r' }, now, { staff: false });

describe('Paris wall-clock time', () => {
  it('turns a wall time into the right instant in winter and summer', () => {
    expect(parisInstant('2027-01-12', 540).toISOString()).toBe('2027-01-12T08:00:00.000Z');
    expect(parisInstant('2027-07-12', 540).toISOString()).toBe('2027-07-12T07:00:00.000Z');
    expect(parisParts(new Date('2027-07-12T22:30:00Z'))).toEqual({ date: '2027-07-13', minutes: 30 });
  });

  it('counts the real length of a morning on the day clocks go forward and back', () => {
    const spring = (parisInstant('2027-03-28', 240).getTime() - parisInstant('2027-03-28', 60).getTime()) / 3_600_000;
    const autumn = (parisInstant('2027-10-31', 240).getTime() - parisInstant('2027-10-31', 60).getTime()) / 3_600_000;
    expect([spring, autumn]).toEqual([2, 4]);
  });

  it('finds the Monday of a week across a month end', () => {
    expect(weekStart('2027-03-03')).toBe('2027-03-01');
    expect(weekStart('2027-02-28')).toBe('2027-02-22');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });
});

describe('public holidays come from the library', () => {
  it('knows fixed and Easter-based holidays, on the right day across DST', () => {
    expect(holidayOn('2027-07-14')).toBe('Fête Nationale');
    // Easter 2027 is 28 March, the very day clocks go forward; Ascension is 39 days later.
    expect(holidayOn('2027-03-29')).toBe('Lundi de Pâques');
    expect(holidayOn('2027-05-06')).toBe('Ascension');
    expect(holidayOn('2027-05-07')).toBeNull();
  });
});

describe('checkRequest', () => {
  it('accepts a slot inside opening hours', () => {
    expect(ask('2027-03-02', 540, 120)).toBeNull();
  });

  it('refuses, each with its own reason: past, notice, horizon, holiday, closed day, outside hours, durations', () => {
    expect(ask('2027-02-26', 540, 60)?.code).toBe('spaces.error.past');
    expect(ask('2027-03-01', 540, 60)?.code).toBe('spaces.error.notice');
    expect(ask('2027-04-15', 540, 60)?.code).toBe('spaces.error.horizon');
    expect(checkRequest({ ...rules, horizonDays: 90 }, hours, [], { date: '2027-03-29', startMinutes: 540, minutes: 60, resourceId: 'r' }, now, { staff: false })?.code).toBe('spaces.error.holiday');
    expect(ask('2027-03-07', 540, 60)?.code).toBe('spaces.error.closedDay');
    expect(ask('2027-03-02', 660, 120)?.code).toBe('spaces.error.outsideHours');
    expect(ask('2027-03-02', 570, 60)?.code).toBe('spaces.error.outsideHours');
    expect(ask('2027-03-02', 540, 30)?.code).toBe('spaces.error.tooShort');
    expect(ask('2027-03-02', 540, 240)?.code).toBe('spaces.error.tooLong');
  });

  it('refuses a booking running past midnight, even where the evening is open', () => {
    const late: OpeningInterval[] = [{ weekday: 2, opens: 1080, closes: 1440 }, { weekday: 3, opens: 0, closes: 120 }];
    const r = checkRequest(rules, late, [], { date: '2027-03-02', startMinutes: 1380, minutes: 120, resourceId: 'r' }, now, { staff: false });
    expect(r).toEqual({ field: 'start', code: 'spaces.error.outsideHours' });
  });

  it('refuses a closure of the whole space or of that resource, not of another resource', () => {
    const c = { start: parisInstant('2027-03-02', 600), end: parisInstant('2027-03-02', 660), reason: 'Ménage' };
    expect(checkRequest(rules, hours, [{ ...c, resourceId: null }], { date: '2027-03-02', startMinutes: 540, minutes: 120, resourceId: 'r' }, now, { staff: false })?.code).toBe('spaces.error.closure');
    expect(checkRequest(rules, hours, [{ ...c, resourceId: 'other' }], { date: '2027-03-02', startMinutes: 540, minutes: 120, resourceId: 'r' }, now, { staff: false })).toBeNull();
  });

  it('lets staff book a walk-in slot already under way', () => {
    const inSlot = new Date('2027-03-02T08:30:00Z');
    expect(checkRequest(rules, hours, [], { date: '2027-03-02', startMinutes: 540, minutes: 60, resourceId: 'r' }, inSlot, { staff: true })).toBeNull();
    expect(checkRequest(rules, hours, [], { date: '2027-03-02', startMinutes: 540, minutes: 60, resourceId: 'r' }, inSlot, { staff: false })?.code).toBe('spaces.error.past');
  });
});

describe('slots, units and quotas', () => {
  it('cuts the opening hours into slots, none on a holiday', () => {
    expect(daySlots(rules, hours, '2027-03-02').map((s) => s.startMinutes)).toEqual([540, 600, 660, 840, 900, 960, 1020]);
    expect(daySlots(rules, hours, '2027-07-14')).toEqual([]);
  });

  it('gives the first seat nobody holds at that time', () => {
    const at = (h: number) => new Date(Date.UTC(2027, 2, 2, h));
    const held = [{ unit: 1, start: at(8), end: at(10) }, { unit: 2, start: at(9), end: at(10) }, { unit: 3, start: at(10), end: at(11) }];
    expect(freeUnit(3, held, at(9), at(10))).toBe(3);
    expect(freeUnit(2, held, at(9), at(10))).toBeNull();
    expect(freeUnit(3, held, at(10), at(11))).toBe(1);
  });

  it('counts only the minutes inside the window', () => {
    const from = new Date('2027-03-01T00:00:00Z');
    const to = new Date('2027-03-08T00:00:00Z');
    expect(minutesWithin([{ start: new Date('2027-02-28T23:00:00Z'), end: new Date('2027-03-01T01:00:00Z') }, { start: new Date('2027-03-03T09:00:00Z'), end: new Date('2027-03-03T12:00:00Z') }], from, to)).toBe(240);
  });
});
