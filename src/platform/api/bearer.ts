import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env.js';
import { apiError } from './errors.js';
import { tokenActor } from './tokens/actor.js';

/**
 * For a request with `Authorization: Bearer …`, the token alone says who acts: the session cookie
 * is ignored, which is what makes it safe for the CSRF check to skip such requests. Tokens open
 * the API only; elsewhere, and when unknown or revoked, the answer is 401.
 */
export const bearerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  // Any Bearer-looking header, even malformed, must drop the cookie session: the CSRF check skips it.
  if (!header || !/^bearer(\s|$)/i.test(header)) return next();
  const secret = header.slice(6).trim();
  c.set('session', null);
  c.set('actor', null);
  c.header('www-authenticate', 'Bearer realm="palier"');
  if (!c.req.path.startsWith('/api/')) return apiError(c, 401, 'invalid_token');
  const actor = secret ? await tokenActor(c.get('services').database.db, secret, c.get('locale')) : null;
  if (!actor) return apiError(c, 401, 'invalid_token');
  c.set('actor', actor);
  return next();
});
