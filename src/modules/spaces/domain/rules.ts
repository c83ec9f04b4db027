import { holidayOn } from '../../../platform/calendar/holidays.js';
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
  /** Bookings per household per week (Monday–Sunday, Paris); null: no such quota. */
  weeklyQuotaBookings: number | null;
  /** Minutes and bookings per household per calendar month (Paris); null: no such quota. */
  monthlyQuotaMinutes: number | null;
  monthlyQuotaBookings: number | null;
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

/** The quotas a household is held to, each counted over a Paris week or calendar month. */
export const QUOTAS = [
  { key: 'weeklyQuotaMinutes', period: 'week', unit: 'hours', code: 'spaces.error.quota' },
  { key: 'weeklyQuotaBookings', period: 'week', unit: 'bookings', code: 'spaces.error.quotaWeekBookings' },
  { key: 'monthlyQuotaMinutes', period: 'month', unit: 'hours', code: 'spaces.error.quotaMonthHours' },
  { key: 'monthlyQuotaBookings', period: 'month', unit: 'bookings', code: 'spaces.error.quotaMonthBookings' },
] as const;
export type QuotaKey = (typeof QUOTAS)[number]['key'];

/** The first day of the month of a day, and of the next month. */
export function monthBounds(date: LocalDate): { first: LocalDate; next: LocalDate } {
  const [y, m] = date.split('-').map(Number);
  const first = `${y}-${String(m).padStart(2, '0')}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { first, next };
}

/** The window a quota counts over for a day: its week (Monday to Monday) or its calendar month, in Paris. */
export function quotaWindow(period: 'week' | 'month', date: LocalDate): { from: Date; to: Date } {
  if (period === 'week') {
    const monday = addDays(date, 1 - weekday(date));
    return { from: parisInstant(monday, 0), to: parisInstant(addDays(monday, 7), 0) };
  }
  const { first, next } = monthBounds(date);
  return { from: parisInstant(first, 0), to: parisInstant(next, 0) };
}

export type QuotaBooking = { start: Date; end: Date; resourceId: string };

/**
 * Checks a new slot against every quota of the rules: hours and bookings, per week and per calendar
 * month. `mine` are the household's other bookings of the space (stored and planned); a quota the
 * resource sets for itself (`ownKeys`) counts that resource's bookings only, the space's counts them all.
 * Hours quotas count the minutes inside the window, bookings quotas the bookings starting in it.
 */
export function quotaProblem(
  rules: SpaceRules,
  ownKeys: ReadonlySet<QuotaKey>,
  resourceId: string,
  mine: QuotaBooking[],
  slot: { date: LocalDate; start: Date; end: Date },
): RuleError | null {
  for (const q of QUOTAS) {
    const limit = rules[q.key];
    if (limit === null || limit === undefined) continue;
    const { from, to } = quotaWindow(q.period, slot.date);
    const counted = ownKeys.has(q.key) ? mine.filter((b) => b.resourceId === resourceId) : mine;
    if (q.unit === 'hours') {
      const used = minutesWithin(counted, from, to);
      const minutes = minutesWithin([slot], from, to);
      if (used + minutes > limit) return { field: 'minutes', code: q.code, values: { used: Math.round((used / 60) * 100) / 100, quota: Math.round((limit / 60) * 100) / 100 } };
    } else {
      const used = counted.filter((b) => b.start >= from && b.start < to).length;
      if (used + 1 > limit) return { field: 'date', code: q.code, values: { used, quota: limit } };
    }
  }
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
