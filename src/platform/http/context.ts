import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { loadActor } from '../access/load-actor.js';
import { lookupSession } from '../auth/sessions.js';
import { pickLocale, translator } from '../i18n/index.js';
import type { AppEnv } from './env.js';

export const sessionCookieName = (production: boolean) => (production ? '__Host-palier_session' : 'palier_session');

/** Resolves who is asking (session → actor) and in which language, for every request. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const { config, database } = c.get('services');
  const token = getCookie(c, sessionCookieName(config.env === 'production'));
  const found = await lookupSession(database.db, token);
  let actor = null;
  let preference: string | null = getCookie(c, 'palier_lang') ?? null;
  if (found && token) {
    const { session, user, memberships } = found;
    if (!user.disabled) {
      // Until the second factor is given, the session opens only the verification page.
      if (session.mfa_passed) actor = await loadActor(database.db, user, session, memberships);
      preference = user.locale;
      c.set('session', { ...session, token });
    }
  }
  if (!c.get('session')) c.set('session', null);
  c.set('actor', actor);
  const locale = pickLocale(preference, c.req.header('accept-language'));
  c.set('locale', locale);
  c.set('t', translator(locale));
  await next();
});

/** The client address: the socket's, or the proxy's X-Forwarded-For only when TRUST_PROXY says so. */
export function clientIp(c: { req: { header: (n: string) => string | undefined }; env: unknown }, trustProxy: boolean): string | null {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for');
    if (fwd) return fwd.split(',').pop()?.trim() ?? null;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
