import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';

/** A partner association's shared address for notices (referrals made to it, answers to its proposals). */
export function PartnerContactPage(props: { c: Context<AppEnv>; email: string | null; errors?: FieldErrors; value?: string; saved?: boolean }) {
  const { c } = props;
  const t = c.get('t');
  const errors = props.errors ?? {};
  return (
    <Layout c={c} title={t('support.contact.title')}>
      <h1>{t('support.contact.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ contactEmail: t('support.contact.email') }} />
      {props.saved && (
        <p class="notice" role="status">
          {t('support.contact.saved')}
        </p>
      )}
      <p>{t('support.contact.intro')}</p>
      <p>{props.email ? t('support.contact.current', { email: props.email }) : t('support.contact.noneSet')}</p>
      <PostForm action="/support/partner/contact" csrf={c.get('csrf')}>
        <Field t={t} name="contactEmail" type="email" autocomplete="email" label={t('support.contact.email')} hint={t('support.contact.hint')} value={props.value ?? props.email ?? ''} error={errors.contactEmail} />
        <button type="submit">{t('support.contact.save')}</button>
      </PostForm>
      <p>
        <a href="/support/referrals">{t('support.referral.partnerTitle')}</a> · <a href="/support/commitments">{t('support.proposal.pageTitle')}</a>
      </p>
    </Layout>
  );
}
