import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { newSecret } from '../auth/tokens.js';
import type { AppEnv } from './env.js';

/**
 * CSP with per-response nonces and no inline handlers; HSTS only where the site is served over HTTPS. A response
 * that brings its own CSP keeps it: stored files are served with `default-src 'none'; sandbox`
 * (`attachmentResponse`, photos), which the site's policy would otherwise replace after the handler (issue 9).
 */
export function securityHeaders(production: boolean) {
  const headers = siteHeaders(production);
  return createMiddleware<AppEnv>(async (c, next) => {
    let own: string | null = null;
    await headers(c, async () => {
      await next();
      own = c.res.headers.get('content-security-policy');
    });
    if (own) c.res.headers.set('content-security-policy', own);
  });
}

function siteHeaders(production: boolean) {
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
 * Whether a browser's `Origin` header names this site: the configured PUBLIC_URL, or the host the
 * request was sent to (a foreign page cannot make a browser send our Host with its own Origin).
 * `null` (sandboxed frames, data: pages, some redirects) is never ours.
 */
export function sameOrigin(origin: string, publicUrl: string, host: string | undefined): boolean {
  if (origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === new URL(publicUrl).origin) return true;
  return !!host && url.host === host.toLowerCase() && (url.protocol === 'https:' || url.protocol === 'http:');
}

/**
 * Double-submit token: a random cookie that a form must echo in `_csrf`, and, when the browser
 * says where the request comes from (`Origin`), that place must be this site. A request carrying
 * a Bearer token has no ambient credential, so it needs neither.
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
      const origin = c.req.header('origin');
      if (origin !== undefined && !sameOrigin(origin, c.get('services').config.publicUrl, c.req.header('host'))) {
        return c.text(c.get('t')('form.csrf'), 403);
      }
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
