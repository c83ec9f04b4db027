import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env.js';

/** Stable error codes that integrations can branch on; the status says the class, the code the cause. */
export type ApiErrorCode =
  | 'unauthenticated'
  | 'invalid_token'
  | 'forbidden'
  | 'not_found'
  | 'invalid_query'
  | 'invalid_json'
  | 'invalid_body'
  | 'payload_too_large'
  | 'internal';

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 413 | 422 | 500;

/** The one error shape of the API: `{ error, fields? }`. */
export function apiError(c: Context<AppEnv>, status: ApiErrorStatus, error: ApiErrorCode, fields?: Record<string, string>): Response {
  c.header('cache-control', 'no-store');
  return c.json(fields ? { error, fields } : { error }, status);
}

const CODES: Record<number, ApiErrorCode> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large', 500: 'internal' };
const KNOWN = new Set<string>(['unauthenticated', 'invalid_token', 'forbidden', 'not_found', 'invalid_query', 'invalid_json', 'invalid_body', 'payload_too_large', 'internal']);

/**
 * The platform's error pages answer /api/ paths with a translated title; integrations need a code
 * that does not change with Accept-Language, so those answers are rewritten to the API's shape.
 */
export const apiErrorShape = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const status = c.res.status;
  const code = CODES[status];
  if (!code) return;
  const body = (await c.res
    .clone()
    .json()
    .catch(() => null)) as { error?: unknown } | null;
  if (body && typeof body.error === 'string' && KNOWN.has(body.error)) return;
  // Assigning keeps the headers already set (security headers, cookies) and replaces the body.
  c.res = new Response(JSON.stringify({ error: code }), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
});
