import { formatters } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { priceLine } from '../domain/money.js';
import { eventsFor, needsReason, type Side } from '../domain/request-status.js';
import type { Provider } from '../queries/offer.js';
import type { RequestEventRow, RequestRow } from '../queries/requests.js';
import { type Ctx, nameIn, StatusBadge } from '../routes/helpers.js';
import { householdLabel } from '../domain/household-label.js';

/** A request's facts, its timeline, and the buttons the viewer's side may press now. */
export function RequestView(props: { c: Ctx; detail: { request: RequestRow; events: RequestEventRow[] }; side: Side; actionBase: string; errors: Record<string, string>; providers?: Provider[] }) {
  const { c, detail, side } = props;
  const r = detail.request;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const price = priceLine({
    label: '',
    quantity: r.quantity,
    unitCents: r.unit_cost_cents,
    vatRateBp: r.vat_rate_bp,
  });
  const events = eventsFor(r.status, side);
  return (
    <>
      <dl>
        <dt>{t('concierge.request.service')}</dt>
        <dd>{nameIn(c, { name_fr: r.service_fr, name_en: r.service_en })}</dd>
        <dt>{t('concierge.request.status')}</dt>
        <dd>
          <StatusBadge c={c} status={r.status} late={r.late} />
        </dd>
        <dt>{t('concierge.order.quantity')}</dt>
        <dd>{`${f.number(r.quantity)} × ${t(`concierge.unit.${r.unit}`)}`}</dd>
        <dt>{t('concierge.order.wantedOn')}</dt>
        <dd>{f.date(new Date(`${r.wanted_on}T12:00:00Z`))}</dd>
        <dt>{r.net_cents === null ? t('concierge.request.estimate') : t('concierge.request.price')}</dt>
        <dd>{f.money(price.grossCents)}</dd>
        {side === 'concierge' && (
          <>
            <dt>{t('concierge.request.household')}</dt>
            <dd>{householdLabel(r.household_name, r.dwelling_reference)}</dd>
          </>
        )}
        {r.provider_name && (
          <>
            <dt>{t('concierge.request.provider')}</dt>
            <dd>{r.provider_name}</dd>
          </>
        )}
        {r.notes && (
          <>
            <dt>{t('concierge.order.notes')}</dt>
            <dd>{r.notes}</dd>
          </>
        )}
      </dl>
      {events.map((e) => (
        <PostForm action={`${props.actionBase}/${e}`} csrf={c.get('csrf')}>
          {e === 'dispatch' && (
            <>
              <label for={`f-providerId-${e}`}>{t('concierge.request.provider')}</label>
              {props.errors.providerId && (
                <span class="error" id="f-providerId-error">
                  {t(props.errors.providerId)}
                </span>
              )}
              <select id={`f-providerId-${e}`} name="providerId" aria-describedby={props.errors.providerId ? 'f-providerId-error' : undefined}>
                {(props.providers ?? []).map((p) => (
                  <option value={p.id} disabled={!p.active}>
                    {`${p.name}${p.labels.length ? ` — ${p.labels.map((l) => t(`concierge.labels.${l}`)).join(', ')}` : ''}${p.active ? '' : ` (${t('concierge.provider.inactive')})`}`}
                  </option>
                ))}
              </select>
            </>
          )}
          {needsReason(e) && (
            <>
              <label for={`f-reason-${e}`}>{t('concierge.request.reason')}</label>
              {props.errors.reason && (
                <span class="error" id={`f-reason-${e}-error`}>
                  {t(props.errors.reason)}
                </span>
              )}
              <input
                id={`f-reason-${e}`}
                type="text"
                name="reason"
                maxlength={300}
                aria-invalid={props.errors.reason ? 'true' : undefined}
                aria-describedby={props.errors.reason ? `f-reason-${e}-error` : undefined}
              />
            </>
          )}
          <button type="submit">{t(`concierge.event.${e}${side === 'concierge' && ['accept', 'decline', 'complete'].includes(e) ? 'Relayed' : ''}`)}</button>
        </PostForm>
      ))}
      <h2>{t('concierge.request.timeline')}</h2>
      <TableWrap label={t('concierge.request.timeline')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('concierge.request.when')}</th>
              <th scope="col">{t('concierge.request.step')}</th>
              <th scope="col">{t('concierge.request.by')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.events.map((e) => (
              <tr>
                <td>{f.dateTime(e.at)}</td>
                <td>
                  {t(`concierge.status.${e.to_status}`)}
                  {e.reason ? ` — ${e.reason}` : ''}
                </td>
                <td>{t(`concierge.side.${e.by_side}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
