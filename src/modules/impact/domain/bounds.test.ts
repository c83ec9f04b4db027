import { describe, expect, it } from 'vitest';
import { hiddenRanges, narrowed, protectedValues } from './bounds.js';
import { suppressColumn } from './suppression.js';
import { attackNarrowed, boundsAttack } from './test-helpers.js';

const T = 11;
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

function lcg(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

describe('the ranges a reader can narrow hidden counts to', () => {
  it('keeps at least half of 1…t−1: 5 values of 10 with the default threshold, 2 of 4 at the floor', () => {
    expect(protectedValues(11)).toBe(5);
    expect(protectedValues(5)).toBe(2);
    expect(protectedValues(20)).toBe(10);
  });

  it('two hidden counts shown together as 20 with a threshold of 11 are both 10; as 2, both 1; as 11, anything', () => {
    const hidden = [true, true, false];
    expect(hiddenRanges([10, 10, 30], hidden, [{ members: [0, 1] }], T)).toEqual(new Map([[0, [10, 10]], [1, [10, 10]]]));
    expect(hiddenRanges([1, 1, 30], hidden, [{ members: [0, 1] }], T)).toEqual(new Map([[0, [1, 1]], [1, [1, 1]]]));
    expect(hiddenRanges([5, 6, 30], hidden, [{ members: [0, 1] }], T)).toEqual(new Map([[0, [1, 10]], [1, [1, 10]]]));
    // The total minus the shown cell: the same 20.
    expect(narrowed([10, 10, 30], hidden, [[{ members: [0, 1, 2] }]], T)).toEqual([0, 1]);
  });

  it('reads a secondary cell as at least the threshold: 4 and 12 hidden together leave 4 in 1…5', () => {
    expect(hiddenRanges([14, 4, 12], [false, true, true], [{ members: [0, 1, 2] }], T)).toEqual(new Map([[1, [1, 5]]]));
    expect(narrowed([14, 4, 12], [false, true, true], [[{ members: [0, 1, 2] }]], T)).toEqual([]);
  });

  it('protects counts the truth narrows when the reader cannot rule out that all are under the threshold', () => {
    // 1 and a secondary 12 hidden together, 13: the truth leaves 1 in 1…2; but 13 may be 3 + 10 … 10 + 3.
    expect(hiddenRanges([1, 12], [true, true], [{ members: [0, 1] }], T)).toEqual(new Map([[0, [1, 2]]]));
    expect(hiddenRanges([1, 12], [true, true], [{ members: [0, 1] }], T, true)).toEqual(new Map([[0, [3, 10]], [1, [3, 10]]]));
    expect(narrowed([1, 12], [true, true], [[{ members: [0, 1] }]], T)).toEqual([]);
    // 1 and a secondary 11 beside 9, 9 shown as a group of 18 and all four as 30: reading all four under
    // the threshold, 9 + 9 = 18 leaves them 8…10 (too few), so the truth decides: 1 is 1…1.
    expect(narrowed([1, 11, 9, 9], [true, true, true, true], [[{ members: [0, 1, 2, 3] }, { members: [2, 3] }]], T)).toEqual([0, 2, 3]);
  });

  it('combines several figures: {0,1} = 12 and {1,2} = 19 leave residence 1 in 9…10 (2 ≤ 0 ≤ 3 follows)', () => {
    const values = [3, 9, 10];
    const r = hiddenRanges(values, [true, true, true], [{ members: [0, 1] }, { members: [1, 2] }], T);
    expect(r?.get(1)).toEqual([9, 10]);
    expect(r?.get(0)).toEqual([2, 3]);
    expect(r?.get(2)).toEqual([9, 10]);
  });

  it('reads a figure as the reader does (minus its shown members), and sets aside figures that are no sums', () => {
    // A distinct count: 12 households over residences of 10 and 8 (6 in both). Read as a sum, 12: 2…10 each.
    expect(narrowed([10, 8, 30], [true, true, false], [[{ members: [0, 1], value: 12 }]], T)).toEqual([]);
    // A figure smaller than its hidden residences can be (each at least 1) tells nothing.
    expect(narrowed([10, 8, 30], [true, true, false], [[{ members: [0, 1, 2], value: 31 }]], T)).toEqual([]);
    // Two layers that contradict each other: the last is set aside, the first still narrows.
    expect(narrowed([10, 10, 5], [true, true, true], [[{ members: [0, 1] }], [{ members: [0, 1], value: 12 }]], T)).toEqual([0, 1]);
  });

  it('finds the same ranges as walking every whole-number solution, on random layouts', () => {
    const rand = lcg(11);
    let compared = 0;
    for (let trial = 0; trial < 120; trial++) {
      const n = 3 + rand(5);
      const values = Array.from({ length: n }, () => (rand(3) === 0 ? 11 + rand(15) : 1 + rand(10)));
      const hidden = values.map((v) => v < T || rand(3) === 0);
      // As on the dashboard: some groups of two partitions of the residences (agencies, types), and the total.
      const partition = (k: number) => {
        const groups: number[][] = Array.from({ length: k }, () => []);
        for (let i = 0; i < n; i++) groups[rand(k)].push(i);
        return groups.filter((g) => g.length > 0 && rand(3) > 0);
      };
      const sums = [...partition(2 + rand(2)), ...partition(2 + rand(2)), ...(rand(2) === 0 ? [all(n)] : [])];
      const lp = hiddenRanges(values, hidden, sums.map((members) => ({ members })), T);
      const walk = boundsAttack(values, hidden, sums, T);
      expect(lp, `trial ${trial}`).not.toBeNull();
      for (const [i, range] of walk) {
        expect(lp?.get(i), `trial ${trial}, residence ${i}`).toEqual(range);
        compared++;
      }
      // Every hidden count read as under the threshold: no solution for one, none for the other.
      const under = hiddenRanges(values, hidden, sums.map((members) => ({ members })), T, true);
      const walkUnder = boundsAttack(values, hidden, sums, T, true);
      const solvable = [...walkUnder.values()].every(([least, most]) => least <= most);
      if (!solvable) expect(under, `trial ${trial}`).toBeNull();
      else for (const [i, range] of walkUnder) expect(under?.get(i), `trial ${trial}, residence ${i}, all under`).toEqual(range);
    }
    expect(compared).toBeGreaterThan(150);
  }, 120_000); // hundreds of layouts, each attacked by walking every solution
});

describe('bounds in the residence view (suppressColumn)', () => {
  it('hides one more cell when the total would pin the hidden ones down: 10 and 10 of 90', () => {
    // Total 90 minus 30 and 40 is 20: both 10. With 30 hidden too, 10 is anything in 1…10.
    expect(suppressColumn([10, 10, 30, 40], T)).toEqual({ cells: [null, null, null, 40], total: 90 });
    expect(suppressColumn([1, 1, 30], T)).toEqual({ cells: [null, null, null], total: 32 });
  });

  it('hides the total when no cell is left to hide, and nothing more when the counts may all be under the threshold', () => {
    // 10 and 10 with nothing else to hide: the total is hidden.
    expect(suppressColumn([10, 10, 0], T)).toEqual({ cells: [null, null, 0], total: null });
    // 1 and the smallest other, 11: the truth leaves 1 in 1…1, but 12 may be two counts under the
    // threshold (2…10 each), which the reader cannot rule out — nothing more is hidden.
    expect(suppressColumn([1, 11, 16, 40], T)).toEqual({ cells: [null, null, 16, 40], total: 68 });
  });

  it('never leaves a hidden count narrowed, on random columns attacked by every whole-number solution', () => {
    const rand = lcg(3);
    let protectedAfter = 0;
    for (let trial = 0; trial < 300; trial++) {
      const values = Array.from({ length: 2 + rand(6) }, () => (rand(2) === 0 ? rand(11) : 11 + rand(8)));
      const s = suppressColumn(values, T);
      const hidden = s.cells.map((c) => c === null);
      const shown = s.total === null ? [] : [all(values.length)];
      expect(attackNarrowed(values, hidden, shown, T, protectedValues(T)), `trial ${trial}: ${values}`).toEqual([]);
      protectedAfter += boundsAttack(values, hidden, shown, T).size;
    }
    expect(protectedAfter).toBeGreaterThan(100);
  }, 120_000); // hundreds of layouts, each attacked by walking every solution
});
