import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { offersTeam, type TeamView } from '../commands/team.js';
import { SelectField } from './fields.js';

/** The manager's page for a programme's named team: who follows every case, add, take out. */
export function TeamPage(props: { c: Context<AppEnv>; team: TeamView; errors?: FieldErrors; values?: Record<string, string>; notice?: string }) {
  const { c, team } = props;
  const errors = props.errors ?? {};
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const base = `/support/programmes/${team.programme.id}/team`;
  const title = t('support.team.title', { name: team.programme.name });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ userId: t('support.team.person') }} />
      {props.notice && (
        <p class="notice" role="status">
          {t(props.notice)}
        </p>
      )}
      <p>{t('support.team.intro')}</p>
      <h2>{t('support.team.members')}</h2>
      {team.members.length === 0 ? (
        <p>{t('support.team.empty')}</p>
      ) : (
        <ul>
          {team.members.map((m) => (
            <li>
              {m.display_name} <span class="hint">{t('support.team.since', { date: f.date(m.added_at) })}</span>
              <PostForm action={`${base}/remove`} csrf={csrf}>
                <input type="hidden" name="userId" value={m.user_id} />
                <button type="submit" class="link">
                  {t('support.team.remove', { name: m.display_name })}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      {!offersTeam(team.programme.sensitivity) ? (
        <p>{t('support.team.notSensitive')}</p>
      ) : (
      <PostForm action={base} csrf={csrf}>
        <h2>{t('support.team.add')}</h2>
        <SelectField
          t={t}
          name="userId"
          label={t('support.team.person')}
          hint={t('support.team.personHint')}
          value={props.values?.userId}
          error={errors.userId}
          placeholder={t('support.choose')}
          options={team.candidates.map((s) => ({ value: s.user_id, label: s.display_name }))}
        />
        <button type="submit">{t('support.team.addButton')}</button>
      </PostForm>
      )}
      <p>
        <a href="/support/programmes">{t('support.team.back')}</a>
      </p>
    </Layout>
  );
}
