import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { PartnerOption } from '../../directory/index.js';
import { SHAREABLE, type PartnerReferral } from '../commands/referrals.js';
import type { CaseDetail } from '../queries/read-case.js';
import { SelectField } from './fields.js';
import { sharedText } from './shared-value.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

/** On a case: referrals to partners with what each shares, and the form that records consent. */
export function ReferralSection(props: { c: Context<AppEnv>; d: CaseDetail; partners: PartnerOption[]; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const base = `/support/cases/${d.row.id}/referrals`;
  return (
    <section aria-labelledby="referrals-title">
      <h2 id="referrals-title">{t('support.referral.title')}</h2>
      <ul>
        {d.referrals.map((r) => (
          <li>
            {t('support.referral.line', { partner: r.partner, until: f.date(day(r.consent_until)) })} — {t(`support.referral.${r.status}`)}
            <span class="hint">{t('support.referral.sharedList', { fields: Object.keys(r.shared).filter((k) => SHAREABLE.includes(k as (typeof SHAREABLE)[number])).map((k) => t(`support.referral.field.${k}`)).join(', ') })}</span>
            {r.status === 'active' && d.row.status === 'open' && (
              <PostForm action={`${base}/${r.id}/revoke`} csrf={csrf}>
                <button type="submit" class="link">
                  {t('support.referral.revoke', { partner: r.partner })}
                </button>
              </PostForm>
            )}
          </li>
        ))}
      </ul>
      {d.row.status === 'open' && (
        <PostForm action={base} csrf={csrf}>
          <h3>{t('support.referral.new')}</h3>
          <SelectField t={t} name="partnerId" label={t('support.referral.partner')} value={values.partnerId} error={errors.partnerId} placeholder={t('support.choose')} options={props.partners.map((p) => ({ value: p.id, label: p.name }))} />
          <fieldset aria-describedby={errors.fields ? 'f-fields-error' : undefined}>
            <legend>{t('support.referral.fields')}</legend>
            {errors.fields && (
              <span class="error" id="f-fields-error">
                {t(errors.fields)}
              </span>
            )}
            {SHAREABLE.map((k, i) => (
              <label class="check">
                <input type="checkbox" name="fields" value={k} id={i === 0 ? 'f-fields' : undefined} /> {t(`support.referral.field.${k}`)}
              </label>
            ))}
          </fieldset>
          <Field t={t} name="purpose" label={t('support.referral.purpose')} value={values.purpose} error={errors.purpose} />
          <Field t={t} name="consentUntil" type="date" label={t('support.referral.until')} value={values.consentUntil} error={errors.consentUntil} />
          {errors.consent && (
            <span class="error" id="f-consent-error">
              {t(errors.consent)}
            </span>
          )}
          <label class="check">
            <input type="checkbox" id="f-consent" name="consent" aria-describedby={errors.consent ? 'f-consent-error' : undefined} /> {t('support.referral.consent')}
          </label>
          <button type="submit">{t('support.referral.send')}</button>
        </PostForm>
      )}
    </section>
  );
}

/** The partner association's page: the people referred to it, with only what they agreed to share. */
export function PartnerReferralsPage(props: { c: Context<AppEnv>; referrals: PartnerReferral[] }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <Layout c={c} title={t('support.referral.partnerTitle')}>
      <h1>{t('support.referral.partnerTitle')}</h1>
      <p>{t('support.referral.partnerIntro')}</p>
      <p>
        <a href="/support/partner/contact">{t('support.contact.title')}</a>
      </p>
      {props.referrals.length === 0 && <p>{t('support.referral.none')}</p>}
      {props.referrals.map((r) => (
        <section aria-label={String(r.shared.reference ?? r.id)}>
          <h2>{String(r.shared.household_name ?? r.shared.reference ?? '')}</h2>
          <dl>
            <dt>{t('support.referral.from')}</dt>
            <dd>{`${r.landlord} — ${String(r.shared.programme ?? '')}`}</dd>
            <dt>{t('support.referral.purpose')}</dt>
            <dd>{r.purpose}</dd>
            {SHAREABLE.filter((k) => k in r.shared && k !== 'household_name').map((k) => (
              <>
                <dt>{t(`support.referral.field.${k}`)}</dt>
                <dd>{sharedText(t, r.shared[k])}</dd>
              </>
            ))}
            <dt>{t('support.referral.until')}</dt>
            <dd>{f.date(day(r.consent_until))}</dd>
          </dl>
        </section>
      ))}
    </Layout>
  );
}
