import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatters } from '../../i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../ui/form.js';
import { Layout } from '../../ui/layout.js';
import { TableWrap } from '../../ui/table.js';
import type { ApiTokenListItem } from './store.js';

type Props = {
  c: Context<AppEnv>;
  tokens: ApiTokenListItem[];
  scopes: string[];
  secret: string | null;
  revokedName: string | null;
  errors: FieldErrors;
  values: { name?: string; scopes?: string[] };
};

/** A permission in words when a module gave it a label (`permission.<name>`), with its code for developers. */
function ScopeName(props: { c: Context<AppEnv>; scope: string }) {
  const t = props.c.get('t');
  const key = `permission.${props.scope}`;
  const label = t(key);
  // One span: in the flex label it wraps as a whole, so a long code never widens a phone's page.
  return (
    <span>
      {label !== key && `${label} `}
      <code>{props.scope}</code>
    </span>
  );
}

/** The API tokens page: the secret just created (once), the creation form, the list with revoke buttons. */
export function TokensPage(p: Props) {
  const { c } = p;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const chosen = new Set(p.values.scopes ?? []);
  const scopeError = p.errors.scopes;
  return (
    <Layout c={c} title={t('apiTokens.title')}>
      <h1>{t('apiTokens.title')}</h1>
      {p.secret && (
        <div class="notice" role="status" aria-labelledby="new-token-title">
          <h2 id="new-token-title">{t('apiTokens.created.title')}</h2>
          <p>{t('apiTokens.created.body')}</p>
          <label for="new-token">{t('apiTokens.secret')}</label>
          <input id="new-token" type="text" readonly value={p.secret} autocomplete="off" spellcheck={false} />
        </div>
      )}
      {p.revokedName && (
        <p class="notice" role="status">
          {t('apiTokens.revoked', { name: p.revokedName })}
        </p>
      )}
      <p>{t('apiTokens.intro')}</p>
      <p>
        <a href="/api/v1/openapi.json">{t('apiTokens.docs')}</a>
      </p>

      <h2>{t('apiTokens.create')}</h2>
      <ErrorSummary t={t} errors={p.errors} labels={{ name: t('apiTokens.name'), scopes: t('apiTokens.scopes') }} />
      {p.scopes.length === 0 ? (
        <p>{t('apiTokens.scopes.none')}</p>
      ) : (
        <PostForm action="/admin/api-tokens" csrf={c.get('csrf')}>
          <Field t={t} name="name" label={t('apiTokens.name')} hint={t('apiTokens.name.hint')} value={p.values.name} error={p.errors.name} autocomplete="off" required />
          <fieldset id="f-scopes" aria-describedby={scopeError ? 'f-scopes-hint f-scopes-error' : 'f-scopes-hint'}>
            <legend>{t('apiTokens.scopes')}</legend>
            <span class="hint" id="f-scopes-hint">
              {t('apiTokens.scopes.hint')}
            </span>
            {scopeError && (
              <span class="error" id="f-scopes-error">
                {t(scopeError)}
              </span>
            )}
            {p.scopes.map((s) => (
              <label class="check">
                <input type="checkbox" name="scopes" value={s} checked={chosen.has(s)} /> <ScopeName c={c} scope={s} />
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('apiTokens.submit')}</button>
        </PostForm>
      )}

      <h2>{t('apiTokens.list')}</h2>
      {p.tokens.length === 0 ? (
        <p>{t('apiTokens.empty')}</p>
      ) : (
        <TableWrap label={t('apiTokens.list')}>
          <table>
            <caption>{t('apiTokens.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apiTokens.col.name')}</th>
                <th scope="col">{t('apiTokens.col.scopes')}</th>
                <th scope="col">{t('apiTokens.col.created')}</th>
                <th scope="col">{t('apiTokens.col.lastUsed')}</th>
                <th scope="col">{t('apiTokens.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((tok) => (
                <tr>
                  <th scope="row">{tok.name}</th>
                  <td>
                    {tok.scopes.map((s, i) => (
                      <>
                        {i > 0 && ', '}
                        <code>{s}</code>
                      </>
                    ))}
                  </td>
                  <td>{t('apiTokens.createdBy', { date: f.dateTime(tok.created_at), name: tok.created_by_name ?? '—' })}</td>
                  <td>{tok.last_used_at ? f.dateTime(tok.last_used_at) : t('apiTokens.never')}</td>
                  <td>
                    {tok.revoked_at ? (
                      t('apiTokens.revokedOn', { date: f.dateTime(tok.revoked_at) })
                    ) : (
                      <PostForm action={`/admin/api-tokens/${tok.id}/revoke`} csrf={c.get('csrf')}>
                        {t('apiTokens.active')}{' '}
                        <button type="submit" aria-label={t('apiTokens.revoke.label', { name: tok.name })}>
                          {t('apiTokens.revoke')}
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Layout>
  );
}
