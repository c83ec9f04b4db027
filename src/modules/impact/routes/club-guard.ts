import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';

/** Runs a club page's work; a 404 or 403 of the command becomes the error page. */
export async function guarded(c: Context<AppEnv>, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 403)) return errorPage(c, e.status);
    throw e;
  }
}

export const db = (c: Context<AppEnv>) => c.get('services').database.db;
