import type { Context } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import type { Failure } from '../commands/result.js';

/** What every handler of the module needs: the database and the signed-in actor (the route guard ensured one). */
export function ctx(c: Context<AppEnv>): { db: Db; actor: Actor } {
  return { db: c.get('services').database.db, actor: c.get('actor') as Actor };
}

/** A refusal as the matching error page (404 hides what one may not know exists). */
export function refusal(c: Context<AppEnv>, f: Failure): Response | Promise<Response> {
  if (f.status === 401) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
  return errorPage(c, f.status === 404 ? 404 : 403);
}

/** Form fields as strings, to give back to a form re-rendered with errors. */
export async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

/** A path parameter (route() handlers are not typed by their path); a missing one is empty, hence not found. */
export function param(c: Context<AppEnv>, name: string): string {
  return c.req.param(name) ?? '';
}
