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

export type Owed = { id: string; outstandingCents: number };

/**
 * One payment spread over several statements, oldest first (the caller passes them in that order):
 * each is paid in full before the next gets anything. Null when the amount is not positive or exceeds
 * the total owed — the same rule for too much as for one statement.
 */
export function allocateOldestFirst(amountCents: number, owed: Owed[]): { id: string; cents: number }[] | null {
  const total = owed.reduce((s, o) => s + Math.max(0, o.outstandingCents), 0);
  if (!checkPayment(amountCents, total).ok) return null;
  const out: { id: string; cents: number }[] = [];
  let left = amountCents;
  for (const o of owed) {
    if (left === 0) break;
    const cents = Math.min(left, Math.max(0, o.outstandingCents));
    if (cents > 0) out.push({ id: o.id, cents });
    left -= cents;
  }
  return out;
}
