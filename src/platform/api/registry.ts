import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { PUBLIC, SIGNED_IN, type Permission } from '../access/authorize.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { apiError } from './errors.js';

type Method = 'GET' | 'POST';

/** What an /api/v1 endpoint declares: enough for the route guard, the input parsing and the OpenAPI document. */
export type ApiEndpoint<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = {
  method: Method;
  /** Hono syntax (`/api/v1/residences/:id`); the document writes `{id}`. */
  path: `/api/v1/${string}`;
  permission: Permission;
  summary: string;
  description?: string;
  tag: string;
  query?: Q;
  body?: B;
  /** A multipart/form-data body (file uploads), documented only: the handler reads it with `c.req.parseBody()`. */
  upload?: z.ZodType;
  response: z.ZodType;
};

type Input<Q, B> = { query: Q; body: B };
type ApiHandler<Q, B> = (c: Context<AppEnv>, input: Input<Q, B>) => Response | Promise<Response>;

// Keyed by method and path: building several apps (tests) declares each endpoint once.
const endpoints = new Map<string, ApiEndpoint>();

/** Every declared endpoint, in declaration order; the OpenAPI document is written from this. */
export function apiEndpoints(): ApiEndpoint[] {
  return [...endpoints.values()];
}

/** The permissions an API token may carry: those the endpoints ask for (never `public` or `signed_in`). */
export function apiScopes(): Permission[] {
  const all = apiEndpoints().map((e) => e.permission);
  return [...new Set(all)].filter((p) => p !== PUBLIC && p !== SIGNED_IN).sort();
}

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of error.issues) {
    const name = i.path.join('.') || '_';
    fields[name] ??= i.message;
  }
  return fields;
}

/**
 * Declares an endpoint and adds its route through `route()`, so the permission is checked first,
 * then parses the query (400) and the JSON body (422) with the declared zod schemas.
 * @example
 * apiEndpoint(app, { method: 'GET', path: '/api/v1/me', permission: SIGNED_IN, tag: 'account', summary: 'Who am I', response: Me },
 *   (c) => c.json(me(c.get('actor'))));
 */
export function apiEndpoint<Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  app: Hono<AppEnv>,
  def: ApiEndpoint<Q, B>,
  handler: ApiHandler<z.output<Q>, z.output<B>>,
): void {
  endpoints.set(`${def.method} ${def.path}`, def as unknown as ApiEndpoint);
  route(app, def.method, def.path, def.permission, async (c) => {
    let query: unknown;
    if (def.query) {
      const parsed = def.query.safeParse(c.req.query());
      if (!parsed.success) return apiError(c, 400, 'invalid_query', fieldsOf(parsed.error));
      query = parsed.data;
    }
    let body: unknown;
    if (def.body) {
      const raw = await c.req.json().catch(() => Symbol.for('invalid'));
      if (raw === Symbol.for('invalid')) return apiError(c, 400, 'invalid_json');
      const parsed = def.body.safeParse(raw);
      if (!parsed.success) return apiError(c, 422, 'invalid_body', fieldsOf(parsed.error));
      body = parsed.data;
    }
    return handler(c, { query, body } as Input<z.output<Q>, z.output<B>>);
  });
}
