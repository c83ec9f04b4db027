import type { Hono } from 'hono';
import { registerAssistPages } from '../assist/pages.js';
import { registerApi } from '../api/routes.js';
import { registerSignInPages } from '../auth/pages.js';
import { registerAccountRoutes } from '../auth/routes.js';
import type { AppEnv } from '../http/env.js';
import { registerAccountPages } from './account.js';
import { registerMyDataRoute } from './my-data.js';
import { registerAdminPages } from './admin.js';
import { registerHomePage } from './home.js';
import { registerOpsRoutes } from './ops.js';
import { registerPrivacy } from '../privacy/index.js';

export function registerPlatformPages(app: Hono<AppEnv>): void {
  // First: it brings a middleware that must run before every page.
  registerAccountRoutes(app);
  registerOpsRoutes(app);
  registerHomePage(app);
  registerSignInPages(app);
  registerAccountPages(app);
  registerMyDataRoute(app);
  registerAdminPages(app);
  registerApi(app);
  registerAssistPages(app);
  registerPrivacy(app);
}
