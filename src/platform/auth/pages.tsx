import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import { PUBLIC, SIGNED_IN } from '../access/authorize.js';
import { audit } from '../audit/audit.js';
import { clientIp } from '../http/context.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { checkSecondFactor } from './second-factor.js';
import { clearSessionCookie, safeNext, setSessionCookie } from './session-cookie.js';
import { destroySession, updateSession } from './sessions.js';
import { signIn } from './sign-in.js';
import { smsOffered } from './sms.js';

const signInSchema = z.object({
  identifier: z.string().trim().min(1, 'form.required').max(254, 'form.invalid'),
  password: z.string().min(1, 'form.required').max(1024, 'form.invalid'),
  remember: z.literal('on').optional(),
  next: z.string().optional(),
});

/** Sign-in, second-factor step, sign-out and the language switch. */
export function registerSignInPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/signin', PUBLIC, async (c) => {
    if (c.get('actor')) return c.redirect('/', 303);
    const notice = c.req.query('notice');
    const sms = await smsOffered(c.get('services').database.db);
    return c.html(<SignInPage c={c} values={{ next: c.req.query('next') ?? '' }} errors={{}} sms={sms} notice={notice === 'reset' || notice === 'activated' ? `signin.notice.${notice}` : undefined} />);
  });

  route(app, 'POST', '/signin', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const parsed = signInSchema.safeParse(form);
    const values = { identifier: String(form.identifier ?? ''), next: String(form.next ?? '') };
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      c.status(422);
      return c.html(<SignInPage c={c} values={values} errors={errors} />);
    }
    const { config, database } = c.get('services');
    const old = c.get('session');
    if (old) await destroySession(database.db, old.token);
    const result = await signIn(database.db, {
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      remember: parsed.data.remember === 'on',
      ip: clientIp(c, config.trustProxy),
      userAgent: c.req.header('user-agent'),
    });
    if (!result.ok) {
      c.status(result.reason === 'signin.throttled' ? 429 : 401);
      return c.html(<SignInPage c={c} values={values} errors={{ form: result.reason }} />);
    }
    setSessionCookie(c, result.token, parsed.data.remember === 'on' ? 90 : undefined);
    const next = safeNext(parsed.data.next);
    return c.redirect(result.needsMfa ? `/signin/verify?next=${encodeURIComponent(next)}` : next, 303);
  });

  route(app, 'GET', '/signin/verify', PUBLIC, (c) => {
    if (!c.get('session')) return c.redirect('/signin', 303);
    return c.html(<VerifyPage c={c} next={c.req.query('next') ?? '/'} error={undefined} />);
  });

  route(app, 'POST', '/signin/verify', PUBLIC, async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/signin', 303);
    const form = await c.req.parseBody();
    const { database, config } = c.get('services');
    const ip = clientIp(c, config.trustProxy);
    if (!(await checkSecondFactor(database.db, session.user_id, String(form.code ?? '')))) {
      await audit(database.db, { action: 'auth.mfa_failed', actorUserId: session.user_id, ip });
      c.status(401);
      return c.html(<VerifyPage c={c} next={String(form.next ?? '/')} error="mfa.failed" />);
    }
    await updateSession(database.db, session.token_hash, { mfa_passed: true });
    return c.redirect(safeNext(form.next), 303);
  });

  route(app, 'POST', '/signout', SIGNED_IN, async (c) => {
    const session = c.get('session');
    const { database } = c.get('services');
    if (session) {
      await destroySession(database.db, session.token);
      await audit(database.db, { action: 'auth.signout', actor: c.get('actor') });
    }
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  route(app, 'POST', '/language', PUBLIC, async (c) => {
    const form = await c.req.parseBody();
    const locale = form.locale === 'en' ? 'en' : 'fr';
    const actor = c.get('actor');
    if (actor) await c.get('services').database.db.updateTable('users').set({ locale }).where('id', '=', actor.userId).execute();
    setCookie(c, 'palier_lang', locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
    return c.redirect(safeNext(form.next), 303);
  });
}

function SignInPage(props: { c: Parameters<typeof Layout>[0]['c']; values: { identifier?: string; next?: string }; errors: FieldErrors; notice?: string; sms?: boolean }) {
  const { c, values, errors } = props;
  const t = c.get('t');
  const { form, ...fields } = errors;
  return (
    <Layout c={c} title={t('signin.title')}>
      <h1>{t('signin.title')}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {t(props.notice)}
        </p>
      )}
      {form && (
        <p class="summary" role="alert">
          {t(form)}
        </p>
      )}
      <ErrorSummary t={t} errors={fields} labels={{ identifier: t('signin.identifier'), password: t('signin.password') }} />
      <PostForm action="/signin" csrf={c.get('csrf')}>
        <input type="hidden" name="next" value={values.next ?? ''} />
        <Field t={t} name="identifier" label={t('signin.identifier')} value={values.identifier} error={fields.identifier} autocomplete="username" required />
        <Field t={t} name="password" type="password" label={t('signin.password')} error={fields.password} autocomplete="current-password" required />
        <label class="check">
          <input type="checkbox" name="remember" /> {t('signin.remember')}
        </label>
        <button type="submit">{t('signin.submit')}</button>
      </PostForm>
      <ul>
        <li>
          <a href="/reset">{t('signin.forgot')}</a>
        </li>
        <li>
          <a href="/activate">{t('signin.activate')}</a>
        </li>
        {props.sms && (
          <li>
            <a href="/signin/sms">{t('sms.link')}</a>
          </li>
        )}
      </ul>
    </Layout>
  );
}

function VerifyPage(props: { c: Parameters<typeof Layout>[0]['c']; next: string; error?: string }) {
  const { c } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('mfa.title')}>
      <h1>{t('mfa.title')}</h1>
      <PostForm action="/signin/verify" csrf={c.get('csrf')}>
        <input type="hidden" name="next" value={props.next} />
        <Field t={t} name="code" label={t('mfa.code')} error={props.error} autocomplete="one-time-code" inputmode="numeric" required />
        <button type="submit">{t('mfa.submit')}</button>
      </PostForm>
    </Layout>
  );
}
