import type { Hono } from 'hono';
import { HttpError } from '../http/errors.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { ErrorSummary, type FieldErrors, fieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { type ResidentChoice, residentsOf, startAssisting, startAssistSchema, stopAssisting } from './consents.js';

/** Assisted mode: a staff member acts for a resident who consented, with a trail naming both. */
export function registerAssistPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/assist', 'assist.act', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const residents = await residentsOf(c.get('services').database.db, actor);
    return c.html(<AssistPage c={c} residents={residents} errors={{}} values={{}} />);
  });

  route(app, 'POST', '/assist/start', 'assist.act', async (c) => {
    const actor = c.get('actor');
    const session = c.get('session');
    if (!actor || !session) return c.notFound();
    const form = await c.req.parseBody();
    const parsed = startAssistSchema.safeParse(form);
    const { db } = c.get('services').database;
    if (!parsed.success) {
      c.status(422);
      const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
      return c.html(<AssistPage c={c} residents={await residentsOf(db, actor)} errors={fieldErrors(parsed.error.issues)} values={values} />);
    }
    try {
      await startAssisting(db, actor, session.token_hash, parsed.data);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return c.notFound();
      throw e;
    }
    return c.redirect('/', 303);
  });

  route(app, 'POST', '/assist/stop', 'assist.act', async (c) => {
    const actor = c.get('actor');
    const session = c.get('session');
    if (!actor || !session) return c.notFound();
    await stopAssisting(c.get('services').database.db, actor, session.token_hash);
    return c.redirect('/', 303);
  });
}

function AssistPage(props: { c: Parameters<typeof Layout>[0]['c']; residents: ResidentChoice[]; errors: FieldErrors; values: Record<string, string> }) {
  const { c, errors, values } = props;
  const t = c.get('t');
  const labels = { resident: t('assist.resident'), scope: t('assist.scope'), duration: t('assist.duration'), consent: t('assist.consent') };
  const radio = (name: 'scope' | 'duration', options: string[], fallback: string) => (
    <fieldset aria-describedby={errors[name] ? `f-${name}-error` : undefined}>
      <legend>{labels[name]}</legend>
      {errors[name] && (
        <span class="error" id={`f-${name}-error`}>
          {t(errors[name])}
        </span>
      )}
      {options.map((o, i) => (
        <label class="check">
          <input type="radio" name={name} value={o} id={i === 0 ? `f-${name}` : undefined} checked={(values[name] ?? fallback) === o} /> {t(`assist.${name}.${o}`)}
        </label>
      ))}
    </fieldset>
  );
  return (
    <Layout c={c} title={t('assist.title')}>
      <h1>{t('assist.title')}</h1>
      <p>{t('assist.intro')}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {props.residents.length === 0 ? (
        <p>{t('assist.none')}</p>
      ) : (
        <PostForm action="/assist/start" csrf={c.get('csrf')}>
          <label for="f-resident">{labels.resident}</label>
          <span class="hint" id="f-resident-hint">
            {t('assist.residentHint')}
          </span>
          {errors.resident && (
            <span class="error" id="f-resident-error">
              {t(errors.resident)}
            </span>
          )}
          <select id="f-resident" name="resident" aria-describedby={`f-resident-hint${errors.resident ? ' f-resident-error' : ''}`} aria-invalid={errors.resident ? 'true' : undefined}>
            <option value="">{t('assist.choose')}</option>
            {props.residents.map((r) => (
              <option value={r.id} selected={values.resident === r.id}>
                {r.display_name}
              </option>
            ))}
          </select>
          {radio('scope', ['all', 'spaces', 'concierge', 'community'], 'all')}
          {radio('duration', ['1h', '1d', '7d'], '1h')}
          {errors.consent && (
            <span class="error" id="f-consent-error">
              {t(errors.consent)}
            </span>
          )}
          <label class="check">
            <input type="checkbox" id="f-consent" name="consent" aria-describedby={errors.consent ? 'f-consent-error' : undefined} /> {labels.consent}
          </label>
          <button type="submit">{t('assist.start')}</button>
        </PostForm>
      )}
    </Layout>
  );
}
