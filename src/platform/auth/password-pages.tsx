import type { Context, Hono } from 'hono';
import type { Actor } from '../access/actor.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { AppEnv } from '../http/env.js';
import { clientIp } from '../http/context.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { storeNewPassword } from './passwords-set.js';
import { setSessionCookie } from './session-cookie.js';
import { createSession, REMEMBERED_RESIDENT_SESSION, STAFF_SESSION } from './sessions.js';
import { note, tooMany } from './throttle.js';

/**
 * Changes the password after checking the current one. Every session ends (a thief's too) and every
 * reset link or activation code dies; this browser gets a fresh session so the person stays in.
 */
async function changePassword(db: Db, actor: Actor, input: { current: string; next: string; ip: string | null }): Promise<FieldErrors> {
  const key = `pwchange:${actor.userId}`;
  if (await tooMany(db, key, 5, 15)) return { current: 'signin.throttled' };
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const errors: FieldErrors = {};
  if (!(await verifyPassword(user.password_hash as string | null, input.current))) {
    await note(db, key);
    errors.current = 'password.currentWrong';
  }
  const problem = checkPassword(input.next);
  if (problem) errors.password = problem;
  if (Object.keys(errors).length) return errors;
  const passwordHash = await hashPassword(input.next);
  await db.transaction().execute(async (tx) => {
    await storeNewPassword(tx, actor.userId, passwordHash);
    await audit(tx, { action: 'auth.password_changed', actor, ip: input.ip });
  });
  return {};
}

export function registerPasswordPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/account/password', 'account.self', (c) => c.html(<PasswordPage c={c} errors={{}} />));

  route(app, 'POST', '/account/password', 'account.self', async (c) => {
    const actor = c.get('actor') as Actor;
    const session = c.get('session');
    const form = await c.req.parseBody();
    const { config, database } = c.get('services');
    const errors = await changePassword(database.db, actor, { current: String(form.current ?? '').slice(0, 1024), next: String(form.password ?? '').slice(0, 1024), ip: clientIp(c, config.trustProxy) });
    if (Object.keys(errors).length) {
      c.status(422);
      return c.html(<PasswordPage c={c} errors={errors} />);
    }
    const remembered = (session?.idle_minutes ?? 0) > STAFF_SESSION.idleMinutes;
    const token = await createSession(database.db, actor.userId, remembered ? REMEMBERED_RESIDENT_SESSION : STAFF_SESSION, { organisationId: actor.orgId, mfaPassed: true, userAgent: c.req.header('user-agent') });
    setSessionCookie(c, token, remembered ? 90 : undefined);
    return c.redirect('/account?saved=1', 303);
  });
}

function PasswordPage(props: { c: Context<AppEnv>; errors: FieldErrors }) {
  const { c, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('password.changeTitle')}>
      <h1>{t('password.changeTitle')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ current: t('password.current'), password: t('password.new') }} />
      <p>{t('password.changeIntro')}</p>
      <PostForm action="/account/password" csrf={c.get('csrf')}>
        <Field t={t} name="current" type="password" label={t('password.current')} error={errors.current} autocomplete="current-password" required />
        <Field t={t} name="password" type="password" label={t('password.new')} hint={t('password.hint')} error={errors.password} autocomplete="new-password" required />
        <button type="submit">{t('password.submit')}</button>
      </PostForm>
      <p>
        <a href="/account">{t('shell.account')}</a>
      </p>
    </Layout>
  );
}
