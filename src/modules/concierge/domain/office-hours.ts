/** Recurring office hours (ISO weekday, local Paris times) and the closures that cancel a date. */
export type OfficeHour = { weekday: number; startsAt: string; endsAt: string; place: string };
export type NextSession = { date: string; weekday: number; startsAt: string; endsAt: string; place: string };

const PARIS = 'Europe/Paris';

// Made once: building a formatter with a time zone costs more than formatting with it.
const PARIS_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The calendar date and ISO weekday of an instant in Paris. */
export function parisDay(at: Date): { date: string; weekday: number; time: string } {
  const parts = PARIS_PARTS.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, weekday, time: `${get('hour')}:${get('minute')}` };
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The next `count` sessions from `now` (today's counts while it has not ended), skipping closed dates. */
export function nextSessions(hours: OfficeHour[], closures: string[], now: Date, count: number): NextSession[] {
  const today = parisDay(now);
  const out: NextSession[] = [];
  for (let i = 0; i < 70 && out.length < count; i++) {
    const date = addDays(today.date, i);
    const weekday = ((today.weekday - 1 + i) % 7) + 1;
    if (closures.includes(date)) continue;
    const sorted = hours.filter((h) => h.weekday === weekday).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    for (const h of sorted) {
      if (i === 0 && h.endsAt.slice(0, 5) <= today.time) continue;
      if (out.length < count) out.push({ date, weekday, startsAt: h.startsAt.slice(0, 5), endsAt: h.endsAt.slice(0, 5), place: h.place });
    }
  }
  return out;
}

/** Whether the counter is open at `now`: the session under way, if any. */
export function sessionNow(hours: OfficeHour[], closures: string[], now: Date): NextSession | null {
  const today = parisDay(now);
  const next = nextSessions(hours, closures, now, 1)[0];
  return next && next.date === today.date && next.startsAt <= today.time ? next : null;
}
