import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { type ResidenceFigures, residenceFigures, residenceFiguresAsOf } from '../../directory/index.js';
import { type Period, previousPeriod } from '../domain/period.js';
import { suppressColumn, thresholdFrom } from '../domain/suppression.js';
import { type Indicator, listIndicators } from '../indicators/registry.js';
import { type Computed, computeIndicators } from './compute-indicators.js';
import { readSnapshot } from './snapshots.js';

export type DashboardResidence = {
  id: string;
  name: string;
  kind: string;
  agency: string | null;
};
/** One indicator across the residences, after suppression (null = hidden or not computable). */
export type DashboardColumn = {
  indicator: Indicator;
  cells: (number | null)[];
  total: number | null;
  previous: number | null;
};
export type Dashboard = {
  period: Period;
  previous: Period;
  threshold: number;
  residences: DashboardResidence[];
  columns: DashboardColumn[];
  /** When the figures come from the nightly summaries, the time the oldest was computed; null when live. */
  asOf: Date | null;
};

const NONE = ['00000000-0000-0000-0000-000000000000'];

/** The residences in view: the actor's scope, narrowed to one residence when asked. */
function scopeOf(actor: Actor, residenceId: string | null): string[] | null {
  if (!residenceId) return actor.residenceIds;
  if (actor.residenceIds && !actor.residenceIds.includes(residenceId)) return NONE;
  return [residenceId];
}

/** Hides people counts under the threshold, and rates whose people base is hidden. */
function suppressed(ind: Indicator, ids: string[], r: Awaited<ReturnType<Indicator['compute']>>, threshold: number) {
  const raw = ids.map((id) => r.byResidence.get(id) ?? null);
  if (!ind.personal) return { cells: raw, total: r.overall };
  if (!r.base) {
    const s = suppressColumn(
      raw.map((v) => v ?? 0),
      threshold,
    );
    return {
      cells: s.cells.map((v, i) => (raw[i] === null ? null : v)),
      total: s.total,
    };
  }
  const base = r.base;
  const mask = suppressColumn(
    ids.map((id) => base.byResidence.get(id) ?? 0),
    threshold,
  );
  return {
    cells: raw.map((v, i) => (mask.cells[i] === null ? null : v)),
    total: base.overall < threshold ? null : r.overall,
  };
}

/**
 * Dashboards assembled from the nightly summaries, kept a minute: at landlord scale, suppressing 40
 * columns over 1,500 residences costs more than everything else in the page. The key holds every input
 * (summary times, threshold, scope), so a new summary or setting is seen at once; only a residence
 * renamed during the day waits up to a minute.
 */
const assembled = new Map<string, { at: number; dashboard: Dashboard }>();
const KEEP_MS = 60_000;
const KEPT = 64;

function keep(key: string, dashboard: Dashboard): void {
  assembled.delete(key);
  assembled.set(key, { at: Date.now(), dashboard });
  if (assembled.size > KEPT) assembled.delete(assembled.keys().next().value as string);
}

/** Every indicator of the catalogue by residence for a period, with the previous period's totals. */
export async function dashboard(db: Db, actor: Actor, opts: { period: Period; residenceId: string | null }): Promise<Dashboard> {
  const orgId = actor.orgId as string;
  const scope = scopeOf(actor, opts.residenceId);
  const previous = previousPeriod(opts.period);
  return withTenant(db, { orgId }, async (tx) => {
    const org = await tx.selectFrom('organisations').select('settings').where('id', '=', orgId).executeTakeFirst();
    const threshold = thresholdFrom(org?.settings);
    const indicators = listIndicators();
    // Sequential on one transaction: pg runs one query at a time per connection anyway.
    // The residences listed are those of the current figures, which the directory indicators reuse.
    const figuresAsOf = await residenceFiguresAsOf(tx, opts.period);
    const stored = await readSnapshot(tx, orgId, opts.period, scope, indicators);
    const storedBefore = await readSnapshot(tx, orgId, previous, scope, indicators);
    const key = stored && storedBefore ? [orgId, opts.period.from, opts.period.to, scope?.join(',') ?? '*', threshold, stored.computedAt.getTime(), storedBefore.computedAt.getTime(), figuresAsOf?.getTime() ?? '-'].join('|') : null;
    const kept = key ? assembled.get(key) : undefined;
    if (kept && kept.at > Date.now() - KEEP_MS) return kept.dashboard;
    const figures: ResidenceFigures[] = await residenceFigures(tx, opts.period, scope, figuresAsOf);
    const now: Computed[] = stored?.computed ?? (await computeIndicators(tx, orgId, opts.period, scope, indicators, new Map([['directory.figures', Promise.resolve(figures)]])));
    const before: Computed[] = storedBefore?.computed ?? (await computeIndicators(tx, orgId, previous, scope, indicators));
    const asOf = stored ? (figuresAsOf && figuresAsOf < stored.computedAt ? figuresAsOf : stored.computedAt) : figuresAsOf;
    const residences = figures.map((f) => ({
      id: f.residenceId,
      name: f.name,
      kind: f.kind,
      agency: f.agency,
    }));
    const ids = residences.map((r) => r.id);
    const columns = now.map(({ indicator, result }, k) => {
      const s = suppressed(indicator, ids, result, threshold);
      const p = suppressed(indicator, ids, before[k].result, threshold);
      return { indicator, cells: s.cells, total: s.total, previous: p.total };
    });
    const d: Dashboard = { period: opts.period, previous, threshold, residences, columns, asOf };
    if (key) keep(key, d);
    return d;
  });
}
