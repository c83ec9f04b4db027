import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { grant } from './platform/access/authorize.js';
import { declarePersonalData } from './platform/privacy/personal-data.js';
import { declareProcessing } from './platform/privacy/processing.js';
import { bearerAuth } from './platform/api/bearer.js';
import { apiErrorShape } from './platform/api/errors.js';
import { requestContext } from './platform/http/context.js';
import type { AppEnv, Services } from './platform/http/env.js';
import { errorPage } from './platform/http/errors.js';
import { loggableError } from './platform/http/loggable-error.js';
import { databaseUnavailable, isDatabaseTimeout, isDatabaseUnavailable } from './platform/http/unavailable.js';
import { csrfProtection, rejectNulCharacters, securityHeaders } from './platform/http/security.js';
import { addMessages } from './platform/i18n/index.js';
import { addNavigation } from './platform/ui/navigation.js';
import { MODULES } from './modules.js';

let registered = false;

/** Declarations are process-wide (permissions, navigation, strings): made once, whatever the number of apps. */
function registerDeclarations(): void {
  if (registered) return;
  registered = true;
  for (const m of MODULES) {
    for (const [permission, roles] of Object.entries(m.permissions)) grant(permission, roles);
    for (const n of m.navigation) addNavigation(n);
    if (m.messages) addMessages(m.messages);
    declareProcessing(m.name, m.processing);
    if (m.personalData) addMessages(m.personalData.messages);
    declarePersonalData(m.name, m.personalData);
  }
}

/** Builds the web application: platform middleware, then every module's routes. */
export function buildApp(services: Services): Hono<AppEnv> {
  registerDeclarations();
  const app = new Hono<AppEnv>();
  const production = services.config.env === 'production';
  app.use('*', async (c, next) => {
    c.set('services', services);
    c.set('requestId', randomUUID());
    const started = performance.now();
    await next();
    // Route patterns only (`/reset/:token`), never paths or query strings: they may carry tokens, codes or search terms.
    services.log.debug({ id: c.get('requestId'), method: c.req.method, route: routePath(c, -1), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
  app.use('*', securityHeaders(production));
  app.use('*', requestContext);
  app.use('/api/*', apiErrorShape);
  app.use('*', bearerAuth);
  app.use(
    '*',
    bodyLimit({ maxSize: 25 * 1024 * 1024, onError: (c) => errorPage(c as never, 413) }),
  );
  app.use('*', csrfProtection(production));
  app.use('*', rejectNulCharacters);
  for (const m of MODULES) m.routes(app);
  app.notFound((c) => errorPage(c, 404));
  app.onError((err, c) => {
    if (isDatabaseUnavailable(err)) {
      services.log.warn({ id: c.get('requestId'), err: { message: err.message, code: (err as { code?: string }).code } }, 'database unavailable: answered 503');
      return databaseUnavailable(c);
    }
    if (isDatabaseTimeout(err)) {
      services.log.warn({ id: c.get('requestId'), err: { message: err.message, code: (err as { code?: string }).code } }, 'database timeout: answered 503');
      return databaseUnavailable(c, 'busy');
    }
    // A PostgreSQL error quotes the value it refused (a person's e-mail, a name): its code and names are logged, not the value.
    services.log.error({ id: c.get('requestId'), err: loggableError(err) }, 'request failed');
    return errorPage(c, 500);
  });
  return app;
}
