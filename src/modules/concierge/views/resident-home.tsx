import { nextSessions, parisDay } from '../domain/office-hours.js';
import { feeSplit } from '../domain/money.js';
import { formatters } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import type { ParcelRow } from '../queries/counter.js';
import type { ResidentSide } from '../queries/desk.js';
import type { Closure, Plan } from '../queries/offer.js';
import type { RequestRow } from '../queries/requests.js';
import type { ReceiptListRow } from '../queries/receipts.js';
import type { StatementRow } from '../queries/statements.js';
import type { Balance } from '../queries/balances.js';
import { BalanceSummary, ReceiptLinks } from './payments.js';
import type { SubscriptionPanel } from '../queries/subscription-panel.js';
import { SubscriptionPanelView } from './subscription-panel.js';
import type { OfficeHour } from '../domain/office-hours.js';
import { type Ctx, nameIn, StatusBadge } from '../routes/helpers.js';

/** Closures announced to residents this far ahead. */
const CLOSURES_SHOWN_DAYS = 60;

export type HomeData = {
  side: ResidentSide;
  landlordName: string;
  hours: { hours: OfficeHour[]; closures: string[]; closed?: Closure[] };
  plans: Plan[];
  parcels: ParcelRow[];
  requests: RequestRow[];
  statements: StatementRow[];
  receipts: ReceiptListRow[];
  balance?: Balance;
  idempotencyKey: string;
  error?: string;
  panel: SubscriptionPanel | null;
  sub: { errors: Record<string, string>; values: Record<string, string> };
};

export function OfficeHoursList(props: { c: Ctx; hours: HomeData['hours'] }) {
  const t = props.c.get('t');
  const f = formatters(props.c.get('locale'));
  const next = nextSessions(props.hours.hours, props.hours.closures, new Date(), 3);
  const today = parisDay(new Date()).date;
  const horizon = new Date(Date.now() + CLOSURES_SHOWN_DAYS * 86_400_000).toISOString().slice(0, 10);
  const closed = (props.hours.closed ?? []).filter((d) => d.date >= today && d.date <= horizon);
  const day = (d: string) => f.date(new Date(`${d}T12:00:00Z`));
  return (
    <>
      {next.length === 0 ? (
        <p>{t('concierge.hours.none')}</p>
      ) : (
        <ul>
          {next.map((s) => (
            <li>
              {t('concierge.hours.session', {
                date: day(s.date),
                from: s.startsAt,
                to: s.endsAt,
                place: s.place,
              })}
            </li>
          ))}
        </ul>
      )}
      {closed.length > 0 && (
        <>
          <h3>{t('concierge.hours.closedTitle')}</h3>
          <ul>
            {closed.map((d) => (
              <li>{t('concierge.hours.closedOn', { date: day(d.date), reason: d.reason })}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The resident's concierge page: open hours, what waits for them, their requests, or how to subscribe. */
export function ResidentHome(props: { c: Ctx; data: HomeData }) {
  const { c, data } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const desk = data.side.desk;
  if (!desk) return <p>{t('concierge.home.noDesk')}</p>;
  return (
    <>
      <p>{desk.name}</p>
      <h2>{t('concierge.hours.title')}</h2>
      <OfficeHoursList c={c} hours={data.hours} />
      {data.side.subscription ? (
        <>
          {data.panel?.state !== 'paused' && (
            <p>
              <a class="button" href="/concierge/services">
                {t('concierge.home.order')}
              </a>
            </p>
          )}
          <h2>{t('concierge.home.parcels')}</h2>
          {data.parcels.length === 0 ? (
            <p>{t('concierge.home.noParcels')}</p>
          ) : (
            <ul class="panels">
              {data.parcels.map((p) => (
                <li>
                  <strong>{t(`concierge.parcelKind.${p.kind}`)}</strong> —{' '}
                  {t('concierge.home.receivedOn', {
                    date: f.dateTime(p.received_at),
                  })}
                  <br />
                  {t('concierge.home.code')} <strong class="code">{p.pickup_code}</strong>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('concierge.home.requests')}</h2>
          {data.requests.length === 0 ? (
            <p>{t('concierge.home.noRequests')}</p>
          ) : (
            <ul>
              {data.requests.map((r) => (
                <li>
                  <a href={`/concierge/requests/${r.id}`}>
                    {nameIn(c, {
                      name_fr: r.service_fr,
                      name_en: r.service_en,
                    })}
                  </a>{' '}
                  — <StatusBadge c={c} status={r.status} />
                </li>
              ))}
            </ul>
          )}
          {data.panel && <SubscriptionPanelView c={c} panel={data.panel} actionBase="/concierge/subscription" errors={data.sub.errors} values={data.sub.values} />}
          <h2>{t('concierge.home.statements')}</h2>
          {data.balance && data.statements.length > 0 && (
            <>
              <h3>{t('concierge.balance.title')}</h3>
              <BalanceSummary c={c} balance={data.balance} />
            </>
          )}
          {data.statements.length === 0 ? (
            <p>{t('concierge.home.noStatements')}</p>
          ) : (
            <ul>
              {data.statements.map((s) => (
                <li>
                  <a href={`/concierge/statements/${s.id}`}>
                    {t(`concierge.statement.kind.${s.kind}`, {
                      number: s.number,
                      period: s.period,
                    })}
                  </a>{' '}
                  — {f.money(s.gross_cents)}
                </li>
              ))}
            </ul>
          )}
          <ReceiptLinks c={c} receipts={data.receipts} base="/concierge/receipts" />
        </>
      ) : (
        <>
          <h2>{t('concierge.subscribe.title')}</h2>
          <p>{t('concierge.subscribe.intro')}</p>
          <PostForm action="/concierge/subscribe" csrf={c.get('csrf')}>
            <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
            <fieldset aria-describedby={data.error ? 'f-planId-error' : undefined}>
              <legend id="f-planId">{t('concierge.subscribe.plan')}</legend>
              {data.error && (
                <span class="error" id="f-planId-error">
                  {t(data.error)}
                </span>
              )}
              {data.plans.map((p, i) => {
                const split = feeSplit({
                  monthlyFeeCents: p.monthly_fee_cents,
                  tenantShareCents: p.tenant_share_cents,
                });
                return (
                  <label class="check">
                    <input type="radio" name="planId" value={p.id} checked={i === 0} />
                    <span>
                      {nameIn(c, p)} —{' '}
                      {t('concierge.subscribe.split', {
                        tenant: f.money(split.tenantCents),
                        landlord: f.money(split.landlordCents),
                        landlordName: data.landlordName,
                      })}
                    </span>
                  </label>
                );
              })}
            </fieldset>
            <button type="submit">{t('concierge.subscribe.button')}</button>
          </PostForm>
        </>
      )}
      {desk.community_link && (
        <p>
          <a href={desk.community_link}>{t('concierge.home.events')}</a>
        </p>
      )}
    </>
  );
}
