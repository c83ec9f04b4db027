// Opening hours and slots are wall-clock times in Paris; instants are stored. These helpers cross
// between the two with the platform's time-zone database (Intl), so DST days come out right.

const ZONE = 'Europe/Paris';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A calendar day as 'YYYY-MM-DD'. */
export type LocalDate = string;

function fields(d: Date): { y: number; m: number; day: number; h: number; min: number; s: number } {
  const p: Record<string, number> = {};
  for (const x of parts.formatToParts(d)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year, m: p.month, day: p.day, h: p.hour, min: p.minute, s: p.second };
}

// Paris changes offset only on a whole UTC hour, so the offset of an hour serves all its instants.
// formatToParts is slow (tens of µs); slot grids ask for thousands of offsets.
const offsets = new Map<number, number>();

/** Minutes that Paris is ahead of UTC at this instant (60 in winter, 120 in summer). */
function offsetMinutes(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const f = fields(new Date(hour * 3_600_000));
    offset = Math.round((Date.UTC(f.y, f.m - 1, f.day, f.h, f.min, f.s) - hour * 3_600_000) / 60_000);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The Paris calendar day and the minutes since its midnight of an instant. */
export function parisParts(d: Date): { date: LocalDate; minutes: number } {
  const local = new Date(d.getTime() + offsetMinutes(d.getTime()) * 60_000);
  return { date: local.toISOString().slice(0, 10), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/**
 * The instant of a Paris wall-clock time. `minutes` may reach 1440 (midnight ending the day).
 * A time skipped by the spring change resolves to the instant after the jump.
 */
export function parisInstant(date: LocalDate, minutes: number): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const first = wall - offsetMinutes(wall) * 60_000;
  const second = wall - offsetMinutes(first) * 60_000;
  return new Date(offsetMinutes(second) === offsetMinutes(first) ? second : Math.max(first, second));
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday that starts the week of a day. */
export function weekStart(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekday(date));
}

export function isLocalDate(s: string): s is LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return addDays(s, 0) === s;
}

/** 'HH:MM' → minutes since midnight, or null. */
export function parseTime(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

export function formatTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
