/** A calendar day, "2026-12-05". */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day (not "2026-02-30"). */
export function isDay(s: string): s is Day {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * The answer is owed "within one month of receipt" (GDPR art. 12(3)): the same day of the next
 * month, or that month's last day when it has no such day (31 January → 28 or 29 February).
 */
export function dueDate(received: Day): Day {
  const [y, m, d] = received.split('-').map(Number);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Today in Paris, whatever the server's time zone. */
export function parisToday(now = new Date()): Day {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export const OPEN_STATUSES = ['received', 'in_progress'] as const;

/** A request still open after its due day is overdue. */
export function isOverdue(r: { status: string; due_on: Day }, today: Day): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(r.status) && r.due_on < today;
}
