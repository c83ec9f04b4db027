import { feasible, maximise } from './simplex.js';

/**
 * Interval (bounds) protection of hidden counts. A reader knows more than sums: a hidden count under the
 * threshold t lies in 1…t−1 (zeros are shown, never hidden), and a count hidden only to protect another
 * (secondary) is at least t. With those ranges, a sum can pin its hidden counts down without any
 * subtraction isolating one: two hidden residences shown together as 20 with t = 11 are both 10; two
 * shown as 2 are both 1. So a hidden count under the threshold is protected only while the values it may
 * still take, given every figure shown, hold at least half of 1…t−1 (`protectedValues`: 5 of the 10 with
 * the default 11).
 *
 * Which hidden counts are under the threshold and which are secondary, the reader does not see. Two
 * readings are audited: a count is protected when the second leaves it enough values, or when the first
 * leaves every hidden count enough:
 * - every hidden count under the threshold (1…t−1 each). When the figures allow it and this reading
 *   leaves every count enough values, the audit would have hidden nothing more had it been the truth:
 *   the reader cannot rule it out, and so cannot narrow a count more than it does (the reader is taken
 *   to use the figures shown and the ranges, not why a figure was hidden — as for `disclosed`);
 * - the truth (each count's own range, the reader granted the knowledge of which is which). Whatever
 *   else the reader supposes, the truth stays possible.
 * (Two hidden cells, 1 and 12 of a total 13: the truth leaves 1 in 1…2, but 13 = 3 + 10 = … = 10 + 3
 * with both under the threshold, which the reader cannot rule out: 3…10 for both, protected.)
 */

/** The fewest values a hidden count under the threshold must still be able to take: half of 1…t−1, rounded up. */
export function protectedValues(t: number): number {
  return Math.ceil((t - 1) / 2);
}

/**
 * A figure shown for a set of residences (indices): `value` is the figure as shown; without it, the exact
 * sum of their counts. Minus its shown members, it is what the reader reads as the sum of its hidden ones.
 */
export type ShownSum = { members: number[]; value?: number };

const prior = (v: number, t: number, allUnder = false): [number, number] => (allUnder || v < t ? [1, t - 1] : [t, Number.POSITIVE_INFINITY]);

/** The hidden part of a shown figure, as a reader reads it: the figure minus its shown members. */
function hiddenPart(values: number[], hidden: boolean[], s: ShownSum): { members: number[]; rest: number } {
  const members = s.members.filter((i) => hidden[i]);
  const value = s.value ?? s.members.reduce((a, i) => a + values[i], 0);
  return { members, rest: value - s.members.filter((i) => !hidden[i]).reduce((a, i) => a + values[i], 0) };
}

/**
 * For each hidden count under the threshold that some figure shown involves, the least and greatest value
 * it can take given every figure shown and each hidden count's range; null when the figures contradict
 * each other as sums (distinct counts are not sums of their residences). Residences that every figure
 * takes or leaves together, and of the same range, are one unknown (their sum), as in `disclosed`; one
 * linear programme per such block and direction.
 */
export function hiddenRanges(values: number[], hidden: boolean[], sums: ShownSum[], threshold: number, allUnder = false): Map<number, [number, number]> | null {
  const t = threshold;
  const range = (v: number) => prior(v, t, allUnder);
  const parts = sums.map((s) => hiddenPart(values, hidden, s));
  const signature = new Map<number, string>();
  parts.forEach((p, k) => {
    for (const i of p.members) signature.set(i, `${signature.get(i) ?? ''}${k},`);
  });
  const blocks = new Map<string, number[]>();
  for (const [i, sig] of signature) {
    const key = `${sig}${range(values[i])[0]}`;
    blocks.set(key, [...(blocks.get(key) ?? []), i]);
  }
  const cols = [...blocks.values()];
  const at = new Map<number, number>();
  cols.forEach((members, j) => {
    for (const i of members) at.set(i, j);
  });
  // Unknowns: each block's sum minus its least value (so ≥ 0), at most its greatest minus least.
  const lo = cols.map((m) => m.length * range(values[m[0]])[0]);
  const up = cols.map((m, j) => m.length * range(values[m[0]])[1] - lo[j]);
  const a = parts.map((p) => {
    const row = new Array<number>(cols.length).fill(0);
    for (const i of p.members) row[at.get(i) as number] = 1;
    return row;
  });
  const r = parts.map((p, k) => p.rest - a[k].reduce((s, v, j) => s + v * lo[j], 0));
  const tableau = feasible(a, r, up);
  if (!tableau) return null;
  const out = new Map<number, [number, number]>();
  cols.forEach((members, j) => {
    const [low, high] = range(values[members[0]]);
    if (high === Number.POSITIVE_INFINITY) return;
    const c = cols.map((_, k) => (k === j ? 1 : 0));
    const most = lo[j] + maximise(tableau, c);
    const least = lo[j] - maximise(
      tableau,
      c.map((v) => -v),
    );
    const m = members.length;
    // One residence of the block: the block's sum less the others at their greatest, or at their least.
    const one: [number, number] = Number.isFinite(most) && Number.isFinite(least) ? [Math.max(low, Math.round(least) - (m - 1) * high), Math.min(high, Math.round(most) - (m - 1) * low)] : [high, high];
    for (const i of members) out.set(i, one);
  });
  return out;
}

/**
 * The hidden counts under the threshold a reader could narrow to fewer than `protectedValues` values,
 * in both readings (see the top of this file). `layers` are the figures shown, most certain first (e.g. this page's groups, the residence view's
 * total, what another page may show): a figure that contradicts the ranges on its own is no sum and is
 * set aside; when the rest contradict each other, the last layer is set aside, and so on.
 */
export function narrowed(values: number[], hidden: boolean[], layers: ShownSum[][], threshold: number): number[] {
  const t = threshold;
  const plausible = (s: ShownSum) => {
    const p = hiddenPart(values, hidden, s);
    const least = p.members.reduce((acc, i) => acc + prior(values[i], t)[0], 0);
    const most = p.members.reduce((acc, i) => acc + prior(values[i], t)[1], 0);
    return p.rest >= least && p.rest <= most;
  };
  for (let n = layers.length; n > 0; n--) {
    const sums = layers.slice(0, n).flat().filter(plausible);
    const ranges = hiddenRanges(values, hidden, sums, t);
    if (!ranges) continue;
    const enough = (r: [number, number] | undefined) => r !== undefined && r[1] - r[0] + 1 >= protectedValues(t);
    const narrow = [...ranges].filter(([, r]) => !enough(r)).map(([i]) => i);
    if (!narrow.length) return [];
    // Only then the other reading: every hidden count under the threshold, when the figures allow it and
    // it leaves every one of them enough values (else the audit would have hidden more, and the reader
    // could rule it out).
    const under = hiddenRanges(values, hidden, sums, t, true);
    if (under && [...under.values()].every(enough)) return [];
    return narrow.sort((x, y) => x - y);
  }
  return [];
}
