import { narrowed } from './bounds.js';
import { suppressGroups, THRESHOLD_FLOOR } from './suppression.js';

/**
 * The hidden residences a reader could work out exactly by adding and subtracting the figures shown.
 * Each shown figure is a sum: of its residences for a group (minus its shown residences, which are
 * known, it is the sum of its hidden ones), of every residence for the total. `sums` lists, for each
 * figure shown, the residences (indices into `hidden`) it adds up. A hidden residence is given back
 * when its own value is a combination of those sums: Gaussian elimination over blocks of residences
 * that every sum takes or leaves together (one block is one unknown; a block of two or more hidden
 * residences can give back their sum, never one of them, like a shown group of two hidden residences).
 */
export function disclosed(hidden: boolean[], sums: number[][]): number[] {
  const signature = new Map<number, string>();
  sums.forEach((members, k) => {
    for (const i of members) if (hidden[i]) signature.set(i, `${signature.get(i) ?? ''}${k},`);
  });
  const blocks = new Map<string, number[]>();
  for (const [i, sig] of signature) blocks.set(sig, [...(blocks.get(sig) ?? []), i]);
  const cols = [...blocks.values()];
  const at = new Map<number, number>();
  cols.forEach((members, j) => {
    for (const i of members) at.set(i, j);
  });
  const rows = sums.map((members) => {
    const r = new Array<number>(cols.length).fill(0);
    for (const i of members) if (hidden[i]) r[at.get(i) as number] = 1;
    return r;
  });
  // Reduced row echelon form; a block's sum is determined iff a reduced row is exactly that block.
  let lead = 0;
  const pivots: number[] = [];
  for (let j = 0; j < cols.length && lead < rows.length; j++) {
    const p = rows.findIndex((r, k) => k >= lead && Math.abs(r[j]) > 1e-9);
    if (p < 0) continue;
    [rows[lead], rows[p]] = [rows[p], rows[lead]];
    const f = rows[lead][j];
    rows[lead] = rows[lead].map((v) => v / f);
    for (let k = 0; k < rows.length; k++) {
      if (k === lead || Math.abs(rows[k][j]) < 1e-9) continue;
      const g = rows[k][j];
      rows[k] = rows[k].map((v, c) => v - g * rows[lead][c]);
    }
    pivots.push(j);
    lead++;
  }
  const out: number[] = [];
  pivots.forEach((j, k) => {
    const alone = rows[k].every((v, c) => (c === j ? Math.abs(v - 1) < 1e-9 : Math.abs(v) < 1e-9));
    if (alone && cols[j].length === 1) out.push(cols[j][0]);
  });
  return out.sort((a, b) => a - b);
}

/**
 * What another grouping of the same residences may show, whatever its figures: the sets of its groups
 * that can be shown together. Its own suppression (`suppressGroups`) always hides a group holding one
 * hidden residence; when exactly one such group exists, it hides one more group holding hidden
 * residences — which one depends on the figures, so each is a candidate. Figures under the threshold
 * only hide more, and a subset of what is shown tells no more than the set.
 */
export function possiblyShown(groups: number[][], hidden: boolean[]): number[][][] {
  const inside = groups.map((g) => g.filter((i) => hidden[i]).length);
  const wide = groups.filter((_, k) => inside[k] >= 2);
  if (inside.filter((n) => n === 1).length !== 1 || wide.length === 0) return [wide];
  return wide.map((_, k) => wide.filter((__, m) => m !== k));
}

/**
 * Which groups of one grouping to hide, audited with the other groupings of the same residences shown
 * on other pages (agency and type): first `suppressGroups` against the residence view, then, while the
 * residence view's shown cells and total, this grouping's shown groups and any set of groups another
 * grouping may show together (`possiblyShown`) would give a hidden residence back (`disclosed`) or
 * narrow one under the threshold to too few values (`narrowed`, with each hidden count's range), one
 * more group is hidden — the one that leaves the fewest residences given back or narrowed, the smallest
 * among equals. Each grouping is audited against what the others may show, never against their actual
 * figures, so the pages need not be computed together and their shown sets together stay safe.
 * `people` are the residences' counts the residence view suppressed, `total` the figure it shows for
 * them all (null when hidden): this page's groups and that total are read as a reader reads them
 * (figure minus shown residences, not exact for distinct counts); another page's groups, whose figures
 * this page does not know, as exact sums — set aside first when they contradict the figures shown.
 */
export function suppressAcrossGroupings(opts: { values: number[]; groups: number[][]; hidden: boolean[]; people: number[]; total: number | null; others: number[][][]; threshold: number }): boolean[] {
  const { values, groups, hidden, people } = opts;
  const t = Math.max(THRESHOLD_FLOOR, opts.threshold);
  const inside = groups.map((g) => g.filter((i) => hidden[i]).length);
  const out = suppressGroups(values, inside, t);
  const all = hidden.map((_, i) => i);
  const totalShown = opts.total !== null;
  const read = (k: number[]) => [k.map((i) => ({ members: groups[i], value: values[i] })), totalShown ? [{ members: all, value: opts.total as number }] : []];
  // Another grouping never shows a group that, with the residence view, narrows a hidden residence on
  // its own (its audit hides it, whatever else is shown): such groups leave the sets it may show.
  const showable = (g: number[]) => narrowed(people, hidden, [[{ members: g }], read([])[1]], t).length === 0;
  const candidates = opts.others.reduce<number[][][]>((acc, other) => acc.flatMap((a) => possiblyShown(other, hidden).map((c) => [...a, ...c.filter(showable)])), [[]]);
  const leaks = (off: boolean[]) => {
    const open = groups.map((_, k) => k).filter((k) => !off[k] && inside[k] > 0);
    const mine = open.map((k) => groups[k]);
    const found = new Set<number>();
    for (const c of candidates) {
      for (const i of disclosed(hidden, [...mine, ...c, ...(totalShown ? [all] : [])])) found.add(i);
      for (const i of narrowed(people, hidden, [...read(open), c.map((members) => ({ members }))], t)) found.add(i);
    }
    return found.size;
  };
  for (let left = leaks(out); left > 0; ) {
    const open = groups.map((_, k) => k).filter((k) => !out[k] && inside[k] > 0);
    if (!open.length) return out;
    const tried = open.map((k) => ({ k, left: leaks(out.map((h, m) => h || m === k)) }));
    const best = tried.reduce((a, b) => (b.left < a.left || (b.left === a.left && values[b.k] < values[a.k]) ? b : a));
    out[best.k] = true;
    left = best.left;
  }
  return out;
}
