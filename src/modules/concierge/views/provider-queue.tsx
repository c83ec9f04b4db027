import { formatters } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { RequestRow } from '../queries/requests.js';
import { type Ctx, nameIn, StatusBadge } from '../routes/helpers.js';

/** A provider's work: what to answer, what is under way, what is finished — never who the household is. */
export function ProviderQueue(props: { c: Ctx; rows: RequestRow[]; providerNames: string[] }) {
  const { c, rows } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const waiting = rows.filter((r) => r.status === 'dispatched').length;
  return (
    <>
      <p>{t('concierge.provider.for', { names: props.providerNames.join(', ') })}</p>
      <p>{t('concierge.provider.waiting', { count: waiting })}</p>
      {rows.length === 0 ? (
        <p>{t('concierge.provider.none')}</p>
      ) : (
        <TableWrap label={t('concierge.provider.tableLabel')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('concierge.request.service')}</th>
                <th scope="col">{t('concierge.order.wantedOn')}</th>
                <th scope="col">{t('concierge.order.quantity')}</th>
                <th scope="col">{t('concierge.request.status')}</th>
                <th scope="col">{t('concierge.provider.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/concierge/provider/requests/${r.id}`}>{nameIn(c, { name_fr: r.service_fr, name_en: r.service_en })}</a>
                  </td>
                  <td>{f.date(new Date(`${r.wanted_on}T12:00:00Z`))}</td>
                  <td>{`${f.number(r.quantity)} × ${t(`concierge.unit.${r.unit}`)}`}</td>
                  <td>
                    <StatusBadge c={c} status={r.status} late={r.late} />
                  </td>
                  <td>{r.net_cents === null ? '' : f.money(r.net_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
