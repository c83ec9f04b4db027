import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PUBLIC } from '../access/authorize.js';
import { membershipsOf } from '../access/load-actor.js';
import { clientIp } from '../http/context.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { type Activation, activateAccount, checkActivationCode } from './activate.js';
import { setSessionCookie } from './session-cookie.js';
import { openSession } from './sign-in.js';
import { normaliseHumanCode } from './tokens.js';

const CODE_COOKIE = 'palier_activation';

/** A resident types the code of their letter, then chooses a password (and a phone number if they have no identifier). */
export function registerActivatePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/activate', PUBLIC, (c) => c.html(<CodePage c={c} value="" errors={{}} />));

  route(app, 'POST', '/activate', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const typed = String(form.code ?? '').slice(0, 40);
    const { config, database } = c.get('services');
    const found = typed.trim() ? await checkActivationCode(database.db, typed, clientIp(c, config.trustProxy)) : 'form.required';
    if (typeof found === 'string') {
      c.status(found === 'signin.throttled' ? 429 : 422);
      return c.html(<CodePage c={c} value={typed} errors={{ code: found }} />);
    }
    // The code rides in an HttpOnly cookie to the next step, never in an address.
    setCookie(c, CODE_COOKIE, normaliseHumanCode(typed), { path: '/activate', httpOnly: true, sameSite: 'Lax', secure: config.env === 'production', maxAge: 30 * 60 });
    return c.redirect('/activate/password', 303);
  });

  route(app, 'GET', '/activate/password', PUBLIC, async (c) => {
    const { config, database } = c.get('services');
    // Without the code cookie there is nothing to check: counting it as a failed try would let any page
    // (an <img> pointing here) spend the activation budget of a visitor's address.
    const code = getCookie(c, CODE_COOKIE);
    if (!code) return c.redirect('/activate', 303);
    const found = await checkActivationCode(database.db, code, clientIp(c, config.trustProxy));
    if (typeof found === 'string') return c.redirect('/activate', 303);
    return c.html(<PasswordPage c={c} who={found} phone="" errors={{}} />);
  });

  route(app, 'POST', '/activate/password', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const { config, database } = c.get('services');
    const ip = clientIp(c, config.trustProxy);
    const code = getCookie(c, CODE_COOKIE) ?? '';
    const phone = String(form.phone ?? '').slice(0, 40);
    const result = await activateAccount(database.db, { code, password: String(form.password ?? ''), phone, ip });
    if (!result.ok) {
      if (result.errors.form) return c.redirect('/activate', 303);
      const who = await checkActivationCode(database.db, code, ip);
      if (typeof who === 'string') return c.redirect('/activate', 303);
      c.status(422);
      return c.html(<PasswordPage c={c} who={who} phone={phone} errors={result.errors} />);
    }
    deleteCookie(c, CODE_COOKIE, { path: '/activate' });
    const user = await database.db.selectFrom('users').select(['id', 'totp_enabled']).where('id', '=', result.userId).executeTakeFirstOrThrow();
    const memberships = await membershipsOf(database.db, result.userId);
    // A resident is signed in at once; anyone with a staff role signs in as usual.
    if (memberships.some((m) => m.role !== 'resident')) return c.redirect('/signin?notice=activated', 303);
    const session = await openSession(database.db, user as { id: string; totp_enabled: boolean }, { remember: false, ip, userAgent: c.req.header('user-agent'), via: 'activation' });
    setSessionCookie(c, session.token);
    if (session.needsMfa) return c.redirect('/signin/verify?next=%2F', 303);
    return c.redirect('/', 303);
  });
}

function CodePage(props: { c: Context<AppEnv>; value: string; errors: FieldErrors }) {
  const { c, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('activation.title')}>
      <h1>{t('activation.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ code: t('activation.code') }} />
      <p>{t('activation.intro')}</p>
      <PostForm action="/activate" csrf={c.get('csrf')}>
        <Field t={t} name="code" label={t('activation.code')} hint={t('activation.codeHint')} value={props.value} error={errors.code} autocomplete="one-time-code" required />
        <button type="submit">{t('activation.continue')}</button>
      </PostForm>
    </Layout>
  );
}

function PasswordPage(props: { c: Context<AppEnv>; who: Activation; phone: string; errors: FieldErrors }) {
  const { c, who, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('activation.passwordTitle')}>
      <h1>{t('activation.passwordTitle')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ phone: t('activation.phone'), password: t('password.new') }} />
      <p>{t('activation.hello', { name: who.displayName })}</p>
      {who.phone && <p>{t('activation.signInWithPhone', { phone: who.phone })}</p>}
      <PostForm action="/activate/password" csrf={c.get('csrf')}>
        {!who.hasIdentifier && (
          <Field t={t} name="phone" type="tel" label={t('activation.phone')} hint={t('activation.phoneHint')} value={props.phone} error={errors.phone} autocomplete="tel" inputmode="tel" required />
        )}
        <Field t={t} name="password" type="password" label={t('password.new')} hint={t('password.hint')} error={errors.password} autocomplete="new-password" required />
        <button type="submit">{t('password.submit')}</button>
      </PostForm>
    </Layout>
  );
}
