import { describe, expect, it } from 'vitest';
import { centsToDecimal } from './statements-csv.js';

describe('cents written as decimals for accounting', () => {
  it('never goes through floating point', () => {
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(centsToDecimal(-120)).toBe('-1.20');
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });
});
