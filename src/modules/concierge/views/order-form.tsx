import { randomUUID } from 'node:crypto';
import { ErrorSummary, Field, PostForm } from '../../../platform/ui/form.js';
import type { CatalogueItem } from '../queries/offer.js';
import { type Ctx, unitPrice } from '../routes/helpers.js';

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Few fields, sensible defaults: one tap to order the usual quantity for tomorrow. */
export function OrderForm(props: { c: Ctx; item: CatalogueItem; action: string; values: Record<string, string>; errors: Record<string, string>; subscribed: boolean; heading?: boolean }) {
  const { c, item, values, errors } = props;
  const t = c.get('t');
  const en = c.get('locale') === 'en';
  const labels = {
    quantity: t('concierge.order.quantity'),
    wantedOn: t('concierge.order.wantedOn'),
    notes: t('concierge.order.notes'),
  };
  return (
    <>
      {props.heading !== false && (
        <h1>
          {t('concierge.order.heading', {
            name: en ? item.name_en : item.name_fr,
          })}
        </h1>
      )}
      <p>{unitPrice(c, item.unit_cost_cents, item.vat_rate_bp, item.unit)}</p>
      {!props.subscribed ? (
        <p>{t('concierge.error.notSubscribed')}</p>
      ) : (
        <>
          <ErrorSummary t={t} errors={errors} labels={labels} />
          <PostForm action={props.action} csrf={c.get('csrf')}>
            <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? randomUUID()} />
            <Field
              t={t}
              name="quantity"
              label={labels.quantity}
              hint={t(`concierge.unitHint.${item.unit}`)}
              type="number"
              inputmode="numeric"
              value={values.quantity ?? '1'}
              error={errors.quantity}
              required
            />
            <Field t={t} name="wantedOn" label={labels.wantedOn} type="date" value={values.wantedOn ?? tomorrow()} error={errors.wantedOn} required />
            <label for="f-notes">{labels.notes}</label>
            <span class="hint" id="f-notes-hint">
              {t('concierge.order.notesHint')}
            </span>
            {errors.notes && (
              <span class="error" id="f-notes-error">
                {t(errors.notes)}
              </span>
            )}
            <textarea
              id="f-notes"
              name="notes"
              rows={3}
              maxlength={500}
              aria-describedby={errors.notes ? 'f-notes-hint f-notes-error' : 'f-notes-hint'}
              aria-invalid={errors.notes ? 'true' : undefined}
            >
              {values.notes ?? ''}
            </textarea>
            <button type="submit">{t('concierge.order.submit')}</button>
          </PostForm>
        </>
      )}
    </>
  );
}
