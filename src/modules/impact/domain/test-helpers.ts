/**
 * The bounds attack, written independently of the audit (`bounds.ts` solves linear programmes; this
 * walks every whole-number solution): given the figures shown as exact sums of residences, and each
 * hidden count's range (1…t−1 under the threshold, t or more for a secondary one), the least and
 * greatest value each hidden count under the threshold can take; with `allUnder`, reading every hidden
 * count as under the threshold (no solution: ranges from +∞ to −∞). Only for tests: small layouts.
 */
export function boundsAttack(values: number[], hidden: boolean[], shownSums: number[][], t: number, allUnder = false): Map<number, [number, number]> {
  const cells = hidden.flatMap((h, i) => (h && shownSums.some((s) => s.includes(i)) ? [i] : []));
  const rows = shownSums.map((s) => ({ members: new Set(s.filter((i) => hidden[i])), rest: s.filter((i) => hidden[i]).reduce((a, i) => a + values[i], 0) }));
  // Each hidden count's range; a secondary one is at most what every sum holding it leaves (others ≥ 1).
  const range = cells.map((i): [number, number] => {
    if (allUnder || values[i] < t) return [1, t - 1];
    const cap = Math.min(...rows.filter((r) => r.members.has(i)).map((r) => r.rest - (r.members.size - 1)));
    return [t, cap];
  });
  const coeff = cells.map((i) => rows.map((r) => (r.members.has(i) ? 1 : 0)));
  // What the cells from k on can still add to each sum, at least and at most.
  const remMin = cells.map((_, k) => rows.map((_, c) => cells.slice(k).reduce((a, __, j) => a + coeff[k + j][c] * range[k + j][0], 0)));
  const remMax = cells.map((_, k) => rows.map((_, c) => cells.slice(k).reduce((a, __, j) => a + coeff[k + j][c] * range[k + j][1], 0)));
  // Forward: the partial sums reachable after each cell, kept only while the rest can still meet every sum.
  const layers: Map<string, number[]>[] = [new Map([[rows.map(() => 0).join(','), rows.map(() => 0)]])];
  for (let k = 0; k < cells.length; k++) {
    const next = new Map<string, number[]>();
    for (const s of layers[k].values())
      for (let v = range[k][0]; v <= range[k][1]; v++) {
        const n = s.map((x, c) => x + v * coeff[k][c]);
        const ok = n.every((x, c) => k + 1 === cells.length || (x + remMin[k + 1][c] <= rows[c].rest && x + remMax[k + 1][c] >= rows[c].rest));
        if (ok) next.set(n.join(','), n);
      }
    layers.push(next);
  }
  // Backward: the partial sums from which every sum is met exactly.
  let good = new Set([...layers[cells.length].keys()].filter((key) => key === rows.map((r) => r.rest).join(',')));
  const out = new Map<number, [number, number]>();
  for (let k = cells.length - 1; k >= 0; k--) {
    const keep = new Set<string>();
    let least = Number.POSITIVE_INFINITY;
    let most = Number.NEGATIVE_INFINITY;
    for (const [key, s] of layers[k])
      for (let v = range[k][0]; v <= range[k][1]; v++)
        if (good.has(s.map((x, c) => x + v * coeff[k][c]).join(','))) {
          keep.add(key);
          least = Math.min(least, v);
          most = Math.max(most, v);
        }
    if (allUnder || values[cells[k]] < t) out.set(cells[k], [least, most]);
    good = keep;
  }
  return out;
}

/**
 * The hidden counts under the threshold the attack narrows to fewer than `need` values, in both readings
 * of `bounds.ts`: by their true ranges, unless reading every hidden count as under the threshold has
 * solutions and leaves every one of them `need` values or more.
 */
export function attackNarrowed(values: number[], hidden: boolean[], shownSums: number[][], t: number, need: number): number[] {
  const enough = ([least, most]: [number, number]) => most - least + 1 >= need;
  const under = [...boundsAttack(values, hidden, shownSums, t, true).values()];
  if (under.every(enough)) return [];
  return [...boundsAttack(values, hidden, shownSums, t)].filter(([, r]) => !enough(r)).map(([i]) => i);
}
