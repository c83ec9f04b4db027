/** What opening a case asks of the person's second factor. */
export type StepUp = 'ok' | 'verify' | 'enrol';

/**
 * Sensitive and highly sensitive programmes open only in a session where the person gave a code
 * from their authenticator app (step-up). In production everyone who reaches them must have one
 * (no second factor: enrol first). In development and tests, a person without a second factor is
 * let through, as the platform's enrolment rule does, so the demo accounts keep working; anyone who
 * has one is asked for it.
 */
export function stepUpDecision(p: { sensitivity: string; totpEnabled: boolean; steppedUp: boolean; production: boolean }): StepUp {
  if (p.sensitivity === 'normal') return 'ok';
  if (!p.totpEnabled) return p.production ? 'enrol' : 'ok';
  return p.steppedUp ? 'ok' : 'verify';
}

const CASE_PATH = /^\/support\/cases\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Where to go after the code: a case page, nothing else (no open redirect). */
export function stepUpNext(v: unknown): string {
  return typeof v === 'string' && CASE_PATH.test(v) ? v : '/support/cases';
}
