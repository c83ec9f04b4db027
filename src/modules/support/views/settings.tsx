import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { RetentionSettings } from '../commands/settings.js';
import { RETENTION_ACTIONS, RETENTION_FROM } from '../schemas-programme.js';
import { SelectField } from './fields.js';

/** The organisation's support defaults: how long closed cases are kept when their programme sets no period. */
export function SettingsPage(props: { c: Context<AppEnv>; settings: RetentionSettings; errors?: FieldErrors; values?: Record<string, string>; saved?: boolean }) {
  const { c, settings } = props;
  const errors = props.errors ?? {};
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const title = t('support.settings.title');
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ retentionMonths: t('support.settings.retentionMonths'), retentionFrom: t('support.settings.retentionFrom'), retentionAction: t('support.settings.retentionAction') }} />
      {props.saved && (
        <p class="notice" role="status">
          {t('support.settings.saved')}
        </p>
      )}
      <p>{t('support.settings.intro')}</p>
      <p>
        {settings.chosen && settings.updatedAt
          ? t('support.settings.current', { months: settings.months, date: f.date(settings.updatedAt) })
          : t('support.settings.builtIn', { months: settings.months })}{' '}
        {t('support.settings.following', { count: settings.programmesFollowing })}
      </p>
      <PostForm action="/support/settings" csrf={c.get('csrf')}>
        <Field
          t={t}
          name="retentionMonths"
          label={t('support.settings.retentionMonths')}
          hint={t('support.settings.retentionHint')}
          value={props.values?.retentionMonths ?? String(settings.months)}
          error={errors.retentionMonths}
          inputmode="numeric"
        />
        <SelectField
          t={t}
          name="retentionFrom"
          label={t('support.settings.retentionFrom')}
          value={props.values?.retentionFrom ?? settings.from}
          error={errors.retentionFrom}
          options={RETENTION_FROM.map((k) => ({ value: k, label: t(`support.retention.from.${k}`) }))}
        />
        <SelectField
          t={t}
          name="retentionAction"
          label={t('support.settings.retentionAction')}
          hint={t('support.settings.retentionActionHint')}
          value={props.values?.retentionAction ?? settings.action}
          error={errors.retentionAction}
          options={RETENTION_ACTIONS.map((k) => ({ value: k, label: t(`support.retention.action.${k}`) }))}
        />
        <p class="hint">{t('support.settings.cnil')}</p>
        <button type="submit">{t('support.settings.save')}</button>
      </PostForm>
    </Layout>
  );
}
