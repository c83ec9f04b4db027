/** The life of a concierge request, from the resident's ask to the hand-over. */
export const REQUEST_STATUSES = ['submitted', 'dispatched', 'accepted', 'declined', 'done', 'closed', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_EVENTS = ['dispatch', 'accept', 'decline', 'complete', 'hand_over', 'cancel'] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** Who acts: the resident (or staff for them), the concierge, or the provider (or the concierge relaying its answer). */
export type Side = 'resident' | 'concierge' | 'provider';

type Rule = { from: RequestStatus[]; to: RequestStatus; sides: Side[]; reason: boolean };

// A declined request goes back to the concierge, who dispatches it to another provider.
// Providers "cancel" by declining, even after accepting; residents cancel until the work is done.
const RULES: Record<RequestEvent, Rule> = {
  dispatch: { from: ['submitted', 'declined'], to: 'dispatched', sides: ['concierge'], reason: false },
  accept: { from: ['dispatched'], to: 'accepted', sides: ['provider', 'concierge'], reason: false },
  decline: { from: ['dispatched', 'accepted'], to: 'declined', sides: ['provider', 'concierge'], reason: true },
  complete: { from: ['accepted'], to: 'done', sides: ['provider', 'concierge'], reason: false },
  hand_over: { from: ['done'], to: 'closed', sides: ['concierge'], reason: false },
  cancel: { from: ['submitted', 'dispatched', 'accepted', 'declined'], to: 'cancelled', sides: ['resident', 'concierge'], reason: true },
};

export type TransitionResult = { ok: true; to: RequestStatus } | { ok: false; error: 'not_allowed_now' | 'not_your_side' | 'reason_required' };

/** Decides whether `event` by `side` may move a request out of `from`; pure, so every pair is testable. */
export function transition(from: RequestStatus, event: RequestEvent, side: Side, reason?: string | null): TransitionResult {
  const rule = RULES[event];
  if (!rule.from.includes(from)) return { ok: false, error: 'not_allowed_now' };
  if (!rule.sides.includes(side)) return { ok: false, error: 'not_your_side' };
  if (rule.reason && !reason?.trim()) return { ok: false, error: 'reason_required' };
  return { ok: true, to: rule.to };
}

/** The events a side may trigger now: the buttons a page shows. */
export function eventsFor(from: RequestStatus, side: Side): RequestEvent[] {
  return REQUEST_EVENTS.filter((e) => RULES[e].from.includes(from) && RULES[e].sides.includes(side));
}

export function needsReason(event: RequestEvent): boolean {
  return RULES[event].reason;
}

/** Still in someone's hands: counts toward the work queue and the late flag. */
export function isOpen(status: RequestStatus): boolean {
  return status !== 'closed' && status !== 'cancelled';
}

/** Late when still open past the service's target delay. */
export function isLate(status: RequestStatus, createdAt: Date, targetHours: number, now: Date): boolean {
  return isOpen(status) && status !== 'done' && now.getTime() - createdAt.getTime() > targetHours * 3_600_000;
}
