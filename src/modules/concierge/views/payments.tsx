import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { PAYMENT_METHODS } from '../domain/payments.js';
import type { Balance, PaymentRow, UnpaidStatement } from '../queries/balances.js';
import type { ReceiptListRow } from '../queries/receipts.js';
import type { Ctx } from '../routes/helpers.js';

export type PaymentFormState = { values: Record<string, string>; errors: Record<string, string> };

/** Recording a payment: method, amount in euros, date, reference; the amount still owed is the hint. */
export function PaymentForm(props: { c: Ctx; action: string; legend: string; owedCents: number; state: PaymentFormState; idempotencyKey: string; children?: unknown }) {
  const { c, state } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const v = state.values;
  const labels = { method: t('concierge.payment.method'), amount: t('concierge.payment.amount'), paidOn: t('concierge.payment.paidOn'), reference: t('concierge.payment.reference'), providerId: t('concierge.payment.provider') };
  return (
    <PostForm action={props.action} csrf={c.get('csrf')}>
      <ErrorSummary t={t} errors={state.errors} labels={labels} />
      <fieldset>
        <legend>{props.legend}</legend>
        <input type="hidden" name="idempotencyKey" value={v.idempotencyKey ?? props.idempotencyKey} />
        {props.children as never}
        <SelectField
          t={t}
          name="method"
          label={labels.method}
          value={v.method ?? 'cash'}
          options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`concierge.payment.methods.${m}`) }))}
          error={state.errors.method}
        />
        <Field t={t} name="amount" label={labels.amount} hint={t('concierge.payment.amountHint', { owed: f.money(props.owedCents) })} value={v.amount ?? ''} inputmode="text" error={state.errors.amount} required />
        <Field t={t} name="paidOn" type="date" label={labels.paidOn} value={v.paidOn ?? new Date().toISOString().slice(0, 10)} error={state.errors.paidOn} required />
        <Field t={t} name="reference" label={labels.reference} hint={t('concierge.payment.referenceHint')} value={v.reference ?? ''} error={state.errors.reference} />
        <button type="submit">{t('concierge.payment.record')}</button>
      </fieldset>
    </PostForm>
  );
}

/** The payments and reversals recorded, each payment with its reversal button until reversed. */
export function PaymentsTable(props: { c: Ctx; payments: PaymentRow[]; reverseAction: (id: string) => string; reverseKey: string }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  if (!props.payments.length) return <p>{t('concierge.payment.none')}</p>;
  return (
    <TableWrap label={t('concierge.payment.list')}>
      <table>
        <caption>{t('concierge.payment.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concierge.payment.paidOn')}</th>
            <th scope="col">{t('concierge.payment.method')}</th>
            <th scope="col">{t('concierge.payment.reference')}</th>
            <th scope="col">{t('concierge.payment.amount')}</th>
            <th scope="col">{t('concierge.payment.action')}</th>
          </tr>
        </thead>
        <tbody>
          {props.payments.map((p) => (
            <tr>
              <td>{f.date(new Date(`${p.paid_on}T12:00:00Z`))}</td>
              <td>{p.kind === 'reversal' ? t('concierge.payment.reversal') : t(`concierge.payment.methods.${p.method}`)}</td>
              <td>{p.reference}</td>
              <td>{f.money(p.amount_cents)}</td>
              <td>
                {p.kind === 'payment' && !p.reversed ? (
                  <PostForm action={props.reverseAction(p.id)} csrf={c.get('csrf')}>
                    <input type="hidden" name="idempotencyKey" value={`${props.reverseKey}-${p.id.slice(0, 8)}`} />
                    <button type="submit">{t('concierge.payment.reverse')}</button>
                  </PostForm>
                ) : p.reversed ? (
                  t('concierge.payment.reversed')
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A household's account: what was billed, credited, paid, and what it owes (or is owed). */
export function BalanceSummary(props: { c: Ctx; balance: Balance }) {
  const { c, balance: b } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <dl class="balance">
      <dt>{t('concierge.balance.issued')}</dt>
      <dd>{f.money(b.issuedCents)}</dd>
      {b.creditedCents !== 0 && (
        <>
          <dt>{t('concierge.balance.credited')}</dt>
          <dd>{f.money(b.creditedCents)}</dd>
        </>
      )}
      <dt>{t('concierge.balance.paid')}</dt>
      <dd>{f.money(b.paidCents)}</dd>
      <dt>{b.balanceCents < 0 ? t('concierge.balance.owedToYou') : t('concierge.balance.due')}</dt>
      <dd>
        <strong>{f.money(Math.abs(b.balanceCents))}</strong>
      </dd>
    </dl>
  );
}

/** At the counter: the subscriber's statements still awaiting money, each a link to record a payment. */
export function UnpaidAtCounter(props: { c: Ctx; unpaid: UnpaidStatement[] }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <section aria-labelledby="to-pay">
      <h2 id="to-pay">{t('concierge.counter.toPay', { amount: f.money(props.unpaid.reduce((s, u) => s + u.outstanding_cents, 0)) })}</h2>
      {props.unpaid.length === 0 ? (
        <p>{t('concierge.counter.nothingToPay')}</p>
      ) : (
        <ul>
          {props.unpaid.map((u) => (
            <li>
              <a href={`/concierge/desk/statements/${u.id}#payments-title`}>{t('concierge.counter.payStatement', { number: u.number, period: u.period, amount: f.money(u.outstanding_cents) })}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Links to receipts (printable page, PDF beside it). */
export function ReceiptLinks(props: { c: Ctx; receipts: ReceiptListRow[]; base: string }) {
  const t = props.c.get('t');
  const f = formatters(props.c.get('locale'));
  if (!props.receipts.length) return null;
  return (
    <section aria-labelledby="receipts-title">
      <h3 id="receipts-title">{t('concierge.receipt.list')}</h3>
      <ul>
        {props.receipts.map((r) => (
          <li>
            <a href={`${props.base}/${r.id}`}>{t('concierge.receipt.link', { number: r.number, date: f.date(new Date(`${r.paid_on}T12:00:00Z`)), amount: f.money(r.amount_cents) })}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
