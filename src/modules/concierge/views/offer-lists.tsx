import { formatters } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { CatalogueItem } from '../queries/offer.js';
import type { ProviderAdminRow } from '../queries/offer-admin.js';
import { type Ctx, nameIn } from '../routes/helpers.js';

/** The whole catalogue for the manager, withdrawn services included, each with its edit link. */
export function ServiceTable(props: { c: Ctx; items: CatalogueItem[] }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <TableWrap label={t('concierge.manage.catalogue.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('concierge.request.service')}</th>
            <th scope="col">{t('concierge.manage.service.unitCost')}</th>
            <th scope="col">{t('concierge.manage.service.provider')}</th>
            <th scope="col">{t('concierge.manage.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => (
            <tr>
              <td>
                <a href={`/concierge/desk/catalogue/${i.id}`}>{nameIn(c, i)}</a>
              </td>
              <td>{`${f.money(i.unit_cost_cents)} ${t(`concierge.unit.${i.unit}`)} — ${t('concierge.manage.service.vat', { rate: i.vat_rate_bp / 100 })}`}</td>
              <td>{i.provider_name ?? ''}</td>
              <td>{t(i.active ? 'concierge.manage.active' : 'concierge.manage.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The providers with their labels, contact, area, account and next document expiry. */
export function ProviderTable(props: { c: Ctx; rows: ProviderAdminRow[] }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <TableWrap label={t('concierge.manage.providers.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('concierge.manage.provider.name')}</th>
            <th scope="col">{t('concierge.labels.title')}</th>
            <th scope="col">{t('concierge.manage.provider.contact')}</th>
            <th scope="col">{t('concierge.manage.providers.nextExpiry')}</th>
            <th scope="col">{t('concierge.manage.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((p) => (
            <tr>
              <td>
                <a href={`/concierge/desk/providers/${p.id}`}>{p.name}</a>
                {p.has_account ? ` — ${t('concierge.manage.providers.account')}` : ''}
              </td>
              <td>{p.labels.map((l) => t(`concierge.labels.${l}`)).join(', ')}</td>
              <td>
                {p.contact}
                {p.service_area ? ` — ${p.service_area}` : ''}
              </td>
              <td>{p.next_expiry ? f.date(new Date(`${p.next_expiry}T12:00:00Z`)) : t('concierge.manage.providers.noDocument')}</td>
              <td>{t(p.active ? 'concierge.manage.active' : 'concierge.manage.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
