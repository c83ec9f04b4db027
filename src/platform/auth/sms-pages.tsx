import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PUBLIC } from '../access/authorize.js';
import { clientIp } from '../http/context.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { normalisePhone } from './activation.js';
import { setSessionCookie } from './session-cookie.js';
import { openSession } from './sign-in.js';
import { checkSmsCode, SMS_MINUTES, sendSmsCode } from './sms.js';

const PHONE_COOKIE = 'palier_sms_phone';

/** Sign-in with a code sent by SMS, for residents whose organisation offers it. */
export function registerSmsPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/signin/sms', PUBLIC, (c) => c.html(<PhonePage c={c} value="" errors={{}} />));

  route(app, 'POST', '/signin/sms', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const phone = String(form.phone ?? '').slice(0, 40);
    if (!phone.trim()) {
      c.status(422);
      return c.html(<PhonePage c={c} value={phone} errors={{ phone: 'form.required' }} />);
    }
    const services = c.get('services');
    await sendSmsCode(services, { phone, ip: clientIp(c, services.config.trustProxy) });
    setCookie(c, PHONE_COOKIE, normalisePhone(phone), { path: '/signin/sms', httpOnly: true, sameSite: 'Lax', secure: services.config.env === 'production', maxAge: SMS_MINUTES * 60 });
    return c.redirect('/signin/sms/code', 303);
  });

  route(app, 'GET', '/signin/sms/code', PUBLIC, (c) => {
    if (!getCookie(c, PHONE_COOKIE)) return c.redirect('/signin/sms', 303);
    return c.html(<CodePage c={c} errors={{}} />);
  });

  route(app, 'POST', '/signin/sms/code', PUBLIC, async (c) => {
    const phone = getCookie(c, PHONE_COOKIE);
    if (!phone) return c.redirect('/signin/sms', 303);
    const form = await c.req.parseBody();
    const { config, database } = c.get('services');
    const ip = clientIp(c, config.trustProxy);
    const user = await checkSmsCode(database.db, { phone, code: String(form.code ?? '').slice(0, 20), ip });
    if (!user) {
      c.status(401);
      return c.html(<CodePage c={c} errors={{ code: 'sms.failed' }} />);
    }
    const old = c.get('session');
    if (old) await database.db.deleteFrom('sessions').where('token_hash', '=', old.token_hash).execute();
    const remember = form.remember === 'on';
    const session = await openSession(database.db, user, { remember, ip, userAgent: c.req.header('user-agent'), via: 'sms' });
    deleteCookie(c, PHONE_COOKIE, { path: '/signin/sms' });
    setSessionCookie(c, session.token, remember ? 90 : undefined);
    return c.redirect(session.needsMfa ? '/signin/verify?next=%2F' : '/', 303);
  });
}

function PhonePage(props: { c: Context<AppEnv>; value: string; errors: FieldErrors }) {
  const { c, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('sms.title')}>
      <h1>{t('sms.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ phone: t('sms.phone') }} />
      <p>{t('sms.intro')}</p>
      <PostForm action="/signin/sms" csrf={c.get('csrf')}>
        <Field t={t} name="phone" type="tel" label={t('sms.phone')} hint={t('activation.phoneHint')} value={props.value} error={errors.phone} autocomplete="tel" inputmode="tel" required />
        <button type="submit">{t('sms.send')}</button>
      </PostForm>
      <p>
        <a href="/signin">{t('signin.title')}</a>
      </p>
    </Layout>
  );
}

function CodePage(props: { c: Context<AppEnv>; errors: FieldErrors }) {
  const { c, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('sms.title')}>
      <h1>{t('sms.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ code: t('sms.code') }} />
      {!errors.code && (
        <p class="notice" role="status">
          {t('sms.sent')}
        </p>
      )}
      <PostForm action="/signin/sms/code" csrf={c.get('csrf')}>
        <Field t={t} name="code" label={t('sms.code')} hint={t('sms.codeHint')} error={errors.code} autocomplete="one-time-code" inputmode="numeric" required />
        <label class="check">
          <input type="checkbox" name="remember" /> {t('signin.remember')}
        </label>
        <button type="submit">{t('sms.submit')}</button>
      </PostForm>
      <p>
        <a href="/signin/sms">{t('sms.again')}</a>
      </p>
    </Layout>
  );
}
