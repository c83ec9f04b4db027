import { formatters } from '../../../platform/i18n/index.js';
import { Field, PostForm } from '../../../platform/ui/form.js';
import type { Ctx } from '../routes/helpers.js';

export type CreditableLine = { position: number; label: string; quantity: number; netCents: number; vatCents: number };
export type CreditFormState = { values: Record<string, string>; errors: Record<string, string> };

/**
 * The correction of an issued statement by a credit note: cancel all that is left, or the quantities
 * typed per line (each never more than the line still holds), with an optional reason printed on it.
 * Works without JavaScript; errors stand beside their field, values are kept.
 */
export function CreditForm(props: { c: Ctx; action: string; lines: CreditableLine[]; state: CreditFormState; idempotencyKey: string }) {
  const { c, state } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const v = state.values;
  return (
    <section aria-labelledby="credit-title">
      <h2 id="credit-title">{t('concierge.statement.credit')}</h2>
      <p>{t('concierge.credit.intro')}</p>
      <PostForm action={props.action} csrf={c.get('csrf')}>
        <input type="hidden" name="idempotencyKey" value={v.idempotencyKey ?? props.idempotencyKey} />
        <fieldset aria-describedby={state.errors.lines ? 'f-lines-error' : undefined}>
          <legend>{t('concierge.credit.legend')}</legend>
          {state.errors.lines && (
            <p>
              <span class="error" id="f-lines-error">
                {t(state.errors.lines)}
              </span>
            </p>
          )}
          {props.lines.map((l) => (
            <Field
              t={t}
              name={`q${l.position}`}
              label={t('concierge.credit.quantity', { label: l.label })}
              hint={t('concierge.credit.left', { quantity: l.quantity, amount: f.money(l.netCents + l.vatCents) })}
              value={v[`q${l.position}`] ?? ''}
              inputmode="numeric"
              error={state.errors[`q${l.position}`]}
            />
          ))}
        </fieldset>
        <Field t={t} name="reason" label={t('concierge.credit.reason')} hint={t('concierge.credit.reasonHint')} value={v.reason ?? ''} error={state.errors.reason} />
        <p>
          <button type="submit" name="scope" value="part">
            {t('concierge.credit.part')}
          </button>{' '}
          <button type="submit" name="scope" value="all">
            {t('concierge.credit.all')}
          </button>
        </p>
      </PostForm>
    </section>
  );
}

/** The form's quantities by line position: empty is none; anything but a whole number is that field's error. */
export function parseCreditForm(form: Record<string, string>, lines: CreditableLine[]): { quantities?: Record<number, number>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if ((form.reason ?? '').trim().length > 300) errors.reason = 'concierge.error.creditReason';
  if (form.scope !== 'part') return { errors };
  const quantities: Record<number, number> = {};
  for (const l of lines) {
    const raw = (form[`q${l.position}`] ?? '').trim();
    if (raw === '') continue;
    if (!/^\d{1,4}$/.test(raw) || Number(raw) > l.quantity) errors[`q${l.position}`] = 'concierge.error.creditQuantity';
    else quantities[l.position] = Number(raw);
  }
  if (!Object.keys(errors).length && !Object.values(quantities).some((n) => n > 0)) errors.lines = 'concierge.error.creditNothing';
  return { quantities, errors };
}
