// Events are planned in the wall-clock time of Paris; storage is UTC. These conversions follow the
// zone's daylight-saving changes through Intl (the platform's tz database), never a fixed offset.
const TZ = 'Europe/Paris';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function wallClock(d: Date): { date: string; time: string; utcMs: number } {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    utcMs: Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute),
  };
}

/** The instant at which Paris clocks show `date` (YYYY-MM-DD) and `time` (HH:MM). */
export function parisToInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  let guess = naive;
  // Two rounds settle the offset even when the first guess lands on the other side of a change.
  for (let i = 0; i < 2; i++) {
    const offset = wallClock(new Date(guess)).utcMs - Math.floor(guess / 60000) * 60000;
    guess = naive - offset;
  }
  return new Date(guess);
}

/** The Paris calendar date (YYYY-MM-DD) of an instant. */
export function parisDate(d: Date): string {
  return wallClock(d).date;
}

/** The Paris clock time (HH:MM) of an instant. */
export function parisTime(d: Date): string {
  return wallClock(d).time;
}

/** The calendar date `days` after `date`, both YYYY-MM-DD (calendar arithmetic, no clock involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
