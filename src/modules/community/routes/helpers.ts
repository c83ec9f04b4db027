import type { Context } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { deliverSoon } from '../../../platform/notify/index.js';

/** Runs a page handler; a command's 403/404 becomes the error page, never a stack trace. */
export async function page(c: Context<AppEnv>, fn: (actor: Actor) => Promise<Response>): Promise<Response> {
  const actor = c.get('actor');
  if (!actor) return errorPage(c, 404);
  try {
    return await fn(actor);
  } catch (e) {
    if (e instanceof HttpError && (e.status === 403 || e.status === 404)) return errorPage(c, e.status);
    throw e;
  }
}

/** The form's text fields (files and repeated names are not used by these forms). */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export const dbOf = (c: Context<AppEnv>) => c.get('services').database.db;

/** A path parameter ('' when absent: commands answer 404 to anything that is not an id). */
export const param = (c: Context<AppEnv>, name: string): string => c.req.param(name) ?? '';

/** After a change that queued notices (committed by now): deliver them without making the request wait. */
export const deliver = (c: Context<AppEnv>): void => deliverSoon(c.get('services'));
