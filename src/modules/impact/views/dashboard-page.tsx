import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { GROUPINGS, type Grouping } from '../domain/grouping.js';
import type { Dashboard } from '../queries/dashboard.js';
import type { ServiceRequests } from '../../concierge/index.js';
import { BarChart } from './bar-chart.js';
import { ServiceTable } from './service-table.js';
import { dashboardTable, formatValue, periodLabel, rowLabel } from './format.js';

export type DashboardFilters = {
  year: number;
  quarter: number | null;
  /** 1–12 when one month is shown (it then wins over the quarter). */
  month: number | null;
  residenceId: string | null;
  /** The rows: residences (the default), agencies or residence types. */
  group: Grouping;
  chart: string;
  query: string;
  /** The page of residence rows shown (1-based); exports always hold every row. */
  page: number;
  /** Part of a residence's name: only the rows that match are shown (the chart's summary and exports keep all). */
  find: string;
};

/** Above this many residences, a name search replaces the list to choose from (a phone cannot scroll 1,500 options). */
export const SEARCH_FROM = 60;

/** The dashboard for the same period and chart, for all residences or for one. */
const dashboardUrl = (f: DashboardFilters, residenceId?: string) =>
  `/impact?${new URLSearchParams({ year: String(f.year), quarter: f.month ? '' : f.quarter ? String(f.quarter) : '', ...(f.month ? { month: String(f.month) } : {}), ...(residenceId ? { residence: residenceId } : {}), ...(f.group !== 'residence' ? { group: f.group } : {}), chart: f.chart }).toString()}`;

/** Lower case without accents, so that "Resid" finds "Résidence". */
const folded = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Residence rows per page: a landlord has hundreds of residences, a phone screen a few dozen lines. */
export const ROWS_PER_PAGE = 50;

/** Previous / next pages of residence rows, keeping the filters. */
function RowPaging(props: { c: Context<AppEnv>; f: DashboardFilters; total: number }) {
  const t = props.c.get('t');
  const { page } = props.f;
  const first = (page - 1) * ROWS_PER_PAGE + 1;
  const last = Math.min(props.total, page * ROWS_PER_PAGE);
  if (props.total <= ROWS_PER_PAGE) return null;
  const link = (n: number) => `/impact?${props.f.query}&page=${n}`;
  return (
    <nav aria-label={t('impact.paging.label')}>
      <p>{t('impact.paging.range', { first, last, total: props.total })}</p>
      {page > 1 && <a href={link(page - 1)}>{t('admin.previous')}</a>} {last < props.total && <a href={link(page + 1)}>{t('admin.next')}</a>}
    </nav>
  );
}

