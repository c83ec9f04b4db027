import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { type ResidenceFigures, residenceFigures, residenceFiguresAsOf } from '../../directory/index.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { type Grouping, groupResidences, type ResidenceGrouping } from '../domain/grouping.js';
import { type Period, previousPeriod } from '../domain/period.js';
import { suppressAcrossGroupings } from '../domain/differencing.js';
import { THRESHOLD_FLOOR, suppressColumn, thresholdFrom } from '../domain/suppression.js';
import { type Indicator, type IndicatorResult, listIndicators } from '../indicators/registry.js';
import { type Computed, computeIndicators } from './compute-indicators.js';
import { programmeDashboard } from './programme-dashboard.js';
import { readGroupSnapshot, readSnapshot, type StoredGroup } from './snapshots.js';

export type DashboardResidence = {
  id: string;
  name: string;
  kind: string;
  agency: string | null;
};
/**
 * One line of the dashboard: a residence, or a group of residences (an agency, a type). `name` is the
 * residence's or agency's name, or the residence kind's code; null for the group of residences without
 * an agency or a type.
 */
export type DashboardRow = { id: string; name: string | null; residenceIds: string[] };
/** One indicator across the rows, after suppression (null = hidden or not computable). */
export type DashboardColumn = {
  indicator: Indicator;
  cells: (number | null)[];
  /** Which cells small-number suppression hid (a null cell not hidden has no value: a rate over nobody). */
  hidden: boolean[];
  total: number | null;
  previous: number | null;
};
export type Dashboard = {
  period: Period;
  previous: Period;
  threshold: number;
  /** Every residence in view (whatever the grouping). */
  residences: DashboardResidence[];
  grouping: Grouping;
  /** The lines the columns' cells belong to: the residences themselves, or their groups. */
  rows: DashboardRow[];
  columns: DashboardColumn[];
  /** When the figures come from the nightly summaries, the time the oldest was computed; null when live. */
  asOf: Date | null;
  /** Grouped by programme with no row: why (a residence is chosen or the viewer sees some residences; the viewer may not see programmes). */
  noProgrammes?: 'scope' | 'permission';
};

const NONE = ['00000000-0000-0000-0000-000000000000'];

/** The residences in view: the actor's scope, narrowed to one residence when asked. */
function scopeOf(actor: Actor, residenceId: string | null): string[] | null {
  if (!residenceId) return actor.residenceIds;
  if (actor.residenceIds && !actor.residenceIds.includes(residenceId)) return NONE;
  return [residenceId];
}

/**
 * The people behind each personal column of the residence view — each residence's count (or rate base)
 * and their total as shown (null when hidden) — which the grouped views audit their groups against.
 * Kept beside the column, never in it, so that no page or export can show them.
 */
const peopleOf = new WeakMap<DashboardColumn, { cells: number[]; total: number | null }>();

/** Hides people counts under the threshold, and rates whose people base is hidden. */
function suppressed(ind: Indicator, ids: string[], r: IndicatorResult, threshold: number) {
  const raw = ids.map((id) => r.byResidence.get(id) ?? null);
  if (!ind.personal) return { cells: raw, hidden: raw.map(() => false), total: r.overall, people: null };
  if (!r.base) {
    const s = suppressColumn(
      raw.map((v) => v ?? 0),
      threshold,
    );
    // The total is the scope's own figure (distinct people are not the sum of their residences),
    // hidden when the sum of the cells would be, or when it is itself a small number.
    const overall = r.overall ?? s.total;
    const small = overall !== null && overall > 0 && overall < Math.max(THRESHOLD_FLOOR, threshold);
    const total = s.total === null || small ? null : overall;
    return {
      cells: s.cells.map((v, i) => (raw[i] === null ? null : v)),
      hidden: raw.map((v, i) => v !== null && s.cells[i] === null),
      total,
      people: { cells: raw.map((v) => v ?? 0), total },
    };
  }
  const base = r.base;
  const people = ids.map((id) => base.byResidence.get(id) ?? 0);
  const mask = suppressColumn(people, threshold);
  const total = base.overall < threshold ? null : r.overall;
  return {
    cells: raw.map((v, i) => (mask.cells[i] === null ? null : v)),
    hidden: mask.cells.map((v) => v === null),
    total,
    people: { cells: people, total: total === null ? null : base.overall },
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

/**
 * Every indicator of the catalogue by residence for a period, with the previous period's totals; with
 * `group`, by agency or residence type instead (see `groupedDashboard`), or the support indicators by
 * programme (`programmeDashboard`).
 */
export async function dashboard(db: Db, actor: Actor, opts: { period: Period; residenceId: string | null; group?: Grouping }): Promise<Dashboard> {
  const orgId = actor.orgId as string;
  return withTenant(db, { orgId }, async (tx) => {
    const { dashboard: d, key } = await residenceDashboard(tx, actor, opts);
    if (!opts.group || opts.group === 'residence') return d;
    // The other views cost more than the residence view (the audit across groupings over 1,500
    // residences; the support figures counted live): kept like it, under the same inputs. The programme
    // view's live figures may so be a minute old, as the residence view's names are.
    const mayReadProgrammes = authorize(actor, 'impact.programmes.read') === 'allow';
    const groupKey = key ? `${key}|${opts.group}|${mayReadProgrammes}` : null;
    const kept = groupKey ? assembled.get(groupKey) : undefined;
    if (kept && kept.at > Date.now() - KEEP_MS) return kept.dashboard;
    const whole = scopeOf(actor, opts.residenceId) === null;
    let g: Dashboard;
    if (opts.group !== 'programme') g = await groupedDashboard(tx, orgId, d, opts.group, whole);
    else if (!mayReadProgrammes) g = { ...(await programmeDashboard(tx, d, false)), noProgrammes: 'permission' };
    else g = { ...(await programmeDashboard(tx, d, whole)), ...(whole ? {} : { noProgrammes: 'scope' as const }) };
    if (groupKey) keep(groupKey, g);
    return g;
  });
}

async function residenceDashboard(tx: Tx, actor: Actor, opts: { period: Period; residenceId: string | null }): Promise<{ dashboard: Dashboard; key: string | null }> {
  const orgId = actor.orgId as string;
  const scope = scopeOf(actor, opts.residenceId);
  const previous = previousPeriod(opts.period);
  {
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
    if (kept && kept.at > Date.now() - KEEP_MS) return { dashboard: kept.dashboard, key };
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
      const col: DashboardColumn = { indicator, cells: s.cells, hidden: s.hidden, total: s.total, previous: p.total };
      if (s.people) peopleOf.set(col, s.people);
      return col;
    });
    const rows = residences.map((r) => ({ id: r.id, name: r.name, residenceIds: [r.id] }));
    const d: Dashboard = { period: opts.period, previous, threshold, residences, grouping: 'residence', rows, columns, asOf };
    if (key) keep(key, d);
    return { dashboard: d, key };
  }
}

