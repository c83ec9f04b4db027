import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { ExternalReferral } from '../commands/external-referrals.js';
import { SHAREABLE } from '../commands/referrals.js';
import type { CaseDetail } from '../queries/read-case.js';
import { TextAreaField } from './fields.js';
import { sharedText } from './shared-value.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const sharedKeys = (r: ExternalReferral) => SHAREABLE.filter((k) => k in r.shared);

/** On a case: referrals to associations not on Palier, their sheets, their answers, and the form. */
export function ExternalReferralSection(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const base = `/support/cases/${d.row.id}/external-referrals`;
  return (
    <section aria-labelledby="external-title">
      <h2 id="external-title">{t('support.external.title')}</h2>
      {d.externalReferrals.length === 0 && <p>{t('support.external.none')}</p>}
      <ul>
        {d.externalReferrals.map((r) => (
          <li>
            {t('support.external.line', { association: r.association, date: f.date(r.consent_given_at) })} — <strong>{t(`support.external.status.${r.status}`)}</strong>
            {r.answer && <span class="hint">{r.answer}</span>}
            {r.withdrawn_at && <span class="hint">{t('support.external.withdrawnLine', { date: f.date(r.withdrawn_at), reason: r.withdraw_reason })}</span>}
            <span class="hint">{t('support.referral.sharedList', { fields: sharedKeys(r).map((k) => t(`support.referral.field.${k}`)).join(', ') })}</span>
            <p>
              <a href={`${base}/${r.id}/sheet`}>{t('support.external.sheet', { association: r.association })}</a>
              {' — '}
              <a href={`${base}/${r.id}/sheet.pdf`}>{t('support.external.sheetPdf', { association: r.association })}</a>
            </p>
            {r.status === 'sent' && d.row.status === 'open' && (
              <PostForm action={`${base}/${r.id}/answer`} csrf={csrf}>
                <fieldset aria-describedby={errors.answerStatus ? `f-answerStatus-${r.id}-error` : undefined}>
                  <legend>{t('support.external.answerLegend', { association: r.association })}</legend>
                  {errors.answerStatus && (
                    <span class="error" id={`f-answerStatus-${r.id}-error`}>
                      {t(errors.answerStatus)}
                    </span>
                  )}
                  <label class="check">
                    <input type="radio" name="answerStatus" value="accepted" /> {t('support.external.status.accepted')}
                  </label>
                  <label class="check">
                    <input type="radio" name="answerStatus" value="declined" /> {t('support.external.status.declined')}
                  </label>
                </fieldset>
                <TextAreaField t={t} name={`answer-${r.id}`} label={t('support.external.answer')} rows={2} />
                <button type="submit">{t('support.external.answerButton')}</button>
              </PostForm>
            )}
            {r.status !== 'withdrawn' && d.row.status === 'open' && (
              <PostForm action={`${base}/${r.id}/withdraw`} csrf={csrf}>
                <fieldset>
                  <legend>{t('support.external.withdrawLegend', { association: r.association })}</legend>
                  <TextAreaField
                    t={t}
                    name={`withdrawReason-${r.id}`}
                    label={t('support.external.withdrawReason')}
                    hint={t('support.external.withdrawHint')}
                    value={values[`withdrawReason-${r.id}`]}
                    error={errors[`withdrawReason-${r.id}`]}
                    rows={2}
                  />
                  <button type="submit">{t('support.external.withdrawButton')}</button>
                </fieldset>
              </PostForm>
            )}
          </li>
        ))}
      </ul>
      {d.row.status === 'open' && (
        <PostForm action={base} csrf={csrf}>
          <h3>{t('support.external.new')}</h3>
          <Field t={t} name="association" label={t('support.external.association')} value={values.association} error={errors.association} />
          <Field t={t} name="contact" label={t('support.external.contact')} hint={t('support.external.contactHint')} value={values.contact} error={errors.contact} />
          <fieldset aria-describedby={errors.extFields ? 'f-extFields-error' : undefined}>
            <legend>{t('support.referral.fields')}</legend>
            {errors.extFields && (
              <span class="error" id="f-extFields-error">
                {t(errors.extFields)}
              </span>
            )}
            {SHAREABLE.map((k, i) => (
              <label class="check">
                <input type="checkbox" name="extFields" value={k} id={i === 0 ? 'f-extFields' : undefined} /> {t(`support.referral.field.${k}`)}
              </label>
            ))}
          </fieldset>
          <Field t={t} name="extPurpose" label={t('support.referral.purpose')} value={values.extPurpose} error={errors.extPurpose} />
          <Field t={t} name="extUntil" type="date" label={t('support.referral.until')} value={values.extUntil} error={errors.extUntil} />
          {errors.extConsent && (
            <span class="error" id="f-extConsent-error">
              {t(errors.extConsent)}
            </span>
          )}
          <label class="check">
            <input type="checkbox" id="f-extConsent" name="extConsent" aria-describedby={errors.extConsent ? 'f-extConsent-error' : undefined} /> {t('support.external.consentBox')}
          </label>
          <button type="submit">{t('support.external.send')}</button>
        </PostForm>
      )}
    </section>
  );
}

