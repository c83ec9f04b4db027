import { randomUUID } from 'node:crypto';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm } from '../../../platform/ui/form.js';
import type { ParcelRow } from '../queries/counter.js';
import { audienceRefusal } from '../domain/audience.js';
import type { CatalogueItem } from '../queries/offer.js';
import type { RequestRow } from '../queries/requests.js';
import { type Ctx, nameIn, StatusBadge } from '../routes/helpers.js';
import { householdLabel } from '../domain/household-label.js';

/** A parcel form's field; the ids differ per parcel so a page of several stays valid. */
function ParcelInput(props: { c: Ctx; name: string; label: string; suffix: string; hint?: string; error?: string; numeric?: boolean }) {
  const t = props.c.get('t');
  const id = `f-${props.name}${props.suffix}`;
  const error = props.suffix === '' ? props.error : undefined;
  const describedBy = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {error && (
        <span class="error" id={`${id}-error`}>
          {t(error)}
        </span>
      )}
      <input id={id} name={props.name} type="text" inputmode={props.numeric ? 'numeric' : undefined} autocomplete="off" aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
    </div>
  );
}

export type CardData = {
  id: string;
  household_name: string;
  dwelling_reference: string;
  parcels: ParcelRow[];
  requests: RequestRow[];
  catalogue: CatalogueItem[];
  /** Parcels already handed over or returned, latest first, each linked to its trail. */
  past?: ParcelRow[];
  /** The subscriber's plan and residence, which each service's "who can order it" rule reads. */
  plan_id: string;
  residence_id: string;
};
const TOPICS = ['request', 'parcel', 'subscription', 'information', 'other'];