function Filters(props: { c: Context<AppEnv>; f: DashboardFilters; residences: { id: string; name: string }[]; chartKeys: { key: string; label: string }[]; thisYear: number }) {
  const t = props.c.get('t');
  const years = Array.from({ length: 6 }, (_, i) => props.thisYear - i);
  return (
    <form method="get" action="/impact" class="filters">
      <label for="f-year">{t('impact.filter.year')}</label>
      <select id="f-year" name="year">
        {years.map((y) => (
          <option value={String(y)} selected={y === props.f.year}>
            {String(y)}
          </option>
        ))}
      </select>
      <label for="f-quarter">{t('impact.filter.quarter')}</label>
      <select id="f-quarter" name="quarter">
        <option value="">{t('impact.filter.wholeYear')}</option>
        {[1, 2, 3, 4].map((q) => (
          <option value={String(q)} selected={!props.f.month && q === props.f.quarter}>
            {t('impact.filter.quarterN', { quarter: q })}
          </option>
        ))}
      </select>
      <label for="f-month">{t('impact.filter.month')}</label>
      <select id="f-month" name="month">
        <option value="">{t('impact.filter.allMonths')}</option>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <option value={String(m)} selected={m === props.f.month}>
            {t(`impact.month.${m}`)}
          </option>
        ))}
      </select>
      {props.residences.length > SEARCH_FROM ? (
        <>
          <label for="f-find">{t('impact.filter.find')}</label>
          <input id="f-find" name="find" type="search" maxlength={80} value={props.f.find} aria-describedby="f-find-hint" />
          <p id="f-find-hint" class="hint">
            {t('impact.filter.findHint')}
          </p>
          {props.f.residenceId && (
            <p>
              <input type="hidden" name="residence" value={props.f.residenceId} />
              {t('impact.filter.oneShown', { name: props.residences.find((r) => r.id === props.f.residenceId)?.name ?? '' })}{' '}
              <a href={dashboardUrl(props.f)}>{t('impact.filter.allResidences')}</a>
            </p>
          )}
        </>
      ) : (
        <>
          <label for="f-residence">{t('impact.filter.residence')}</label>
          <select id="f-residence" name="residence">
            <option value="">{t('impact.filter.allResidences')}</option>
            {props.residences.map((r) => (
              <option value={r.id} selected={r.id === props.f.residenceId}>
                {r.name}
              </option>
            ))}
          </select>
        </>
      )}
      <label for="f-group">{t('impact.filter.group')}</label>
      <select id="f-group" name="group">
        {GROUPINGS.map((g) => (
          <option value={g} selected={g === props.f.group}>
            {t(`impact.group.${g}`)}
          </option>
        ))}
      </select>
      <label for="f-chart">{t('impact.filter.chart')}</label>
      <select id="f-chart" name="chart">
        {props.chartKeys.map((k) => (
          <option value={k.key} selected={k.key === props.f.chart}>
            {k.label}
          </option>
        ))}
      </select>
      <button type="submit">{t('impact.filter.show')}</button>
    </form>
  );
}