// The sheet prints without the site's header, navigation and footer.
const PRINT_CSS = '@media print{header,nav,footer,.no-print{display:none!important}body{font-size:12pt}}';

/** The referral sheet to print and hand (or send) to the association: only what the person agreed to share. */
export function ExternalSheetPage(props: { c: Context<AppEnv>; r: ExternalReferral; organisation: string; caseId: string }) {
  const { c, r } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const title = t('support.external.sheetTitle', { association: r.association });
  return (
    <Layout c={c} title={title}>
      <style nonce={c.get('secureHeadersNonce')}>{raw(PRINT_CSS)}</style>
      <h1>{title}</h1>
      {r.consent_ended_on && (
        <p class="error" role="note">
          <strong>{t('support.external.withdrawnBanner', { date: f.date(day(r.consent_ended_on ?? '')) })}</strong>
        </p>
      )}
      <SheetBody t={t} r={r} organisation={props.organisation} date={f.date} />
      <p class="no-print">
        <a href={`/support/cases/${props.caseId}/external-referrals/${r.id}/sheet.pdf`}>{t('support.external.sheetPdf', { association: r.association })}</a>
        {' — '}
        <a href={`/support/cases/${props.caseId}`}>{t('support.external.backToCase')}</a>
      </p>
    </Layout>
  );
}

function SheetBody(p: { t: (k: string, v?: Record<string, string | number>) => string; r: ExternalReferral; organisation: string; date: (d: Date) => string }) {
  const { t, r } = p;
  return (
    <dl>
      <dt>{t('support.external.from')}</dt>
      <dd>{`${p.organisation} — ${String(r.shared.programme ?? '')}`}</dd>
      <dt>{t('support.external.reference')}</dt>
      <dd>{String(r.shared.reference ?? '')}</dd>
      <dt>{t('support.external.association')}</dt>
      <dd>{r.contact ? `${r.association} — ${r.contact}` : r.association}</dd>
      <dt>{t('support.referral.purpose')}</dt>
      <dd>{r.purpose}</dd>
      {sharedKeys(r).map((k) => (
        <>
          <dt>{t(`support.referral.field.${k}`)}</dt>
          <dd>{sharedText(t, r.shared[k])}</dd>
        </>
      ))}
      <dt>{t('support.external.consent')}</dt>
      <dd>{t('support.external.consentLine', { given: p.date(r.consent_given_at), until: p.date(day(r.consent_until)) })}</dd>
      {r.consent_ended_on && <dd>{t('support.external.consentEnded', { date: p.date(day(r.consent_ended_on)) })}</dd>}
      <dt>{t('support.external.adviser')}</dt>
      <dd>{r.adviser ?? '—'}</dd>
    </dl>
  );
}
