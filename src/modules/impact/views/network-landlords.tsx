import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { findIndicator } from '../indicators/registry.js';
import { catalogueKey, type Distribution } from '../queries/benchmark.js';
import { BarChart } from './bar-chart.js';
import { formatValue } from './format.js';

/** One line of the network by landlord: the viewer's own landlord (named), or the network's anonymous quartiles. */
export type LandlordLine = { label: string; values: (number | null)[] };

/**
 * The benchmark as a table by landlord: which landlord's figures a viewer may see is decided by the
 * benchmark function, not here — its own landlord's (a member's, for the indicators it shares, drawn
 * from enough households), and every other member only inside the anonymous quartiles, which need 3
 * contributing members. The network's own staff therefore get no named line. Counts of contributing
 * members close the table.
 */
export function landlordTable(t: Translate, rows: Distribution[], ownName: string | null): { headers: string[]; lines: LandlordLine[] } {
  const headers = [t('impact.network.landlord'), ...rows.map((d) => t(findIndicator(catalogueKey(d.key))?.label ?? d.key))];
  const lines: LandlordLine[] = [
    ...(ownName !== null ? [{ label: t('impact.network.ownNamed', { name: ownName }), values: rows.map((d) => d.own) }] : []),
    { label: t('impact.network.othersQ1'), values: rows.map((d) => d.q1) },
    { label: t('impact.network.othersMedian'), values: rows.map((d) => d.median) },
    { label: t('impact.network.othersQ3'), values: rows.map((d) => d.q3) },
    { label: t('impact.network.members'), values: rows.map((d) => d.members) },
  ];
  return { headers, lines };
}

/** The network by landlord: a chart of the chosen indicator with its table, then every indicator, and the CSV export. */
export function LandlordView(props: { c: Context<AppEnv>; rows: Distribution[]; ownName: string | null; chart: string; query: string }) {
  const t = props.c.get('t');
  const locale = props.c.get('locale');
  const table = landlordTable(t, props.rows, props.ownName);
  const k = Math.max(0, props.rows.findIndex((d) => d.key === props.chart));
  const d = props.rows[k];
  const ind = d ? findIndicator(catalogueKey(d.key)) : undefined;
  if (!d || !ind) return null;
  const unit = (i: number) => findIndicator(catalogueKey(props.rows[i].key))?.unit ?? 'count';
  const show = (i: number, v: number | null, line: number) => (line === table.lines.length - 1 ? String(v ?? 0) : formatValue(t, locale, unit(i), v));
  const figures = table.lines.slice(0, -1);
  const bars = figures.map((l, line) => ({ label: l.label, value: l.values[k], display: show(k, l.values[k], line) }));
  const label = t(ind.label);
  const summary = d.median === null ? t('impact.network.tooFew', { members: d.members }) : t('impact.network.byLandlordSummary', { indicator: label, lines: bars.map((b) => `${b.label} ${b.display}`).join(' ; ') });
  return (
    <>
      <section aria-labelledby="landlord-chart-h">
        <h2 id="landlord-chart-h">{t('impact.network.byLandlordChart', { indicator: label })}</h2>
        <BarChart id="landlord-chart" title={t('impact.network.byLandlordChart', { indicator: label })} summary={summary} bars={bars} max={ind.unit === 'percent' ? 100 : undefined} />
        <TableWrap label={`${label} : ${t('impact.chart.table')}`}>
          <table>
            <caption>{`${label} : ${t('impact.chart.table')}`}</caption>
            <tbody>
              {bars.map((b) => (
                <tr>
                  <th scope="row">{b.label}</th>
                  <td>{b.display}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="landlord-all-h">
        <h2 id="landlord-all-h">{t('impact.network.byLandlordAll')}</h2>
        <TableWrap label={t('impact.network.byLandlordTable')}>
          <table>
            <caption>{t('impact.network.byLandlordAll')}</caption>
            <thead>
              <tr>
                {table.headers.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.lines.map((l, line) => (
                <tr>
                  <th scope="row">{l.label}</th>
                  {l.values.map((v, i) => (
                    <td>{show(i, v, line)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>
          <a href={`/impact/network/export.csv?${props.query}`}>{t('impact.network.exportCsv')}</a>
        </p>
      </section>
    </>
  );
}
