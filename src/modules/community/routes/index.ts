import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';

/** Every page and endpoint of the module. */
export function registerCommunityRoutes(app: Hono<AppEnv>): void {
  void app;
}
