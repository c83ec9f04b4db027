import { describe, expect, it } from 'vitest';
import { protectedValues } from './bounds.js';
import { disclosed, possiblyShown, suppressAcrossGroupings } from './differencing.js';
import { suppressColumn, suppressGroups } from './suppression.js';
import { attackNarrowed, boundsAttack } from './test-helpers.js';

const T = 11;
const sum = (values: number[], members: number[]) => members.reduce((a, i) => a + values[i], 0);

/**
 * The attack, independent of the audit: add and subtract (coefficients −1, 0, 1) every figure shown —
 * each shown group's figure minus its shown residences, the total minus every shown residence — and
 * see whether what is left is exactly one hidden residence. Returns the residences given back, with
 * the value the attacker reads.
 */
function attack(values: number[], hidden: boolean[], shownSums: number[][]): Map<number, number> {
  const vectors = shownSums.map((members) => ({ v: hidden.map((h, i) => (h && members.includes(i) ? 1 : 0)), figure: members.filter((i) => hidden[i]).reduce((a, i) => a + values[i], 0) }));
  const found = new Map<number, number>();
  const walk = (k: number, acc: number[], figure: number) => {
    if (k === vectors.length) {
      const ones = acc.flatMap((c, i) => (c === 1 ? [i] : []));
      if (ones.length === 1 && acc.every((c) => c === 0 || c === 1)) found.set(ones[0], figure);
      return;
    }
    for (const s of [-1, 0, 1]) walk(k + 1, acc.map((c, i) => c + s * vectors[k].v[i]), figure + s * vectors[k].figure);
  };
  walk(0, hidden.map(() => 0), 0);
  return found;
}

/** Both groupings' pages for a column of residence counts: the residence view, then each grouping audited against the other. */
function pages(values: number[], agencies: number[][], types: number[][], joint: boolean) {
  const s = suppressColumn(values, T);
  const hidden = s.cells.map((c) => c === null);
  const shownGroups = (groups: number[][], others: number[][]) => {
    const figures = groups.map((g) => sum(values, g));
    const h = joint
      ? suppressAcrossGroupings({ values: figures, groups, hidden, people: values, total: s.total, others: [others], threshold: T })
      : suppressGroups(
          figures,
          groups.map((g) => g.filter((i) => hidden[i]).length),
          T,
        );
    return groups.filter((_, k) => !h[k]);
  };
  const shown = [...shownGroups(agencies, types), ...shownGroups(types, agencies), ...(s.total !== null ? [values.map((_, i) => i)] : [])];
  return { hidden, shown };
}

// Nine residences of 6 households each, all hidden (6 < 11). Agencies {0,1,8} {2,3} {4,5} {6,7};
// types {0,2} {1,3} {4,6,8} {5,7}: every group shows 12 or 18, each holding two hidden residences or more.
const NINE = [6, 6, 6, 6, 6, 6, 6, 6, 6];
const AGENCIES = [[0, 1, 8], [2, 3], [4, 5], [6, 7]];
const TYPES = [[0, 2], [1, 3], [4, 6, 8], [5, 7]];

