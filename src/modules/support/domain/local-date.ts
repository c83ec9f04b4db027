import { dateFormat } from '../../../platform/i18n/intl-cache.js';

/** A calendar day in Paris, as 'YYYY-MM-DD'; arithmetic is done at UTC noon so no time zone moves the day. */
export type LocalDate = string;

const at = (d: LocalDate) => new Date(`${d}T12:00:00Z`);
const iso = (d: Date): LocalDate => d.toISOString().slice(0, 10);

export function addDays(d: LocalDate, n: number): LocalDate {
  const x = at(d);
  x.setUTCDate(x.getUTCDate() + n);
  return iso(x);
}

/** The same day n months later, clamped to the month's end (31 January + 1 month = 28 or 29 February). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const x = at(d);
  const day = x.getUTCDate();
  x.setUTCDate(1);
  x.setUTCMonth(x.getUTCMonth() + n);
  const last = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0)).getUTCDate();
  x.setUTCDate(Math.min(day, last));
  return iso(x);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: LocalDate): number {
  return at(d).getUTCDay();
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((at(to).getTime() - at(from).getTime()) / 86_400_000);
}

/** Today in Paris. */
export function parisToday(now: Date = new Date()): LocalDate {
  return dateFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function firstOfMonth(d: LocalDate): LocalDate {
  return `${d.slice(0, 7)}-01`;
}
