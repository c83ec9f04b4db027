import { holidayOn } from './holidays.js';
import { addDays, type LocalDate, parisInstant, parisParts, weekday } from './paris-time.js';

/** A space's booking rules, as the programme manager set them. */
export type SpaceRules = {
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  horizonDays: number;
  noticeMinutes: number;
  cancelNoticeMinutes: number;
  weeklyQuotaMinutes: number | null;
  bufferMinutes: number;
  holidaysClosed: boolean;
};

/** One opening interval of a weekday, in minutes since midnight (Paris). */
export type OpeningInterval = { weekday: number; opens: number; closes: number };
export type Closure = { start: Date; end: Date; resourceId: string | null; reason: string };

export type RuleError = { field: 'date' | 'start' | 'minutes'; code: string; values?: Record<string, string | number> };

export type BookingRequest = { date: LocalDate; startMinutes: number; minutes: number; resourceId: string };

/** The opening intervals of a day, or none when it is a closed weekday or a public holiday (if the space closes then). */
export function openingsOn(rules: SpaceRules, hours: OpeningInterval[], date: LocalDate): OpeningInterval[] {
  if (rules.holidaysClosed && holidayOn(date)) return [];
  return hours.filter((h) => h.weekday === weekday(date)).sort((a, b) => a.opens - b.opens);
}

/** The slots offered on a day: each opening interval cut into slot-length pieces. */
export function daySlots(rules: SpaceRules, hours: OpeningInterval[], date: LocalDate): { startMinutes: number; start: Date; end: Date }[] {
  const out: { startMinutes: number; start: Date; end: Date }[] = [];
  for (const h of openingsOn(rules, hours, date)) {
    for (let m = h.opens; m + rules.slotMinutes <= h.closes; m += rules.slotMinutes) {
      out.push({ startMinutes: m, start: parisInstant(date, m), end: parisInstant(date, m + rules.slotMinutes) });
    }
  }
  return out;
}

/**
 * Checks a request against the rules that need no other booking: time, duration, hours, holidays,
 * closures. Staff at the counter may book a slot already under way (a walk-in) and skip the notice.
 */
export function checkRequest(
  rules: SpaceRules,
  hours: OpeningInterval[],
  closures: Closure[],
  req: BookingRequest,
  now: Date,
  opts: { staff: boolean },
): RuleError | null {
  const { date, startMinutes, minutes } = req;
  if (minutes < rules.minMinutes) return { field: 'minutes', code: 'spaces.error.tooShort', values: { minutes: rules.minMinutes } };
  if (minutes > rules.maxMinutes) return { field: 'minutes', code: 'spaces.error.tooLong', values: { minutes: rules.maxMinutes } };
  if (minutes % rules.slotMinutes !== 0) return { field: 'minutes', code: 'spaces.error.slotMultiple', values: { minutes: rules.slotMinutes } };
  const start = parisInstant(date, startMinutes);
  const end = parisInstant(date, startMinutes + minutes);
  if (opts.staff ? end <= now : start < now) return { field: 'start', code: 'spaces.error.past' };
  if (!opts.staff && start.getTime() < now.getTime() + rules.noticeMinutes * 60_000) return { field: 'start', code: 'spaces.error.notice', values: { minutes: rules.noticeMinutes } };
  const lastDay = addDays(parisParts(now).date, rules.horizonDays);
  if (date > lastDay) return { field: 'date', code: 'spaces.error.horizon', values: { days: rules.horizonDays } };
  const holiday = holidayOn(date);
  if (rules.holidaysClosed && holiday) return { field: 'date', code: 'spaces.error.holiday', values: { name: holiday } };
  const openings = openingsOn(rules, hours, date);
  if (openings.length === 0) return { field: 'date', code: 'spaces.error.closedDay' };
  // A booking must sit inside one opening interval: this also refuses one that runs past midnight.
  const inside = openings.some((h) => startMinutes >= h.opens && startMinutes + minutes <= h.closes && (startMinutes - h.opens) % rules.slotMinutes === 0);
  if (!inside) return { field: 'start', code: 'spaces.error.outsideHours' };
  const closed = closures.find((c) => (c.resourceId === null || c.resourceId === req.resourceId) && c.start < end && start < c.end);
  if (closed) return { field: 'start', code: 'spaces.error.closure', values: { reason: closed.reason || '—' } };
  return null;
}

/** Minutes a set of bookings takes inside a window. */
export function minutesWithin(bookings: { start: Date; end: Date }[], from: Date, to: Date): number {
  let total = 0;
  for (const b of bookings) {
    const s = Math.max(b.start.getTime(), from.getTime());
    const e = Math.min(b.end.getTime(), to.getTime());
    if (e > s) total += (e - s) / 60_000;
  }
  return total;
}

/**
 * The first unit (seat number) of a resource that no held range overlaps, or null when all are taken.
 * The database's exclusion constraint is the guarantee; this picks a unit that will pass it.
 */
export function freeUnit(units: number, held: { unit: number; start: Date; end: Date }[], start: Date, end: Date): number | null {
  const taken = new Set(held.filter((h) => h.start < end && start < h.end).map((h) => h.unit));
  for (let u = 1; u <= units; u++) if (!taken.has(u)) return u;
  return null;
}
