import type { Context } from 'hono';
import type { Decision } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';

/** The error page for a refused decision: another organisation's record is 404, outside one's scope 403. */
export function refused(c: Context<AppEnv>, decision: Exclude<Decision, 'allow'>) {
  return errorPage(c, decision === 'forbidden' ? 403 : 404);
}

/** Runs a command and turns its HttpError (403/404) into the error page; other errors go to app.onError. */
export async function guarded(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof HttpError && (e.status === 403 || e.status === 404)) return errorPage(c, e.status);
    throw e;
  }
}

/** Form fields as strings (checkbox groups as arrays); the CSRF middleware has already read the body. */
export async function formOf(c: Context<AppEnv>): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
