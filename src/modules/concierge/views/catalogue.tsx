import type { CatalogueItem } from '../queries/offer.js';
import { type Ctx, unitPrice } from '../routes/helpers.js';

export function Labels(props: { c: Ctx; labels: string[] | null }) {
  const t = props.c.get('t');
  if (!props.labels?.length) return null;
  return (
    <ul class="labels" aria-label={props.c.get('t')('concierge.labels.title')}>
      {props.labels.map((l) => (
        <li>{t(`concierge.labels.${l}`)}</li>
      ))}
    </ul>
  );
}

/** The catalogue as cards: plain words, a price per unit (VAT included), the provider's labels. */
export function CatalogueList(props: { c: Ctx; items: CatalogueItem[]; orderable: boolean }) {
  const { c } = props;
  const t = c.get('t');
  const en = c.get('locale') === 'en';
  return (
    <ul class="panels">
      {props.items.map((i) => (
        <li>
          <h2>{en ? i.name_en : i.name_fr}</h2>
          <p>{en ? i.description_en : i.description_fr}</p>
          <p>
            <strong>{unitPrice(c, i.unit_cost_cents, i.vat_rate_bp, i.unit)}</strong>
          </p>
          {i.provider_name && <p>{t('concierge.services.by', { provider: i.provider_name })}</p>}
          <Labels c={c} labels={i.provider_labels} />
          {props.orderable && (
            <a
              class="button"
              href={`/concierge/services/${i.id}`}
              aria-label={t('concierge.services.orderNamed', {
                name: en ? i.name_en : i.name_fr,
              })}
            >
              {t('concierge.services.order')}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
