import { narrowed } from './bounds.js';

/** Organisations may raise the threshold; no setting may bring it under this floor. */
export const THRESHOLD_FLOOR = 5;
export const DEFAULT_THRESHOLD = 11;

/** The threshold an organisation's settings ask for, never below the floor. */
export function thresholdFrom(settings: unknown): number {
  const v = Number((settings as { impact_threshold?: unknown } | null)?.impact_threshold);
  return Number.isInteger(v) ? Math.max(THRESHOLD_FLOOR, v) : DEFAULT_THRESHOLD;
}

/** A column of counts about people with its total, after suppression: null means hidden. */
export type Suppressed = { cells: (number | null)[]; total: number | null };

/**
 * Hides every count with 0 < n < threshold (primary suppression). When the total is shown and
 * exactly one cell is hidden, the total minus the others would give it back, so the smallest other
 * non-zero cell is hidden too (secondary suppression); with none left, the total is hidden. Then the
 * bounds: the total minus the shown cells is the sum of the hidden ones, and each hidden count's range
 * (1…t−1 under the threshold, t or more for a secondary one) may pin them down — two hidden cells
 * summing 20 with t = 11 are both 10 (`narrowed`). While one is narrowed to fewer than
 * `protectedValues` values, the smallest shown non-zero cell whose hiding protects them all is hidden;
 * when no single cell does, the total is.
 */
export function suppressColumn(values: number[], threshold: number): Suppressed {
  const t = Math.max(THRESHOLD_FLOOR, threshold);
  const cells: (number | null)[] = values.map((v) => (v > 0 && v < t ? null : v));
  const total = values.reduce((a, b) => a + b, 0);
  const hidden = cells.filter((c) => c === null).length;
  let totalShown = !(total > 0 && total < t);
  if (hidden === 1) {
    let pick = -1;
    cells.forEach((c, i) => {
      if (c !== null && c > 0 && (pick < 0 || c < (cells[pick] as number))) pick = i;
    });
    if (pick < 0) return { cells, total: null };
    cells[pick] = null;
    totalShown = true;
  }
  const all = [{ members: values.map((_, i) => i) }];
  const narrow = (hide: number) => narrowed(values, cells.map((c, i) => c === null || i === hide), [all], t).length > 0;
  if (totalShown && narrow(-1)) {
    const order = cells.flatMap((c, i) => (c !== null && c > 0 ? [i] : [])).sort((a, b) => values[a] - values[b] || a - b);
    // A larger cell hidden widens the ranges more (the sum grows by more than its least value): when
    // the largest does not protect them, none does.
    const pick = order.length && !narrow(order[order.length - 1]) ? order.find((i) => !narrow(i)) : undefined;
    if (pick === undefined) totalShown = false;
    else cells[pick] = null;
  }
  return { cells, total: totalShown ? total : null };
}

/**
 * Which groups of residences (an agency, a type) to hide, for a column of people counts shown beside
 * the residence view of the same figures. `hiddenInside` says how many of each group's residence cells
 * the residence view hides. A shown group gives back the sum of its hidden residences (its figure
 * minus its residences that are shown), so:
 * - a group under the threshold is hidden (primary), and so is a group holding exactly one hidden
 *   residence (its figure would give that residence back);
 * - when exactly one group holding hidden residences is hidden, the residence view's total would give
 *   it back (the total minus every shown residence is the sum of all hidden residences), so the
 *   smallest other such group still shown is hidden too. A group whose residences are all shown is
 *   never hidden for this: its figure follows from the residence view anyway.
 * Returns true for each hidden group.
 */
export function suppressGroups(values: number[], hiddenInside: number[], threshold: number): boolean[] {
  const t = Math.max(THRESHOLD_FLOOR, threshold);
  const hidden = values.map((v, i) => (v > 0 && v < t) || hiddenInside[i] === 1);
  const sensitive = (i: number) => hiddenInside[i] > 0;
  if (hidden.filter((h, i) => h && sensitive(i)).length !== 1) return hidden;
  let pick = -1;
  values.forEach((v, i) => {
    if (!hidden[i] && sensitive(i) && v > 0 && (pick < 0 || v < values[pick])) pick = i;
  });
  if (pick >= 0) hidden[pick] = true;
  return hidden;
}
