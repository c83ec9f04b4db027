import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { PUBLIC } from '../access/authorize.js';
import { clientIp } from '../http/context.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, fieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { RESET_MINUTES, requestPasswordReset, resetLinkIsLive, resetPassword } from './reset.js';

const askSchema = z.object({ email: z.string().trim().min(1, 'form.required').max(254, 'form.invalid').email('reset.emailInvalid') });
const RESET_COOKIE = 'palier_reset';

/**
 * Password reset by e-mailed link. The link's token leaves the address bar at once: GET /reset/:token
 * moves it into an HttpOnly cookie limited to /reset and redirects to /reset/new, so it stays out
 * of the browser history, of Referer headers and of every later request line. (The request log
 * records route patterns, not paths, so the first request does not write it either.)
 */
export function registerResetPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/reset', PUBLIC, (c) => c.html(<AskPage c={c} values={{}} errors={{}} sent={c.req.query('sent') === '1'} />));

  route(app, 'POST', '/reset', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const parsed = askSchema.safeParse(form);
    if (!parsed.success) {
      c.status(422);
      return c.html(<AskPage c={c} values={{ email: String(form.email ?? '') }} errors={fieldErrors(parsed.error.issues)} sent={false} />);
    }
    const services = c.get('services');
    await requestPasswordReset(services, { email: parsed.data.email, ip: clientIp(c, services.config.trustProxy) });
    return c.redirect('/reset?sent=1', 303);
  });

  // Registered before /reset/:token so that "new" is never taken for a token.
  route(app, 'GET', '/reset/new', PUBLIC, async (c) => {
    const token = getCookie(c, RESET_COOKIE) ?? '';
    if (!(await resetLinkIsLive(c.get('services'), token))) return invalid(c);
    return c.html(<NewPasswordPage c={c} errors={{}} />);
  });

  route(app, 'POST', '/reset/new', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const services = c.get('services');
    const result = await resetPassword(services, { token: getCookie(c, RESET_COOKIE) ?? '', password: String(form.password ?? ''), ip: clientIp(c, services.config.trustProxy) });
    if (!result.ok && result.problem === 'reset.invalid') return invalid(c);
    if (!result.ok) {
      c.status(422);
      return c.html(<NewPasswordPage c={c} errors={{ password: result.problem }} />);
    }
    deleteCookie(c, RESET_COOKIE, { path: '/reset' });
    return c.redirect('/signin?notice=reset', 303);
  });

  route(app, 'GET', '/reset/:token', PUBLIC, async (c) => {
    const token = c.req.param('token') ?? '';
    if (!(await resetLinkIsLive(c.get('services'), token))) return invalid(c);
    setCookie(c, RESET_COOKIE, token, {
      path: '/reset',
      httpOnly: true,
      sameSite: 'Lax',
      secure: c.get('services').config.env === 'production',
      maxAge: RESET_MINUTES * 60,
    });
    return c.redirect('/reset/new', 303);
  });
}

function invalid(c: Context<AppEnv>) {
  const t = c.get('t');
  deleteCookie(c, RESET_COOKIE, { path: '/reset' });
  c.status(400);
  return c.html(
    <Layout c={c} title={t('reset.newTitle')}>
      <h1>{t('reset.newTitle')}</h1>
      <p class="summary" role="alert">
        {t('reset.invalid')}
      </p>
      <p>
        <a href="/reset">{t('reset.again')}</a>
      </p>
    </Layout>,
  );
}

function AskPage(props: { c: Context<AppEnv>; values: { email?: string }; errors: FieldErrors; sent: boolean }) {
  const { c, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('reset.title')}>
      <h1>{t('reset.title')}</h1>
      {props.sent && (
        <p class="notice" role="status">
          {t('reset.sent')}
        </p>
      )}
      <ErrorSummary t={t} errors={errors} labels={{ email: t('reset.email') }} />
      <p>{t('reset.intro')}</p>
      <PostForm action="/reset" csrf={c.get('csrf')}>
        <Field t={t} name="email" type="email" label={t('reset.email')} value={props.values.email} error={errors.email} autocomplete="email" inputmode="email" required />
        <button type="submit">{t('reset.submit')}</button>
      </PostForm>
      <p>
        <a href="/activate">{t('reset.noEmail')}</a>
      </p>
    </Layout>
  );
}

function NewPasswordPage(props: { c: Context<AppEnv>; errors: FieldErrors }) {
  const { c, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('reset.newTitle')}>
      <h1>{t('reset.newTitle')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ password: t('password.new') }} />
      <PostForm action="/reset/new" csrf={c.get('csrf')}>
        <Field t={t} name="password" type="password" label={t('password.new')} hint={t('password.hint')} error={errors.password} autocomplete="new-password" required />
        <button type="submit">{t('password.submit')}</button>
      </PostForm>
    </Layout>
  );
}
