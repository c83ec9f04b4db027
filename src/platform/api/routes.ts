import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { registerMeEndpoint } from './endpoints/me.js';
import { registerResidenceEndpoints } from './endpoints/residences.js';
import { registerOpenApiEndpoint } from './openapi.js';
import { registerApiTokenPages } from './tokens/pages.js';

/** The /api/v1 endpoints and the page that manages API tokens. */
export function registerApi(app: Hono<AppEnv>): void {
  registerOpenApiEndpoint(app);
  registerMeEndpoint(app);
  registerResidenceEndpoints(app);
  registerApiTokenPages(app);
}
