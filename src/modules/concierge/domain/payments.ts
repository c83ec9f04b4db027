/**
 * Payments against what is owed, in integer cents. The rule for too much: a payment never exceeds
 * what is still owed (a statement's outstanding amount, or what remains to pay a provider). A surplus
 * is refused with the amount still owed, so nobody keeps an unexplained credit: pay the rest with the
 * next statement.
 */

export const PAYMENT_METHODS = ['cash', 'transfer', 'direct_debit', 'cheque'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What a statement still awaits: its amount, less its credit note (negative), less the payments (net of reversals). */
export function outstandingCents(s: { grossCents: number; creditedCents: number; paidCents: number }): number {
  for (const n of [s.grossCents, s.creditedCents, s.paidCents]) if (!Number.isSafeInteger(n)) throw new RangeError('amounts are integer cents');
  return s.grossCents + s.creditedCents - s.paidCents;
}

export type PaymentCheck = { ok: true } | { ok: false; error: 'amount_not_positive' | 'amount_over_outstanding' };

/** Whether a payment of `amountCents` may be recorded against `outstanding` cents still owed. */
export function checkPayment(amountCents: number, outstanding: number): PaymentCheck {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, error: 'amount_not_positive' };
  if (amountCents > outstanding) return { ok: false, error: 'amount_over_outstanding' };
  return { ok: true };
}

/**
 * An amount typed by a person in euros ("12", "12,5", "12.50", "1 234,56") as integer cents, without
 * floating point; null when it is not one (negative, more than two decimals, letters).
 */
export function eurosToCents(text: string): number | null {
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
