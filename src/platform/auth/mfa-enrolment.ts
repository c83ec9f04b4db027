import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env.js';
import { mfaRequired } from './mfa.js';

// What a person who still owes a second factor may reach: the enrolment page itself, leaving, language.
const OPEN = /^\/(account\/mfa(\/[a-z]+)?|signout|language|healthz|readyz)$/;

/**
 * In production, staff whose role reaches sensitive programmes and who have no second factor yet
 * are sent to /account/mfa until they enrol; sign-in lets them in with the password alone for this.
 */
export const requireMfaEnrolment = createMiddleware<AppEnv>(async (c, next) => {
  const actor = c.get('actor');
  const { config, database } = c.get('services');
  if (!actor || actor.kind !== 'user' || !mfaRequired(actor, config.env === 'production') || OPEN.test(c.req.path)) return next();
  const user = await database.db.selectFrom('users').select('totp_enabled').where('id', '=', actor.userId).executeTakeFirst();
  if (user?.totp_enabled) return next();
  return c.redirect('/account/mfa', 303);
});
