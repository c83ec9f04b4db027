import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { findIndicator } from '../indicators/registry.js';
import { BENCHMARK_KEYS, catalogueKey, type Distribution, type NetworkRef } from '../queries/benchmark.js';
import { BarChart } from './bar-chart.js';
import { formatValue } from './format.js';
import { LandlordView } from './network-landlords.js';
import { NetworkSelect } from './network-select.js';

type Props = {
  c: Context<AppEnv>;
  networks: NetworkRef[];
  network: NetworkRef | null;
  year: number;
  rows: Distribution[];
  shares: string[] | null;
  saved: boolean;
  /** `landlord`: the table by landlord (own landlord named, the others as quartiles); else one block per indicator. */
  view: 'indicator' | 'landlord';
  /** The indicator of the chart by landlord. */
  chart: string;
  /** The viewer's organisation's name when it is a member (its own line), else null. */
  ownName: string | null;
};

function DistributionBlock(props: { c: Context<AppEnv>; d: Distribution; isMember: boolean }) {
  const t = props.c.get('t');
  const locale = props.c.get('locale');
  const ind = findIndicator(catalogueKey(props.d.key));
  if (!ind) return null;
  const label = t(ind.label);
  const f = (v: number | null) => formatValue(t, locale, ind.unit, v);
  const { d } = props;
  const anchor = d.key.replace('.', '-');
  const hidden = d.median === null;
  const bars = [
    { label: t('impact.network.q1'), value: d.q1, display: f(d.q1) },
    {
      label: t('impact.network.median'),
      value: d.median,
      display: f(d.median),
    },
    { label: t('impact.network.q3'), value: d.q3, display: f(d.q3) },
    ...(props.isMember ? [{ label: t('impact.network.own'), value: d.own, display: f(d.own) }] : []),
  ];
  const values = {
    indicator: label,
    median: f(d.median),
    q1: f(d.q1),
    q3: f(d.q3),
    own: f(d.own),
  };
  const summary = props.isMember ? t('impact.network.summaryOwn', values) : t('impact.network.summary', values);
  return (
    <section aria-labelledby={`b-${anchor}`}>
      <h2 id={`b-${anchor}`}>{label}</h2>
      {hidden ? (
        <p>{t('impact.network.tooFew', { members: d.members })}</p>
      ) : (
        <BarChart id={`chart-${anchor}`} title={label} summary={summary} bars={bars} max={ind.unit === 'percent' ? 100 : undefined} />
      )}
      <TableWrap label={`${label} : ${t('impact.chart.table')}`}>
        <table>
          <caption>{label}</caption>
          <tbody>
            {bars.map((b) => (
              <tr>
                <th scope="row">{b.label}</th>
                <td>{b.display}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('impact.network.members')}</th>
              <td>{String(d.members)}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/** The network benchmark: quartiles per indicator, the member's own figure beside them, and its sharing choices. */
export function NetworkPage(p: Props) {
  const t = p.c.get('t');
  return (
    <Layout c={p.c} title={t('impact.network.title')}>
      <h1>{t('impact.network.title')}</h1>
      {p.saved && (
        <p class="notice" role="status">
          {t('impact.network.sharesSaved')}
        </p>
      )}
      {!p.network ? (
        <p>{t('impact.network.none')}</p>
      ) : (
        <>
          <form method="get" action="/impact/network">
            <NetworkSelect t={t} networks={p.networks} selected={p.network} />
            <label for="f-year">{t('impact.filter.year')}</label>
            <input id="f-year" name="year" type="number" inputmode="numeric" value={String(p.year)} />
            <label for="f-view">{t('impact.network.view')}</label>
            <select id="f-view" name="group">
              {(['indicator', 'landlord'] as const).map((v) => (
                <option value={v === 'indicator' ? '' : v} selected={v === p.view}>
                  {t(`impact.network.view.${v}`)}
                </option>
              ))}
            </select>
            <label for="f-chart">{t('impact.network.chartOf')}</label>
            <select id="f-chart" name="chart">
              {BENCHMARK_KEYS.map((k) => (
                <option value={k} selected={k === p.chart}>
                  {t(findIndicator(catalogueKey(k))?.label ?? k)}
                </option>
              ))}
            </select>
            <button type="submit">{t('impact.filter.show')}</button>
          </form>
          <p>
            <a href={p.network.id === p.c.get('actor')?.orgId ? '/impact/network/club' : `/impact/network/meetings?network=${p.network.id}`}>{t('impact.club.link')}</a>
          </p>
          <p>
            {t('impact.network.lead', {
              network: p.network.name,
              year: p.year,
            })}
          </p>
          {p.view === 'landlord' ? (
            <>
              <p>{t('impact.network.byLandlordLead')}</p>
              <LandlordView c={p.c} rows={p.rows} ownName={p.ownName} chart={p.chart} query={new URLSearchParams({ network: p.network.id, year: String(p.year), chart: p.chart }).toString()} />
            </>
          ) : (
            p.rows.map((d) => <DistributionBlock c={p.c} d={d} isMember={p.shares !== null} />)
          )}
          {p.shares !== null && (
            <section aria-labelledby="shares-h">
              <h2 id="shares-h">{t('impact.network.sharesHeading')}</h2>
              <PostForm action={`/impact/network/shares?network=${p.network.id}`} csrf={p.c.get('csrf')}>
                <fieldset>
                  <legend>{t('impact.network.sharesHint')}</legend>
                  {BENCHMARK_KEYS.map((k) => (
                    <label class="check" for={`f-share-${k.replace('.', '-')}`}>
                      <input type="checkbox" id={`f-share-${k.replace('.', '-')}`} name="share" value={k} checked={p.shares?.includes(k)} />
                      {t(findIndicator(catalogueKey(k))?.label ?? `impact.ind.${k}`)}
                    </label>
                  ))}
                </fieldset>
                <button type="submit">{t('impact.network.sharesSave')}</button>
              </PostForm>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}
