import { describe, expect, it } from 'vitest';
import { suppressColumn, thresholdFrom } from './suppression.js';

describe('small-number suppression', () => {
  it('hides every count between 0 and the threshold, and keeps zeros', () => {
    const r = suppressColumn([20, 3, 0, 15, 7], 11);
    expect(r.cells).toEqual([20, null, 0, 15, null]);
    expect(r.cells.every((c) => c === null || c === 0 || c >= 11)).toBe(true);
    expect(r.total).toBe(45);
  });

  it('hides a second cell when one hidden cell could be recovered from the total', () => {
    const r = suppressColumn([20, 4, 15, 30], 11);
    expect(r.cells).toEqual([20, null, null, 30]);
    // The total less the shown cells leaves two unknowns: 4 cannot be recovered.
    expect((r.total as number) - 20 - 30).toBe(19);
  });

  it('hides the total when no other cell can be hidden in its place', () => {
    expect(suppressColumn([12, 0], 11)).toEqual({ cells: [12, 0], total: 12 });
    expect(suppressColumn([6, 0, 0], 11)).toEqual({
      cells: [null, 0, 0],
      total: null,
    });
  });

  it('never lets a setting take the threshold under 5', () => {
    expect(thresholdFrom({ impact_threshold: 2 })).toBe(5);
    expect(thresholdFrom({ impact_threshold: 20 })).toBe(20);
    expect(thresholdFrom({})).toBe(11);
    expect(suppressColumn([4, 30, 30], 1).cells).toEqual([null, null, 30]);
  });
});
