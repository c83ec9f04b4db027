import { describe, expect, it } from 'vitest';
import { allocateOldestFirst, checkPayment, eurosToCents, outstandingCents } from './payments.js';

describe('payments against what is owed', () => {
  it('outstanding = statement − credit note − payments, exactly', () => {
    expect(outstandingCents({ grossCents: 2_345, creditedCents: 0, paidCents: 0 })).toBe(2_345);
    expect(outstandingCents({ grossCents: 2_345, creditedCents: 0, paidCents: 2_000 })).toBe(345);
    expect(outstandingCents({ grossCents: 2_345, creditedCents: -2_345, paidCents: 0 })).toBe(0);
    // Paid, then credited: the household is owed its money back.
    expect(outstandingCents({ grossCents: 2_345, creditedCents: -2_345, paidCents: 2_345 })).toBe(-2_345);
    expect(() => outstandingCents({ grossCents: 1.5, creditedCents: 0, paidCents: 0 })).toThrow(RangeError);
  });

  it('refuses zero, negative, fractional and more than owed; accepts up to the cent owed', () => {
    expect(checkPayment(0, 500)).toEqual({ ok: false, error: 'amount_not_positive' });
    expect(checkPayment(-1, 500)).toEqual({ ok: false, error: 'amount_not_positive' });
    expect(checkPayment(1.5, 500)).toEqual({ ok: false, error: 'amount_not_positive' });
    expect(checkPayment(501, 500)).toEqual({ ok: false, error: 'amount_over_outstanding' });
    expect(checkPayment(1, 0)).toEqual({ ok: false, error: 'amount_over_outstanding' });
    expect(checkPayment(500, 500)).toEqual({ ok: true });
    expect(checkPayment(1, 500)).toEqual({ ok: true });
  });

  it('reads euros as typed in France into cents without floating point', () => {
    expect(eurosToCents('12')).toBe(1_200);
    expect(eurosToCents('12,5')).toBe(1_250);
    expect(eurosToCents('12.05')).toBe(1_205);
    expect(eurosToCents('1 234,56')).toBe(123_456);
    expect(eurosToCents('0,10')).toBe(10);
    expect(eurosToCents('4,35 €')).toBe(435);
    for (const bad of ['', '-3', '1,234', 'abc', '1e3', '12,', ',5']) expect(eurosToCents(bad)).toBeNull();
  });
});

describe('one payment over several statements', () => {
  const owed = [
    { id: 'jan', outstandingCents: 500 },
    { id: 'feb', outstandingCents: 0 },
    { id: 'mar', outstandingCents: 700 },
    { id: 'apr', outstandingCents: 300 },
  ];
  it('pays the oldest in full first, skips what is settled, and the parts add up to the payment', () => {
    expect(allocateOldestFirst(900, owed)).toEqual([
      { id: 'jan', cents: 500 },
      { id: 'mar', cents: 400 },
    ]);
    expect(allocateOldestFirst(1_500, owed)).toEqual([
      { id: 'jan', cents: 500 },
      { id: 'mar', cents: 700 },
      { id: 'apr', cents: 300 },
    ]);
    expect(allocateOldestFirst(1, owed)).toEqual([{ id: 'jan', cents: 1 }]);
  });
  it('refuses more than the total owed, zero and negative amounts', () => {
    expect(allocateOldestFirst(1_501, owed)).toBeNull();
    expect(allocateOldestFirst(0, owed)).toBeNull();
    expect(allocateOldestFirst(-5, owed)).toBeNull();
    expect(allocateOldestFirst(1, [])).toBeNull();
  });
});
