/**
 * Subscription changes take effect at a period boundary (a calendar month): a pause starts on the
 * first of next month, a resume ends the pause at the end of this month, a cancellation ends the
 * subscription at the end of a month the subscriber chooses. Dates are 'YYYY-MM-DD' in Paris time.
 */
export type Pause = { id: string; starts_on: string; ends_on: string | null };
export type SubscriptionFacts = { status: 'active' | 'cancelled'; starts_on: string; ends_on: string | null };

export type SubscriptionState = 'active' | 'pause_scheduled' | 'paused' | 'ending' | 'ended';
export type ChangeError = 'concierge.error.alreadyPaused' | 'concierge.error.notPaused' | 'concierge.error.cancelled' | 'concierge.error.endsOn';

function ymd(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** The last day of the month of `date`, `plus` months later. */
export function monthEnd(date: string, plus = 0): string {
  const [y, m] = date.split('-').map(Number);
  return ymd(y, m + plus + 1, 0);
}

/** The first day of the month after `date`'s. */
export function nextMonthStart(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return ymd(y, m + 1, 1);
}

/** The pause in force or scheduled on or after `today` (pauses never overlap: one open at a time). */
export function openPause(pauses: Pause[], today: string): Pause | null {
  return pauses.find((p) => p.ends_on === null || p.ends_on >= today) ?? null;
}

/** Where a subscription stands today. */
export function stateOn(sub: SubscriptionFacts, pauses: Pause[], today: string): SubscriptionState {
  if (sub.ends_on && sub.ends_on < today) return 'ended';
  const pause = openPause(pauses, today);
  if (pause && pause.starts_on <= today) return 'paused';
  if (sub.status === 'cancelled') return 'ending';
  return pause ? 'pause_scheduled' : 'active';
}

/** Month ends a cancellation may choose: the end of this month and of the next `count - 1`. */
export function endChoices(today: string, count = 4): string[] {
  return Array.from({ length: count }, (_, i) => monthEnd(today, i));
}

export type Change =
  | { kind: 'pause'; startsOn: string }
  | { kind: 'withdraw_pause'; pauseId: string; effectiveOn: string }
  | { kind: 'resume'; pauseId: string; endsOn: string; effectiveOn: string }
  | { kind: 'cancel'; endsOn: string };

/** Decides a pause: from the first of next month, on a subscription neither cancelled nor already paused. */
export function planPause(sub: SubscriptionFacts, pauses: Pause[], today: string): Change | { error: ChangeError } {
  if (sub.status === 'cancelled') return { error: 'concierge.error.cancelled' };
  if (openPause(pauses, today)) return { error: 'concierge.error.alreadyPaused' };
  return { kind: 'pause', startsOn: nextMonthStart(today) };
}

/** Decides a resume: a pause not yet begun is withdrawn; one in force ends with this month. */
export function planResume(_sub: SubscriptionFacts, pauses: Pause[], today: string): Change | { error: ChangeError } {
  const pause = openPause(pauses, today);
  if (!pause || (pause.ends_on !== null && pause.ends_on <= monthEnd(today) && pause.starts_on <= today)) return { error: 'concierge.error.notPaused' };
  if (pause.starts_on > today) return { kind: 'withdraw_pause', pauseId: pause.id, effectiveOn: pause.starts_on };
  return { kind: 'resume', pauseId: pause.id, endsOn: monthEnd(today), effectiveOn: nextMonthStart(today) };
}

/** Decides a cancellation at the end of a chosen month (this one or one of the next three). */
export function planCancel(sub: SubscriptionFacts, today: string, endsOn: string): Change | { error: ChangeError } {
  if (sub.status === 'cancelled') return { error: 'concierge.error.cancelled' };
  if (!endChoices(today).includes(endsOn)) return { error: 'concierge.error.endsOn' };
  return { kind: 'cancel', endsOn };
}

/** Is the subscription paused for the whole month starting `monthStart` (no fee that month)? */
export function pausedForMonth(pauses: Pause[], monthStart: string): boolean {
  return pauses.some((p) => p.starts_on <= monthStart && (p.ends_on === null || p.ends_on >= monthEnd(monthStart)));
}
