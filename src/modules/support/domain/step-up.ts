/** What opening a case asks of the person's second factor. */
export type StepUp = 'ok' | 'verify' | 'enrol';

/**
 * Sensitive and highly sensitive programmes open only in a session where the person gave a code
 * from their authenticator app (step-up) — for the session, or for HIGHLY_SENSITIVE_MINUTES on a
 * highly sensitive programme. In production everyone who reaches them must have one
 * (no second factor: enrol first). In development and tests, a person without a second factor is
 * let through, as the platform's enrolment rule does, so the demo accounts keep working; anyone who
 * has one is asked for it.
 */
export function stepUpDecision(p: { sensitivity: string; totpEnabled: boolean; steppedUp: boolean; production: boolean; minutesSinceStepUp?: number | null }): StepUp {
  if (p.sensitivity === 'normal') return 'ok';
  if (!p.totpEnabled) return p.production ? 'enrol' : 'ok';
  if (!p.steppedUp) return 'verify';
  // Highly sensitive (domestic violence, mental health): a code no older than HIGHLY_SENSITIVE_MINUTES,
  // so a session left open on a shared desk does not keep those cases open all day.
  if (p.sensitivity === 'highly_sensitive' && (p.minutesSinceStepUp ?? Number.POSITIVE_INFINITY) > HIGHLY_SENSITIVE_MINUTES) return 'verify';
  return 'ok';
}

/** How long a step-up opens the cases of a highly sensitive programme; sensitive ones keep it for the session. */
export const HIGHLY_SENSITIVE_MINUTES = 15;

const TARGET_PATH = /^\/support\/(cases|sessions)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** Where to go after the code: a case page or a commission session's page, nothing else (no open redirect). */
export function stepUpNext(v: unknown): string {
  return typeof v === 'string' && TARGET_PATH.test(v) ? v : '/support/cases';
}

/** What a step-up protects: a case, or a commission session or decision (a dossier carries a household's facts). */
export type StepUpTarget = { kind: 'case' | 'session' | 'decision'; id: string };

/** The case or session a `next` address leads to, for the step-up's audit. */
export function stepUpTargetOf(next: string): StepUpTarget | null {
  const m = TARGET_PATH.exec(next);
  if (!m) return null;
  return { kind: m[1] === 'sessions' ? 'session' : 'case', id: m[2] };
}