/** The dashboard: filters, one chart with its table, every indicator by residence, exports and definitions. */
export function DashboardPage(props: { c: Context<AppEnv>; d: Dashboard; f: DashboardFilters; residences: { id: string; name: string }[]; thisYear: number; services: ServiceRequests[] }) {
  const { c, d, f } = props;
  const t = c.get('t');
  const locale = c.get('locale');
  const col = d.columns.find((x) => x.indicator.key === f.chart) ?? d.columns[0];
  const unit = col.indicator.unit;
  // Values are formatted only where shown: a landlord has 1,500 residences, a page 50.
  const show = (b: { label: string; value: number | null }) => ({ ...b, display: formatValue(t, locale, unit, b.value) });
  const bars = d.rows.map((r, i) => ({ label: rowLabel(t, d.grouping, r), value: col.cells[i] }));
  const shown = bars.filter((b) => b.value !== null).sort((a, b) => (b.value as number) - (a.value as number));
  // The rows listed: those whose name matches the search (residences only: groups are few), a page of them at a time.
  const wanted = d.grouping === 'residence' ? folded(f.find) : '';
  const matching = d.rows.flatMap((r, i) => (!wanted || folded(r.name ?? '').includes(wanted) ? [i] : []));
  const from = Math.min((f.page - 1) * ROWS_PER_PAGE, Math.max(0, matching.length - 1));
  const pageRows = matching.slice(from, from + ROWS_PER_PAGE);
  const pageBars = pageRows.map((i) => show(bars[i]));
  const summary =
    shown.length === 0
      ? t('impact.chart.noneShown')
      : t('impact.chart.summary', {
          indicator: t(col.indicator.label),
          high: shown[0].label,
          highValue: show(shown[0]).display,
          low: shown[shown.length - 1].label,
          lowValue: show(shown[shown.length - 1]).display,
          hidden: bars.length - shown.length,
        });
  const table = dashboardTable(t, d);
  // The rows of this page (a residence links to its own figures), then the total and the previous period's total.
  const tableRows = [...pageRows.map((i) => ({ ...table.rows[i], id: d.grouping === 'residence' ? d.rows[i].id : null })), ...table.rows.slice(d.rows.length).map((r) => ({ ...r, id: null }))];
  const label = periodLabel(t, d.period);
  const by = t(`impact.group.by.${d.grouping}`);
  return (
    <Layout c={c} title={t('impact.dashboard.title')}>
      <h1>{t('impact.dashboard.title')}</h1>
      <Filters
        c={c}
        f={f}
        residences={props.residences}
        chartKeys={d.columns.map((x) => ({
          key: x.indicator.key,
          label: t(x.indicator.label),
        }))}
        thisYear={props.thisYear}
      />
      <p role="status">
        {t('impact.dashboard.lead', {
          period: label,
          count: d.residences.length,
          threshold: d.threshold,
        })}
        {d.asOf ? ` ${t('impact.dashboard.asOf', { at: formatters(c.get('locale')).dateTime(d.asOf) })}` : ''}
        {d.grouping === 'programme' ? ` ${t('impact.group.programmeLead', { count: d.rows.length })}` : d.grouping !== 'residence' ? ` ${t('impact.group.lead', { by, count: d.rows.length })}` : ''}
      </p>
      {d.grouping === 'programme' && d.rows.length === 0 && <p>{t(d.noProgrammes === 'permission' ? 'impact.group.programmeManagers' : 'impact.group.programmeWhole')}</p>}
      <section aria-labelledby="chart-h">
        <h2 id="chart-h">
          {t('impact.chart.heading', {
            indicator: t(col.indicator.label),
            by,
            period: label,
          })}
        </h2>
        <BarChart
          id="chart"
          title={t('impact.chart.heading', {
            indicator: t(col.indicator.label),
            by,
            period: label,
          })}
          summary={summary}
          bars={pageBars}
          max={unit === 'percent' ? 100 : undefined}
        />
        <TableWrap label={t('impact.chart.table')}>
          <table>
            <caption>{t('impact.chart.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`impact.group.${d.grouping}`)}</th>
                <th scope="col">{t(col.indicator.label)}</th>
              </tr>
            </thead>
            <tbody>
              {pageBars.map((b) => (
                <tr>
                  <th scope="row">{b.label}</th>
                  <td>{b.display}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="all-h">
        <h2 id="all-h">{t('impact.all.heading')}</h2>
        <TableWrap label={t('impact.all.caption', { by, period: label })}>
          <table>
            <caption>{t('impact.all.caption', { by, period: label })}</caption>
            <thead>
              <tr>
                {table.headers.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tableRows.map((r) => (
                <tr>
                  <th scope="row">{r.id && d.rows.length > 1 ? <a href={dashboardUrl(f, r.id)}>{r.label}</a> : r.label}</th>
                  {r.values.map((v, k) => (
                    <td>{formatValue(t, locale, d.columns[k].indicator.unit, v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      {f.find && matching.length === 0 && <p>{t('impact.filter.noMatch', { find: f.find })}</p>}
      <RowPaging c={c} f={f} total={matching.length} />
      <ServiceTable c={c} rows={props.services} period={label} query={f.query} />
      <section aria-labelledby="exports-h">
        <h2 id="exports-h">{t('impact.exports.heading')}</h2>
        <ul>
          <li>
            <a href={`/impact/export.csv?${f.query}`}>{t('impact.exports.csv')}</a>
          </li>
          <li>
            <a href={`/impact/export.xlsx?${f.query}`}>{t('impact.exports.xlsx')}</a>
          </li>
          <li>
            <a href={`/impact/report.pdf?${f.query}`}>{t('impact.exports.pdf')}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="defs-h">
        <h2 id="defs-h">{t('impact.defs.heading')}</h2>
        <dl>
          {d.columns.map((x) => (
            <>
              <dt>{t(x.indicator.label)}</dt>
              <dd>{`${t(x.indicator.definition)} ${x.indicator.personal ? t('impact.defs.personal', { threshold: d.threshold }) : ''}`}</dd>
            </>
          ))}
        </dl>
      </section>
    </Layout>
  );
}
