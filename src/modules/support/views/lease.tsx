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

/** "End without a slide" for a sliding lease: the reason and the lease's last day are asked (field errors when missing), the text for "other". */
export function LeaseEndForm(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, errors, values } = props;
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
      <Field t={t} name="endOn" type="date" label={t('support.lease.endOn')} hint={t('support.lease.endOnHint')} value={values.endOn ?? ''} error={errors.endOn} />
      <TextAreaField t={t} name="endReasonText" label={t('support.lease.endReasonText')} hint={t('support.lease.endReasonTextHint')} value={values.endReasonText} error={errors.endReasonText} rows={2} />
      <button type="submit">{t('support.event.end')}</button>
    </PostForm>
  );
}
