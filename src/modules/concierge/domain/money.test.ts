import { describe, expect, it } from 'vitest';
import { creditLines, feeSplit, periodBounds, priceLine, requestNetCents, totalsOf } from './money.js';

describe('concierge money in integer cents', () => {
  it('prices a line at cost × quantity with VAT rounded to the cent', () => {
    expect(priceLine({ label: 'Repassage', quantity: 3, unitCents: 1150, vatRateBp: 2000 })).toMatchObject({ netCents: 3450, vatCents: 690, grossCents: 4140 });
    // 5.5 % of 333 cents is 18.315: rounded to 18.
    expect(priceLine({ label: 'Courses', quantity: 1, unitCents: 333, vatRateBp: 550 })).toMatchObject({ netCents: 333, vatCents: 18, grossCents: 351 });
    // 10 % of 5 cents is exactly half a cent: away from zero, both signs.
    expect(priceLine({ label: 'x', quantity: 1, unitCents: 5, vatRateBp: 1000 }).vatCents).toBe(1);
    expect(priceLine({ label: 'x', quantity: -1, unitCents: 5, vatRateBp: 1000 }).vatCents).toBe(-1);
  });

  it('adds totals exactly from the lines, however many', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => priceLine({ label: `l${i}`, quantity: 1 + (i % 3), unitCents: 101 + i, vatRateBp: [0, 550, 1000, 2000][i % 4] }));
    const t = totalsOf(lines);
    expect(t.grossCents).toBe(t.netCents + t.vatCents);
    expect(t.netCents).toBe(lines.reduce((s, l) => s + l.netCents, 0));
    expect(Number.isInteger(t.vatCents)).toBe(true);
  });

  it('refuses fractions of a cent and non-integer quantities', () => {
    expect(() => priceLine({ label: 'x', quantity: 1, unitCents: 10.5, vatRateBp: 0 })).toThrow(RangeError);
    expect(() => priceLine({ label: 'x', quantity: 1.5, unitCents: 10, vatRateBp: 0 })).toThrow(RangeError);
    expect(() => requestNetCents(1000, 0)).toThrow(RangeError);
    expect(() => requestNetCents(1000, -2)).toThrow(RangeError);
    expect(requestNetCents(1150, 2)).toBe(2300);
  });

  it('splits the fee between tenant and landlord, never more than the fee', () => {
    expect(feeSplit({ monthlyFeeCents: 1000, tenantShareCents: 200 })).toEqual({ tenantCents: 200, landlordCents: 800 });
    expect(feeSplit({ monthlyFeeCents: 500, tenantShareCents: 500 })).toEqual({ tenantCents: 500, landlordCents: 0 });
    expect(() => feeSplit({ monthlyFeeCents: 500, tenantShareCents: 600 })).toThrow(RangeError);
  });

  it('a credit note is the exact opposite of its statement', () => {
    const lines = [priceLine({ label: 'a', quantity: 2, unitCents: 1150, vatRateBp: 2000 }), priceLine({ label: 'b', quantity: 1, unitCents: 200, vatRateBp: 0 })];
    const credit = totalsOf(creditLines(lines));
    const original = totalsOf(lines);
    expect(credit).toEqual({ netCents: -original.netCents, vatCents: -original.vatCents, grossCents: -original.grossCents });
  });

  it('bounds a month, December included', () => {
    expect(periodBounds('2026-11')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(periodBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(() => periodBounds('2026-13')).toThrow(RangeError);
  });
});
