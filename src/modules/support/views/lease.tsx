import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { PartnerOption } from '../../directory/index.js';
import type { LeaseView } from '../commands/lease-slide.js';
import { LEASE_END_REASONS } from '../domain/lease-end.js';
import { parisToday } from '../domain/local-date.js';
import type { CaseDetail } from '../queries/read-case.js';
import { SelectField, TextAreaField } from './fields.js';

/** A day (YYYY-MM-DD) at noon UTC, so that no time zone moves it when formatted. */
const day = (d: string) => new Date(`${d}T12:00:00Z`);

type Props = { c: Context<AppEnv>; d: CaseDetail; lease: LeaseView; partners: PartnerOption[]; errors: FieldErrors; values: Record<string, string> };

/**
 * A sliding lease's dwelling and the association holding its lease (as the case and the directory's register
 * say), the form naming them, and how the lease ended: the slide's day, or the reason of another outcome.
 */
export function LeaseSection(props: Props) {
  const { c, d, lease, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const slid = d.history.find((h) => h.stage === 'slid');
  const over = d.row.stage === 'slid' || d.row.stage === 'other_outcome';
  const dwelling = lease.hidden ? t('support.lease.hiddenDwelling') : lease.dwelling ? `${lease.dwelling.reference} — ${lease.dwelling.residenceName}` : t('support.lease.noDwellingYet');
  return (
    <section aria-labelledby="lease-title">
      <h2 id="lease-title">{t('support.lease.title')}</h2>
      <dl>
        <dt>{t('support.lease.dwelling')}</dt>
        <dd>{dwelling}</dd>
        <dt>{t('support.lease.partner')}</dt>
        <dd>{lease.partner?.name ?? t('support.lease.noPartnerYet')}</dd>
        <dt>{t('support.lease.register')}</dt>
        <dd>{lease.registerHolder ? t('directory.lease.byPartner', { partner: lease.registerHolder }) : t('directory.lease.byHousehold')}</dd>
      </dl>
      {slid && d.row.stage === 'slid' && <p>{t('support.lease.slidOn', { date: f.date(lease.slidOn ? day(lease.slidOn) : slid.at) })}</p>}
      {d.row.stage === 'other_outcome' && d.row.end_reason && (
        <p>
          {lease.endedOn
            ? t('support.lease.endedOnBecause', { date: f.date(day(lease.endedOn)), reason: t(`support.lease.reason.${d.row.end_reason}`) })
            : t('support.lease.endedBecause', { reason: t(`support.lease.reason.${d.row.end_reason}`) })}
          {d.row.end_reason_text ? ` — ${d.row.end_reason_text}` : ''}
        </p>
      )}
      {lease.plannedEnd && !over && (
        <>
          <p>
            <strong>{t('support.lease.plannedEnd', { date: f.date(day(lease.plannedEnd.on)), reason: t(`support.lease.reason.${lease.plannedEnd.reason}`) })}</strong>
            {lease.plannedEnd.text ? ` — ${lease.plannedEnd.text}` : ''}
          </p>
          <p class="hint">{t('support.lease.plannedEndNote')}</p>
          <PostForm action={`/support/cases/${d.row.id}/lease/planned-end/cancel`} csrf={c.get('csrf')}>
            <button type="submit">{t('support.lease.cancelPlan')}</button>
          </PostForm>
        </>
      )}
      <LeaseCorrections c={c} d={d} lease={lease} errors={errors} values={values} />
      {d.row.status === 'open' && !over && !lease.hidden && (
        <PostForm action={`/support/cases/${d.row.id}/lease`} csrf={c.get('csrf')}>
          <Field t={t} name="dwellingRef" label={t('support.lease.dwellingRef')} hint={t('support.lease.dwellingHint')} value={values.dwellingRef ?? lease.dwelling?.reference ?? lease.suggestedRef ?? ''} error={errors.dwellingRef} />
          <SelectField
            t={t}
            name="partnerOrgId"
            label={t('support.lease.partner')}
            placeholder={t('support.lease.choosePartner')}
            value={values.partnerOrgId ?? lease.partner?.id ?? ''}
            error={errors.partnerOrgId}
            options={props.partners.filter((p) => p.kind === 'association').map((p) => ({ value: p.id, label: p.name }))}
          />
          <Field t={t} name="startsOn" type="date" label={t('support.lease.startsOn')} hint={t('support.lease.startsOnHint')} value={values.startsOn ?? ''} error={errors.startsOn} />
          <button type="submit">{t('support.lease.save')}</button>
        </PostForm>
      )}
    </section>
  );
}

/** The slide of a sliding lease, on the day the adviser gives (today's date proposed). */
export function LeaseSlideForm(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, errors, values } = props;
  const t = c.get('t');
  return (
    <PostForm action={`/support/cases/${d.row.id}/stage`} csrf={c.get('csrf')}>
      <input type="hidden" name="event" value="slide" />
      <Field t={t} name="slideOn" type="date" label={t('support.lease.slideOn')} hint={t('support.lease.slideOnHint')} value={values.slideOn ?? parisToday()} error={errors.slideOn} />
      <button type="submit">{t('support.event.slide')}</button>
    </PostForm>
  );
}