describe('differencing between the agency and the type views', () => {
  it('the attack: with each view checked only against the residence view, agency 1 + agency 2 − type 1 − type 2 gives residence 8 back', () => {
    const { hidden, shown } = pages(NINE, AGENCIES, TYPES, false);
    expect(hidden.every(Boolean)).toBe(true);
    expect(shown.length).toBe(9);
    const found = attack(NINE, hidden, shown);
    expect(found.get(8)).toBe(6);
    expect(disclosed(hidden, shown)).toEqual([8]);
  });

  it('audited across the groupings, no hidden residence can be given back, and as few groups as needed are hidden', () => {
    const { hidden, shown } = pages(NINE, AGENCIES, TYPES, true);
    expect(attack(NINE, hidden, shown).size).toBe(0);
    expect(disclosed(hidden, shown)).toEqual([]);
    // Residence 8 could be read from either half (agencies 1, 2 with types 1, 2; or agencies 3, 4 with types 3, 4):
    // each view, assuming the other shows all it may, hides one group of each half. The total and four groups stay.
    expect(shown.length).toBe(5);
  });

  it('knows which sets of groups another grouping may show, whatever its figures', () => {
    const hidden = [true, true, true, false, true];
    // Group {0,1} and {2,4} hold two hidden residences, {3} none: shown whatever (it is all shown residences).
    expect(possiblyShown([[0, 1], [2, 4], [3]], hidden)).toEqual([[[0, 1], [2, 4]]]);
    // {4} holds exactly one: always hidden, and one of the others with it.
    expect(possiblyShown([[0, 1, 2], [3, 4]], hidden)).toEqual([[]]);
    expect(possiblyShown([[0, 1], [2, 3], [4]], [true, true, true, true, true])).toEqual([[[2, 3]], [[0, 1]]]);
  });

  it('hides an agency whose two hidden residences its figure would pin down (20 with a threshold of 11: both 10)', () => {
    // Residences 10, 10, 30, 4, 6: the residence view hides four (their sum, 30, leaves each in 1…10).
    // Agency {0,1} shows 20, so both are 10; with it hidden, {2,3,4} and the total would give 20 back too.
    const values = [10, 10, 30, 4, 6];
    const agencies = [[0, 1], [2, 3, 4]];
    const types = [[0, 3], [1, 4], [2]];
    const alone = pages(values, agencies, types, false);
    expect(boundsAttack(values, alone.hidden, alone.shown, T).get(0)).toEqual([10, 10]);
    const { hidden, shown } = pages(values, agencies, types, true);
    expect(hidden).toEqual([true, true, false, true, true]);
    expect(shown.some((s) => s.length === 2 && s.includes(0) && s.includes(1))).toBe(false);
    expect(attackNarrowed(values, hidden, shown, T, protectedValues(T))).toEqual([]);
  });

  it('gives no residence back on random layouts, for every attack of sums and differences', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let audited = 0;
    let leakedAlone = 0;
    let narrowedAlone = 0;
    let ranges = 0;
    for (let trial = 0; trial < 150; trial++) {
      const n = 5 + rand(5);
      const values = Array.from({ length: n }, () => (rand(3) === 0 ? 11 + rand(20) : 1 + rand(10)));
      const group = (k: number) => {
        const groups: number[][] = Array.from({ length: k }, () => []);
        for (let i = 0; i < values.length; i++) groups[rand(k)].push(i);
        return groups.filter((g) => g.length > 0);
      };
      const agencies = group(2 + rand(3));
      const types = group(2 + rand(3));
      const { hidden, shown } = pages(values, agencies, types, true);
      if (hidden.filter(Boolean).length >= 2) audited++;
      const alone = pages(values, agencies, types, false);
      if (attack(values, alone.hidden, alone.shown).size > 0) leakedAlone++;
      expect(disclosed(hidden, shown), `trial ${trial}`).toEqual([]);
      expect([...attack(values, hidden, shown).keys()], `trial ${trial}`).toEqual([]);
      // Bounds: every whole-number solution of the figures shown, each hidden count in its range.
      expect(attackNarrowed(values, hidden, shown, T, protectedValues(T)), `trial ${trial}`).toEqual([]);
      ranges += boundsAttack(values, hidden, shown, T).size;
      if (attackNarrowed(values, alone.hidden, alone.shown, T, protectedValues(T)).length > 0) narrowedAlone++;
    }
    expect(audited).toBeGreaterThan(100);
    expect(ranges).toBeGreaterThan(150);
    // The same layouts, each view checked against the residence view only: some give a residence back,
    // and some narrow one to fewer values than protected.
    expect(leakedAlone).toBeGreaterThan(0);
    expect(narrowedAlone).toBeGreaterThan(0);
  }, 120_000); // hundreds of layouts, each attacked by walking every solution
});
