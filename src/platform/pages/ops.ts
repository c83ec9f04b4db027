import type { Hono } from 'hono';
import { PUBLIC } from '../access/authorize.js';
import { pendingMigrations } from '../db/migrator.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';

/** Probes for the orchestrator: /healthz says the process is up, /readyz that it can serve. */
export function registerOpsRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/healthz', PUBLIC, (c) => c.json({ status: 'ok' }));
  route(app, 'GET', '/readyz', PUBLIC, async (c) => {
    const { database, migrationIds } = c.get('services');
    try {
      await database.ping();
      const pending = await pendingMigrations(database.owner, migrationIds.map((id) => ({ id, sql: '' })));
      if (pending.length > 0) return c.json({ status: 'not_ready', database: 'ok', pendingMigrations: pending.length }, 503);
      return c.json({ status: 'ready', database: 'ok', migrations: 'applied' });
    } catch {
      return c.json({ status: 'not_ready', database: 'unreachable' }, 503);
    }
  });
}