/**
 * The days corrected so far, and the form correcting the slide's day or the last day of a lease ended
 * otherwise (with a reason); the register moves with the case (commands/lease-corrections.ts).
 */
function LeaseCorrections(props: Omit<Props, 'partners'>) {
  const { c, d, lease, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const kind = d.row.stage === 'slid' && lease.slidOn ? 'slide' : d.row.stage === 'other_outcome' && lease.endedOn ? 'end' : null;
  const field = kind === 'slide' ? 'slideOn' : 'endOn';
  return (
    <>
      {lease.corrections.length > 0 && (
        <>
          <h3>{t('support.lease.correctionsTitle')}</h3>
          <ul>
            {lease.corrections.map((k) => (
              <li>{t(`support.lease.correction.${k.kind}`, { at: f.date(k.at), who: k.by ?? t('support.lease.someone'), from: f.date(day(k.oldOn)), to: f.date(day(k.newOn)), reason: k.reason })}</li>
            ))}
          </ul>
        </>
      )}
      {kind && (
        <PostForm action={`/support/cases/${d.row.id}/lease/correct`} csrf={c.get('csrf')}>
          <h3>{t('support.lease.correctTitle')}</h3>
          <input type="hidden" name="kind" value={kind} />
          <Field
            t={t}
            name={field}
            type="date"
            label={t(kind === 'slide' ? 'support.lease.correctSlideOn' : 'support.lease.correctEndOn')}
            hint={t(kind === 'slide' ? 'support.lease.correctSlideOnHint' : 'support.lease.correctEndOnHint')}
            value={values[field] ?? (kind === 'slide' ? lease.slidOn : lease.endedOn) ?? ''}
            error={errors[field]}
          />
          <TextAreaField t={t} name="correctionReason" label={t('support.lease.correctionReason')} hint={t('support.lease.correctionReasonHint')} value={values.correctionReason} error={errors.correctionReason} rows={2} />
          <button type="submit">{t('support.lease.correct')}</button>
        </PostForm>
      )}
    </>
  );
}

/**
 * "End without a slide" for a sliding lease: the reason and the lease's last day are asked (field errors when
 * missing), the text for "other". A day to come plans the end; a planned end fills the form, to change it.
 */
export function LeaseEndForm(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors; values: Record<string, string>; plan?: LeaseView['plannedEnd'] }) {
  const { c, d, errors, plan } = props;
  const values = { ...(plan ? { endReason: plan.reason, endOn: plan.on, endReasonText: plan.text ?? '' } : {}), ...props.values };
  const t = c.get('t');
  return (
    <PostForm action={`/support/cases/${d.row.id}/stage`} csrf={c.get('csrf')}>
      <input type="hidden" name="event" value="end" />
      <SelectField
        t={t}
        name="endReason"
        label={t('support.lease.endReason')}
        placeholder={t('support.lease.chooseReason')}
        value={values.endReason ?? ''}
        error={errors.endReason}
        options={LEASE_END_REASONS.map((r) => ({ value: r, label: t(`support.lease.reason.${r}`) }))}
      />
      <Field t={t} name="endOn" type="date" label={t('support.lease.endOn')} hint={t('support.lease.endOnHintPlan')} value={values.endOn ?? ''} error={errors.endOn} />
      <TextAreaField t={t} name="endReasonText" label={t('support.lease.endReasonText')} hint={t('support.lease.endReasonTextHint')} value={values.endReasonText} error={errors.endReasonText} rows={2} />
      <button type="submit">{t(plan ? 'support.lease.changePlan' : 'support.event.end')}</button>
    </PostForm>
  );
}
