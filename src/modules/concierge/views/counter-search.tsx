import { randomUUID } from 'node:crypto';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm } from '../../../platform/ui/form.js';
import { feeSplit } from '../domain/money.js';
import { nextSessions, sessionNow, type OfficeHour } from '../domain/office-hours.js';
import type { Subscriber } from '../queries/counter.js';
import type { Plan } from '../queries/offer.js';
import { type Ctx, nameIn } from '../routes/helpers.js';
import { householdLabel } from '../domain/household-label.js';

type Data = {
  results: Subscriber[];
  plans: Plan[];
  hours: { hours: OfficeHour[]; closures: string[] };
  landlords: { id: string; name: string }[];
};

/** The counter's first screen: one search box (name, dwelling or pickup code), then assisted subscription. */
export function CounterSearch(props: { c: Ctx; q: string; data: Data; values: Record<string, string>; errors: Record<string, string> }) {
  const { c, q, data, values, errors } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const open = sessionNow(data.hours.hours, data.hours.closures, new Date());
  const next = nextSessions(data.hours.hours, data.hours.closures, new Date(), 1)[0];
  const labels = {
    landlordId: t('concierge.counter.landlord'),
    householdReference: t('concierge.counter.reference'),
    planId: t('concierge.subscribe.plan'),
  };
  return (
    <>
      <h1>{t('concierge.counter.title')}</h1>
      <p role="status">
        {open
          ? t('concierge.counter.openNow', {
              to: open.endsAt,
              place: open.place,
            })
          : next
            ? t('concierge.counter.closedNext', {
                date: f.date(new Date(`${next.date}T12:00:00Z`)),
                from: next.startsAt,
              })
            : t('concierge.counter.closed')}
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is not yet announced by every screen reader our users have */}
      <form method="get" action="/concierge/desk/counter" role="search">
        <label for="f-q">{t('concierge.counter.search')}</label>
        <span class="hint" id="f-q-hint">
          {t('concierge.counter.searchHint')}
        </span>
        <input id="f-q" type="search" name="q" value={q} aria-describedby="f-q-hint" autocomplete="off" />
        <button type="submit">{t('concierge.counter.searchButton')}</button>
      </form>
      {q && (
        <>
          <h2>{t('concierge.counter.results', { count: data.results.length })}</h2>
          <ul class="panels">
            {data.results.map((s) => (
              <li>
                <a href={`/concierge/desk/counter/${s.id}`}>{householdLabel(s.household_name, s.dwelling_reference)}</a>
                <br />
                {t('concierge.counter.summary', {
                  parcels: s.waiting_parcels,
                  ready: s.ready_requests,
                })}
                {s.status === 'cancelled' && s.ends_on ? ` — ${t('concierge.counter.endsOn', { date: s.ends_on })}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('concierge.counter.subscribe')}</h2>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action="/concierge/desk/counter/subscribe" csrf={c.get('csrf')}>
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? randomUUID()} />
        <label for="f-landlordId">{labels.landlordId}</label>
        <select id="f-landlordId" name="landlordId">
          {data.landlords.map((l) => (
            <option value={l.id} selected={values.landlordId === l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <Field
          t={t}
          name="householdReference"
          label={labels.householdReference}
          hint={t('concierge.counter.referenceHint')}
          value={values.householdReference ?? ''}
          error={errors.householdReference}
          autocomplete="off"
        />
        <fieldset aria-describedby={errors.planId ? 'f-planId-error' : undefined}>
          <legend id="f-planId">{labels.planId}</legend>
          {errors.planId && (
            <span class="error" id="f-planId-error">
              {t(errors.planId)}
            </span>
          )}
          {data.plans.map((p, i) => {
            const split = feeSplit({
              monthlyFeeCents: p.monthly_fee_cents,
              tenantShareCents: p.tenant_share_cents,
            });
            return (
              <label class="check">
                <input type="radio" name="planId" value={p.id} checked={values.planId ? values.planId === p.id : i === 0} />
                <span>{`${nameIn(c, p)} — ${t('concierge.subscribe.splitShort', { tenant: f.money(split.tenantCents), landlord: f.money(split.landlordCents) })}`}</span>
              </label>
            );
          })}
        </fieldset>
        <button type="submit">{t('concierge.subscribe.button')}</button>
      </PostForm>
      <h2>{t('concierge.counter.visit')}</h2>
      <PostForm action="/concierge/desk/counter/visits" csrf={c.get('csrf')}>
        <label for="f-topic">{t('concierge.counter.topic')}</label>
        <select id="f-topic" name="topic">
          {['information', 'request', 'parcel', 'subscription', 'other'].map((k) => (
            <option value={k}>{t(`concierge.topic.${k}`)}</option>
          ))}
        </select>
        <button type="submit">{t('concierge.counter.logVisit')}</button>
      </PostForm>
    </>
  );
}
