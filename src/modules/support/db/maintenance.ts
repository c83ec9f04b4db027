import { Kysely, PostgresDialect } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Services } from '../../../platform/http/env.js';

const cache = new WeakMap<object, Db>();

/**
 * The query builder over the owner's connections, for the module's nightly jobs only: retention and
 * reminders cross every organisation and every person's need-to-know, which no user may. Never
 * destroyed here — the pool belongs to the platform.
 */
export function maintenanceDb(services: Services): Db {
  const pool = services.database.owner;
  let db = cache.get(pool);
  if (!db) {
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    cache.set(pool, db);
  }
  return db;
}
