/**
 * A small dense simplex for the bounds audit (`bounds.ts`): the largest value of a linear function over
 * { z : A z = r, 0 ≤ z ≤ u } (u may be Infinity). The systems are tiny — one unknown per block of hidden
 * residences, one row per figure shown — and their matrices are of 0s and 1s taken from two families of
 * nested sets (agencies, types, the total), which are totally unimodular: the tableau stays integral, so
 * floating point is exact enough, and optima are whole numbers. Bland's rule (lowest index enters and
 * leaves) rules out cycling.
 */

const EPS = 1e-7;

/** A basic feasible solution of the polytope: its tableau, ready for `maximise`. */
export type Tableau = { rows: number[][]; basis: number[]; n: number; usable: number };

function pivot(rows: number[][], z: number[] | null, p: number, q: number): void {
  const f = rows[p][q];
  rows[p] = rows[p].map((v) => v / f);
  const lead = rows[p];
  for (let i = 0; i < rows.length; i++) {
    const g = rows[i][q];
    if (i === p || Math.abs(g) < EPS) continue;
    const row = rows[i];
    for (let c = 0; c < row.length; c++) row[c] -= g * lead[c];
  }
  if (z && Math.abs(z[q]) >= EPS) {
    const g = z[q];
    for (let c = 0; c < z.length; c++) z[c] -= g * lead[c];
  }
}

/** Runs the simplex on `z` (reduced costs, last entry the objective): the optimum, or Infinity when unbounded. */
function run(t: { rows: number[][]; basis: number[] }, z: number[], usable: number): number {
  const rhs = z.length - 1;
  for (let guard = 0; guard < 10_000; guard++) {
    let q = -1;
    for (let j = 0; j < usable; j++)
      if (z[j] < -EPS) {
        q = j;
        break;
      }
    if (q < 0) return z[rhs];
    let p = -1;
    for (let i = 0; i < t.rows.length; i++) {
      const a = t.rows[i][q];
      if (a <= EPS) continue;
      if (p < 0) {
        p = i;
        continue;
      }
      const d = t.rows[i][rhs] / a - t.rows[p][rhs] / t.rows[p][q];
      if (d < -EPS || (Math.abs(d) <= EPS && t.basis[i] < t.basis[p])) p = i;
    }
    if (p < 0) return Number.POSITIVE_INFINITY;
    pivot(t.rows, z, p, q);
    t.basis[p] = q;
  }
  return Number.NaN; // not reached with Bland's rule; the caller treats NaN as "cannot tell"
}

/**
 * A basic feasible solution of { z : A z = r, 0 ≤ z ≤ u } (phase one, with an artificial variable per
 * equation), or null when there is none.
 */
export function feasible(a: number[][], r: number[], u: number[]): Tableau | null {
  const n = u.length;
  const bounded = u.flatMap((v, j) => (Number.isFinite(v) ? [j] : []));
  const f = bounded.length;
  const m = a.length;
  const width = n + f + m + 1;
  const rows: number[][] = [];
  const basis: number[] = [];
  a.forEach((coeffs, i) => {
    const s = r[i] < 0 ? -1 : 1;
    const row = new Array<number>(width).fill(0);
    coeffs.forEach((v, j) => {
      row[j] = s * v;
    });
    row[n + f + i] = 1;
    row[width - 1] = s * r[i];
    rows.push(row);
    basis.push(n + f + i);
  });
  bounded.forEach((j, k) => {
    const row = new Array<number>(width).fill(0);
    row[j] = 1;
    row[n + k] = 1;
    row[width - 1] = u[j];
    rows.push(row);
    basis.push(n + k);
  });
  // Maximise −Σ artificials: reduced costs are minus the sum of the equation rows, 0 on the artificials.
  const z = new Array<number>(width).fill(0);
  for (let i = 0; i < m; i++) for (let c = 0; c < width; c++) if (c < n + f || c === width - 1) z[c] -= rows[i][c];
  const t = { rows, basis };
  const best = run(t, z, n + f);
  if (!(best > -EPS)) return null;
  // Artificials left in the basis are at zero: pivot them out, or drop their row when it is redundant.
  for (let i = t.rows.length - 1; i >= 0; i--) {
    if (t.basis[i] < n + f) continue;
    const q = t.rows[i].findIndex((v, c) => c < n + f && Math.abs(v) > EPS);
    if (q < 0) {
      t.rows.splice(i, 1);
      t.basis.splice(i, 1);
    } else {
      pivot(t.rows, null, i, q);
      t.basis[i] = q;
    }
  }
  return { rows: t.rows, basis: t.basis, n, usable: n + f };
}

/** The largest value of c·z over the polytope of `t` (Infinity when unbounded, NaN when it cannot tell). */
export function maximise(t: Tableau, c: number[]): number {
  const rows = t.rows.map((r) => r.slice());
  const basis = t.basis.slice();
  const width = rows.length ? rows[0].length : t.usable + 1;
  const z = new Array<number>(width).fill(0);
  for (let j = 0; j < t.n; j++) z[j] = -c[j];
  rows.forEach((row, i) => {
    const cb = basis[i] < t.n ? c[basis[i]] : 0;
    if (cb === 0) return;
    for (let col = 0; col < width; col++) z[col] += cb * row[col];
  });
  return run({ rows, basis }, z, t.usable);
}
