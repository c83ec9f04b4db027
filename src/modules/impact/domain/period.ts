import { dateFormat } from '../../../platform/i18n/intl-cache.js';

/** A reporting period: [from, to) as ISO dates, a year and optionally one of its quarters or months. */
export type Period = {
  year: number;
  quarter: number | null;
  /** 1–12 for a month (its quarter is then set too), else null. */
  month?: number | null;
  from: string;
  to: string;
};

const iso = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

/** The period of a year, or of one quarter of it. */
export function periodOf(year: number, quarter: number | null = null): Period {
  if (quarter === null) return { year, quarter, from: iso(year, 1), to: iso(year + 1, 1) };
  const start = 1 + (quarter - 1) * 3;
  return {
    year,
    quarter,
    from: iso(year, start),
    to: start + 3 > 12 ? iso(year + 1, 1) : iso(year, start + 3),
  };
}

/** One calendar month. */
export function monthOf(year: number, month: number): Period {
  return { year, quarter: Math.ceil(month / 3), month, from: iso(year, month), to: month === 12 ? iso(year + 1, 1) : iso(year, month + 1) };
}

/** The period just before, of the same length, for comparisons. */
export function previousPeriod(p: Period): Period {
  if (p.month) return p.month === 1 ? monthOf(p.year - 1, 12) : monthOf(p.year, p.month - 1);
  if (p.quarter === null) return periodOf(p.year - 1);
  return p.quarter === 1 ? periodOf(p.year - 1, 4) : periodOf(p.year, p.quarter - 1);
}

/** Reads ?year=&quarter=&month= leniently: anything out of range falls back to the current year, whole; a month wins over a quarter. */
export function parsePeriod(year: string | undefined, quarter: string | undefined, now = new Date(), month?: string): Period {
  const thisYear = Number(
    dateFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(now),
  );
  const y = Number(year);
  const q = Number(quarter);
  const m = Number(month);
  if (Number.isInteger(m) && m >= 1 && m <= 12) return monthOf(Number.isInteger(y) && y >= 2000 && y <= thisYear + 1 ? y : thisYear, m);
  return periodOf(Number.isInteger(y) && y >= 2000 && y <= thisYear + 1 ? y : thisYear, Number.isInteger(q) && q >= 1 && q <= 4 ? q : null);
}

/** The instant a Paris calendar day starts (periods are Paris dates; the offset is +01:00 or +02:00). */
export function parisMidnight(isoDate: string): Date {
  const guess = new Date(`${isoDate}T00:00:00Z`);
  const parts = dateFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(guess);
  // Paris is ahead of UTC by the hour it shows at 00:00 UTC.
  return new Date(guess.getTime() - Number(parts) * 3_600_000);
}
