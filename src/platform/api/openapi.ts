import type { Hono } from 'hono';
import { z } from 'zod';
import { PUBLIC, SIGNED_IN } from '../access/authorize.js';
import type { AppEnv } from '../http/env.js';
import { type ApiEndpoint, apiEndpoint, apiEndpoints } from './registry.js';
import { ApiErrorBody } from './schemas.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function queryParameters(e: ApiEndpoint): JsonSchema[] {
  if (!e.query) return [];
  const s = jsonSchema(e.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...schema } = prop;
    return { name, in: 'query', required: s.required?.includes(name) ?? false, description, schema };
  });
}

const errorRef = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

function operation(e: ApiEndpoint): JsonSchema {
  const open = e.permission === PUBLIC;
  const responses: Record<string, JsonSchema> = {
    '200': { description: 'OK', content: { 'application/json': { schema: jsonSchema(e.response, 'output') } } },
  };
  if (e.query) responses['400'] = { description: 'Invalid query parameters', ...errorRef };
  if (e.body || e.upload) responses['422'] = { description: 'Invalid body', ...errorRef };
  if (!open) {
    responses['401'] = { description: 'No valid token or session', ...errorRef };
    if (e.permission !== SIGNED_IN) responses['403'] = { description: `The token lacks the scope ${e.permission}, or its creator the role`, ...errorRef };
  }
  const description = [e.description, open ? 'Public.' : e.permission === SIGNED_IN ? 'Any valid token or session.' : `Scope: \`${e.permission}\`.`].filter(Boolean).join('\n\n');
  return {
    operationId: `${e.method.toLowerCase()}${e.path.replace('/api/v1', '').replace(/[/:{}.-]+(\w)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
    summary: e.summary,
    description,
    tags: [e.tag],
    'x-permission': e.permission,
    security: open ? [] : [{ bearer: [] }, { session: [] }],
    parameters: queryParameters(e),
    ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(e.body, 'input') } } } } : {}),
    ...(e.upload ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: jsonSchema(e.upload, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every declared endpoint, written from their zod schemas. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const e of apiEndpoints()) {
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = operation(e);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Palier API',
      version: '1',
      description: 'Resident services for social landlords and their partners. Authenticate with `Authorization: Bearer <token>`; an organisation administrator creates tokens at /admin/api-tokens.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (plr_…) created at /admin/api-tokens' },
        session: { type: 'apiKey', in: 'cookie', name: 'palier_session', description: 'A signed-in browser session (GET only without the CSRF field)' },
      },
      schemas: { Error: jsonSchema(ApiErrorBody, 'output') },
    },
  };
}

const OpenApi = z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document');

/** GET /api/v1/openapi.json: public, so client generators can fetch it without a token. */
export function registerOpenApiEndpoint(app: Hono<AppEnv>): void {
  apiEndpoint(app, { method: 'GET', path: '/api/v1/openapi.json', permission: PUBLIC, tag: 'meta', summary: 'This document', response: OpenApi }, (c) => c.json(openApiDocument()));
}
