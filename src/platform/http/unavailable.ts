import type { Context } from 'hono';
import { pickLocale, translator } from '../i18n/index.js';
import type { AppEnv } from './env.js';

/** Error codes of a database that is down, restarting or unreachable (node's socket codes, SQLSTATE classes 08 and 57P). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_TEXT = /Connection terminated|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)/;

/** Whether an error means "PostgreSQL is not answering" (rather than a bug): the request gets 503, not 500. */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof err.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
  if (typeof err.message === 'string' && UNAVAILABLE_TEXT.test(err.message)) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}

/**
 * Whether an error is one of the application's database timeouts (SQLSTATE 55P03 lock_not_available: a lock
 * waited for longer than `lock_timeout`; 57014 query_canceled: `statement_timeout`): the request gets 503, not 500.
 */
export function isDatabaseTimeout(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { code?: unknown; cause?: unknown };
  if (err.code === '55P03' || err.code === '57014') return true;
  return isDatabaseTimeout(err.cause, depth + 1);
}

/**
 * The answer while the database is unreachable: 503 with Retry-After, in the person's language, as JSON
 * under /api/. A plain page: the layout needs the session, which lives in the database.
 * `busy`: the database answers, but the request waited too long for a lock (or ran too long) and was
 * stopped, its transaction rolled back: the person's own language when the session gave it.
 */
export function databaseUnavailable(c: Context<AppEnv>, reason: 'unavailable' | 'busy' = 'unavailable'): Response {
  const lang = (reason === 'busy' && c.get('locale')) || pickLocale(null, c.req.header('accept-language'));
  const t = translator(lang);
  const body = reason === 'busy' ? t('error.503.busy') : t('error.503.body');
  c.header('retry-after', '5');
  c.header('cache-control', 'no-store');
  if (c.req.path.startsWith('/api/')) return c.json(reason === 'busy' ? { error: t('error.503.title'), message: body } : { error: t('error.503.title') }, 503);
  // Catalogue strings only, nothing the request carried.
  const page = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('error.503.title')} – Palier</title></head><body><main><h1>${t('error.503.title')}</h1><p>${body}</p><p><a href="">${t('error.503.retry')}</a></p></main></body></html>`;
  return c.body(page, 503, { 'content-type': 'text/html; charset=utf-8' });
}
