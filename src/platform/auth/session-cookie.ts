import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.js';
import { sessionCookieName } from '../http/context.js';

export function setSessionCookie(c: Context<AppEnv>, token: string, persistentDays?: number): void {
  const production = c.get('services').config.env === 'production';
  setCookie(c, sessionCookieName(production), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: production,
    maxAge: persistentDays ? persistentDays * 86400 : undefined,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const production = c.get('services').config.env === 'production';
  deleteCookie(c, sessionCookieName(production), { path: '/', secure: production });
}

/** Only same-site paths are followed after sign-in, so `next` cannot send people elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
