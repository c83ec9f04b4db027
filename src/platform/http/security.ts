import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { newSecret } from '../auth/tokens.js';
import type { AppEnv } from './env.js';

/** CSP with per-response nonces and no inline handlers; HSTS only where the site is served over HTTPS. */
export function securityHeaders(production: boolean) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: [NONCE],
      styleSrc: ["'self'", NONCE],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: production ? 'max-age=31536000; includeSubDomains' : false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
}

export const csrfCookieName = (production: boolean) => (production ? '__Host-palier_csrf' : 'palier_csrf');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit token: a random cookie that a form must echo in `_csrf`. A request carrying a
 * Bearer token has no ambient credential, so it needs none.
 */
export function csrfProtection(production: boolean) {
  const name = csrfCookieName(production);
  return createMiddleware<AppEnv>(async (c, next) => {
    let token = getCookie(c, name);
    if (!token || token.length !== 43) {
      token = newSecret();
      setCookie(c, name, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: production });
    }
    c.set('csrf', token);
    if (UNSAFE.has(c.req.method) && !c.req.header('authorization')?.startsWith('Bearer ')) {
      const type = c.req.header('content-type') ?? '';
      let sent: string | undefined;
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody();
        sent = typeof body._csrf === 'string' ? body._csrf : undefined;
      }
      if (!sent || sent !== getCookie(c, name)) {
        return c.text(c.get('t')('form.csrf'), 403);
      }
    }
    await next();
  });
}

/**
 * PostgreSQL cannot store a NUL character in text, and no person types one: refuse such input at
 * the door (400) instead of failing deep inside a query.
 */
export const rejectNulCharacters = createMiddleware<AppEnv>(async (c, next) => {
  const bad = (v: unknown) => typeof v === 'string' && v.includes('\u0000');
  let found = /%00/.test(new URL(c.req.url).search);
  const type = c.req.header('content-type') ?? '';
  if (!found && UNSAFE.has(c.req.method) && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
    const body = await c.req.parseBody({ all: true });
    found = Object.values(body).some((v) => (Array.isArray(v) ? v.some(bad) : bad(v)));
  }
  if (found) return c.text(c.get('t')('form.invalidCharacters'), 400);
  await next();
});
