import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';

/** Asks for a code from the authenticator app before a sensitive case opens. */
export function StepUpPage(props: { c: Context<AppEnv>; next: string; errors: FieldErrors }) {
  const { c, errors } = props;
  const t = c.get('t');
  const session = props.next.startsWith('/support/sessions/');
  return (
    <Layout c={c} title={t('support.stepUp.title')}>
      <h1>{t('support.stepUp.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ code: t('support.stepUp.code') }} />
      <p>{t(session ? 'support.stepUp.introSession' : 'support.stepUp.intro')}</p>
      <PostForm action="/support/verify" csrf={c.get('csrf')}>
        <input type="hidden" name="next" value={props.next} />
        <Field t={t} name="code" label={t('support.stepUp.code')} hint={t('support.stepUp.hint')} error={errors.code} autocomplete="one-time-code" inputmode="numeric" required />
        <button type="submit">{t('support.stepUp.submit')}</button>
      </PostForm>
      <p>
        {session ? <a href="/support/sessions">{t('support.stepUp.backSessions')}</a> : <a href="/support/cases">{t('support.stepUp.back')}</a>}
      </p>
    </Layout>
  );
}
