import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ServiceRequests } from '../../concierge/index.js';
import { formatValue } from './format.js';

/** The breakdown's header and rows, the same on the page, in the CSV and in the workbook. */
export function serviceRows(t: Translate, locale: Locale, rows: ServiceRequests[]): { headers: string[]; rows: { label: string; values: (number | null)[] }[] } {
  return {
    headers: [t('impact.services.service'), t('impact.services.requests'), t('impact.services.open'), t('impact.services.done'), t('impact.services.cancelled'), t('impact.services.medianDays')],
    rows: rows.map((r) => ({ label: locale === 'en' ? r.nameEn : r.nameFr, values: [r.requests, r.open, r.done, r.cancelled, r.medianDaysToDone] })),
  };
}

const UNITS = ['count', 'count', 'count', 'count', 'days'] as const;

/** The concierge requests by service and status, with its own CSV. */
export function ServiceTable(p: { c: Context<AppEnv>; rows: ServiceRequests[]; period: string; query: string }) {
  const t = p.c.get('t');
  const locale = p.c.get('locale');
  const table = serviceRows(t, locale, p.rows);
  const caption = t('impact.services.caption', { period: p.period });
  return (
    <section aria-labelledby="services-h">
      <h2 id="services-h">{t('impact.services.heading')}</h2>
      {p.rows.length === 0 ? (
        <p>{t('impact.services.none')}</p>
      ) : (
        <>
          <TableWrap label={caption}>
            <table>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  {table.headers.map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.label}</th>
                    {r.values.map((v, k) => (
                      <td>{v === null ? '—' : formatValue(t, locale, UNITS[k], v)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p>
            <a href={`/impact/services.csv?${p.query}`}>{t('impact.services.csv')}</a>
          </p>
        </>
      )}
    </section>
  );
}
