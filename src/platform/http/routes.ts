import type { Context, Hono, MiddlewareHandler } from 'hono';
import { authorize, type Permission } from '../access/authorize.js';
import type { AppEnv } from './env.js';
import { errorPage } from './errors.js';

type Method = 'GET' | 'POST';
const declared = new Map<string, Permission>();

/** Every route the app serves with the permission it declared; the route walk test reads this. */
export function declaredRoutes(): ReadonlyMap<string, Permission> {
  return declared;
}

type Handler = (c: Context<AppEnv>) => Response | Promise<Response>;

/**
 * Adds a route that first checks its permission through `authorize()`. Routes added any other way
 * have no declared permission, and the route walk test fails on them.
 */
export function route(app: Hono<AppEnv>, method: Method, path: string, permission: Permission, handler: Handler): void {
  declared.set(`${method} ${path}`, permission);
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const decision = authorize(c.get('actor'), permission);
    if (decision === 'allow') return next();
    const api = c.req.path.startsWith('/api/');
    if (decision === 'unauthenticated') {
      if (api) return c.json({ error: 'unauthenticated' }, 401);
      return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    if (api) return c.json({ error: decision }, decision === 'not_found' ? 404 : 403);
    return errorPage(c, decision === 'not_found' ? 404 : 403);
  };
  if (method === 'GET') app.get(path, guard, handler);
  else app.post(path, guard, handler);
}