/**
 * The dashboard by agency or by residence type: each group's figures are computed over the set of its
 * residences, as the total is over the whole scope (distinct people, medians and rates exact, never
 * summed from the residence cells), live — one computation of the catalogue per group. Figures for the
 * whole landlord only stay empty. Small numbers are hidden by `suppressAcrossGroupings`, against the
 * residence view of the same figures and whatever the other grouping (agency or type) may show, so that
 * no hidden residence can be recovered from the groups, even by subtracting one view from the other,
 * nor narrowed to a few values by its known range (the bounds audit, `domain/bounds.ts`, which reads the
 * residences' counts kept beside the residence view's columns); the totals are the residence view's.
 */
async function groupedDashboard(tx: Tx, orgId: string, d: Dashboard, by: ResidenceGrouping, whole: boolean): Promise<Dashboard> {
  const groups = groupResidences(d.residences, by);
  const members = groups.map((g) => g.members);
  // The other grouping of the same residences, shown on its own page: audited together (see suppressAcrossGroupings).
  const others = groupResidences(d.residences, by === 'agency' ? 'type' : 'agency').map((g) => g.members);
  const perGroup = d.columns.map((c) => c.indicator).filter((i) => !i.landlordOnly);
  const stored = whole ? await readGroupSnapshot(tx, d.period) : null;
  const results: Map<string, IndicatorResult>[] = [];
  // One group after the other on the one transaction (pg answers one query at a time per connection).
  for (const g of groups) {
    const ids = g.members.map((i) => d.residences[i].id);
    const night = stored ? storedGroup(stored.groups[by], g.name, ids, perGroup) : null;
    if (night) {
      results.push(night);
      continue;
    }
    const computed = await computeIndicators(tx, orgId, d.period, ids, perGroup);
    results.push(new Map(computed.map((c) => [c.indicator.key, c.result])));
  }
  const columns = d.columns.map((col): DashboardColumn => {
    const rs = results.map((m) => m.get(col.indicator.key));
    const values = rs.map((r) => r?.overall ?? null);
    if (!col.indicator.personal) return { ...col, cells: values, hidden: values.map(() => false) };
    const people = rs.map((r) => (r?.base ? r.base.overall : (r?.overall ?? 0)));
    const behind = peopleOf.get(col);
    const hidden = suppressAcrossGroupings({
      values: people,
      groups: members,
      hidden: col.hidden,
      people: behind?.cells ?? col.hidden.map(() => 0),
      total: col.total === null ? null : (behind?.total ?? null),
      others: [others],
      threshold: d.threshold,
    });
    return { ...col, cells: values.map((v, i) => (hidden[i] ? null : v)), hidden };
  });
  const rows = groups.map((g) => ({ id: g.id, name: g.name, residenceIds: g.members.map((i) => d.residences[i].id) }));
  return { ...d, grouping: by, rows, columns };
}

/**
 * A group's figures from the nightly snapshot, when the group had then exactly the residences it has now
 * and every indicator asked was computed; else null (the group is computed live).
 */
function storedGroup(stored: StoredGroup[], name: string | null, ids: string[], indicators: Indicator[]): Map<string, IndicatorResult> | null {
  const found = stored.find((s) => s.name === name);
  if (!found || found.members.length !== ids.length) return null;
  const now = [...ids].sort();
  if (now.some((id, i) => id !== found.members[i])) return null;
  const out = new Map<string, IndicatorResult>();
  for (const i of indicators) {
    const h = found.results[i.key];
    if (!h) return null;
    out.set(i.key, { byResidence: new Map(), overall: h.overall, ...(h.base === null ? {} : { base: { byResidence: new Map(), overall: h.base } }) });
  }
  return out;
}
