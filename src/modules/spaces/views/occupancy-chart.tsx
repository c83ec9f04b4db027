import type { Translate } from '../../../platform/i18n/index.js';
import { BarChart } from '../../../platform/ui/bar-chart.js';
import type { OccupancyRow } from '../queries/occupancy.js';

/**
 * The occupancy rate of each space as bars (0–100 %), drawn on the server, with a sentence that says
 * what the chart shows; the table below carries every figure.
 */
export function OccupancyChart(p: { t: Translate; num: (n: number) => string; rows: OccupancyRow[]; title: string }) {
  const { t } = p;
  const pct = (v: number | null) => (v === null ? '—' : `${p.num(v)} %`);
  const rated = p.rows.filter((r) => r.rate !== null).sort((a, b) => (b.rate as number) - (a.rate as number));
  const summary =
    rated.length === 0
      ? t('spaces.occupancy.chartNoRate')
      : t('spaces.occupancy.chartSummary', { count: rated.length, top: rated[0].name, topRate: pct(rated[0].rate), low: rated[rated.length - 1].name, lowRate: pct(rated[rated.length - 1].rate) });
  return <BarChart id="occupancy-chart" title={p.title} summary={summary} max={100} bars={p.rows.map((r) => ({ label: r.name, value: r.rate, display: pct(r.rate) }))} />;
}