/** One subscriber at the counter: hand over what waits, take a request, check a parcel in, log the visit. */
export function CounterCard(props: { c: Ctx; data: CardData; errors: Record<string, string>; values: Record<string, string> }) {
  const { c, data, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const base = `/concierge/desk/counter/${data.id}`;
  const ready = data.requests.filter((r) => r.status === 'done');
  // One form per parcel: the parcel that failed (or the first) owns the ids the error summary links to.
  const failed = values.parcelId && data.parcels.some((p) => p.id === values.parcelId) ? values.parcelId : data.parcels[0]?.id;
  const suffix = (id: string, i: number) => (id === failed ? '' : `-${i}`);
  const labels: Record<string, string> = {
    code: t('concierge.counter.code'),
    handedTo: t('concierge.counter.handedTo'),
    quantity: t('concierge.order.quantity'),
    wantedOn: t('concierge.order.wantedOn'),
    catalogueId: t('concierge.request.service'),
    shelf: t('concierge.parcel.shelf'),
    kind: t('concierge.parcel.kind'),
    size: t('concierge.parcel.size'),
    carrier: t('concierge.parcel.carrier'),
    notes: t('concierge.order.notes'),
  };
  return (
    <>
      <h1>{householdLabel(data.household_name, data.dwelling_reference)}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <h2>
        {t('concierge.counter.waiting', {
          count: data.parcels.length + ready.length,
        })}
      </h2>
      <ul class="panels">
        {data.parcels.map((p, i) => (
          <li>
            <strong>{t(`concierge.parcelKind.${p.kind}`)}</strong> — {t('concierge.parcel.onShelf', { shelf: p.shelf })} — {f.dateTime(p.received_at)}
            <PostForm action={`/concierge/desk/parcels/${p.id}/hand-over`} csrf={c.get('csrf')}>
              <input type="hidden" name="method" value="code" />
              <input type="hidden" name="next" value={base} />
              <ParcelInput c={c} name="code" label={labels.code} suffix={suffix(p.id, i)} error={errors.code} numeric />
              <button type="submit">{t('concierge.counter.handOverCode')}</button>
            </PostForm>
            <details>
              <summary>{t('concierge.counter.noCode')}</summary>
              <PostForm action={`/concierge/desk/parcels/${p.id}/hand-over`} csrf={c.get('csrf')}>
                <input type="hidden" name="method" value="identity" />
                <input type="hidden" name="next" value={base} />
                <ParcelInput c={c} name="handedTo" label={labels.handedTo} hint={t('concierge.counter.handedToHint')} suffix={suffix(p.id, i)} error={errors.handedTo} />
                <button type="submit">{t('concierge.counter.handOverIdentity')}</button>
              </PostForm>
            </details>
            <p>
              <a href={`/concierge/desk/parcels/${p.id}/sign`}>{t('concierge.sign.link')}</a>
              {' · '}
              <a href={`/concierge/desk/parcels/${p.id}`}>{t('concierge.trail.link')}</a>
            </p>
          </li>
        ))}
        {ready.map((r) => (
          <li>
            <strong>{nameIn(c, { name_fr: r.service_fr, name_en: r.service_en })}</strong> — <StatusBadge c={c} status={r.status} />
            <PostForm action={`/concierge/desk/requests/${r.id}/hand_over`} csrf={c.get('csrf')}>
              <input type="hidden" name="next" value={base} />
              <button type="submit">{t('concierge.event.hand_over')}</button>
            </PostForm>
          </li>
        ))}
      </ul>
      {data.past && data.past.length > 0 && (
        <>
          <h2>{t('concierge.trail.past')}</h2>
          <ul>
            {data.past.map((p) => (
              <li>
                <a href={`/concierge/desk/parcels/${p.id}`}>{`${t(`concierge.parcelKind.${p.kind}`)} — ${f.dateTime(p.received_at)}`}</a> — {t(`concierge.trail.status.${p.status}`)}
                {p.handover_method ? ` (${t(`concierge.trail.method.${p.handover_method}`)})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 id="new-request">{t('concierge.counter.newRequest')}</h2>
      <PostForm action={`${base}/requests`} csrf={c.get('csrf')}>
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        <label for="f-catalogueId">{labels.catalogueId}</label>
        {errors.catalogueId && (
          <span class="error" id="f-catalogueId-error">
            {t(errors.catalogueId)}
          </span>
        )}
        <select id="f-catalogueId" name="catalogueId" aria-describedby={errors.catalogueId ? 'f-catalogueId-error' : undefined}>
          {data.catalogue.map((i) => {
            // A service this household may not have stays listed, greyed out with the reason.
            const refusal = audienceRefusal(i, { planId: data.plan_id, residenceId: data.residence_id }, 'counter');
            return (
              <option value={i.id} selected={values.catalogueId === i.id} disabled={refusal !== null}>
                {refusal ? `${nameIn(c, i)} — ${t(`${refusal}Short`)}` : nameIn(c, i)}
              </option>
            );
          })}
        </select>
        <Field t={t} name="quantity" label={labels.quantity} type="number" inputmode="numeric" value={values.quantity ?? '1'} error={errors.quantity} />
        <Field t={t} name="wantedOn" label={labels.wantedOn} type="date" value={values.wantedOn ?? new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)} error={errors.wantedOn} />
        <Field t={t} name="notes" label={labels.notes} value={values.notes ?? ''} error={errors.notes} />
        <button type="submit">{t('concierge.order.submit')}</button>
      </PostForm>
      <h2>{t('concierge.counter.checkIn')}</h2>
      <PostForm action={`${base}/parcels`} csrf={c.get('csrf')}>
        <label for="f-kind">{labels.kind}</label>
        <select id="f-kind" name="kind">
          {['parcel', 'letter', 'registered', 'groceries'].map((k) => (
            <option value={k} selected={values.kind === k}>
              {t(`concierge.parcelKind.${k}`)}
            </option>
          ))}
        </select>
        <label for="f-size">{labels.size}</label>
        <select id="f-size" name="size">
          {['small', 'medium', 'large'].map((k) => (
            <option value={k} selected={values.size === k}>
              {t(`concierge.parcelSize.${k}`)}
            </option>
          ))}
        </select>
        <Field t={t} name="carrier" label={labels.carrier} value={values.carrier ?? ''} error={errors.carrier} />
        <Field t={t} name="shelf" label={labels.shelf} value={values.shelf ?? ''} error={errors.shelf} />
        <button type="submit">{t('concierge.counter.checkInButton')}</button>
      </PostForm>
      <h2>{t('concierge.counter.visit')}</h2>
      <PostForm action="/concierge/desk/counter/visits" csrf={c.get('csrf')}>
        <input type="hidden" name="subscriptionId" value={data.id} />
        <fieldset>
          <legend>{t('concierge.counter.topic')}</legend>
          {TOPICS.map((k, i) => (
            <label class="check">
              <input type="radio" name="topic" value={k} checked={i === 0} /> {t(`concierge.topic.${k}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('concierge.counter.logVisit')}</button>
      </PostForm>
      <h2>{t('concierge.home.requests')}</h2>
      <ul>
        {data.requests.map((r) => (
          <li>
            <a href={`/concierge/desk/requests/${r.id}`}>{nameIn(c, { name_fr: r.service_fr, name_en: r.service_en })}</a> — <StatusBadge c={c} status={r.status} late={r.late} />
          </li>
        ))}
      </ul>
    </>
  );
}
