import { sql } from 'kysely';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ALL_MIGRATIONS } from '../../src/modules.js';
import { openDatabase } from '../../src/platform/db/database.js';
import type { Services } from '../../src/platform/http/env.js';
import { createMailer } from '../../src/platform/mail/mailer.js';
import { Client, demo } from '../app.js';
import { testDatabase } from '../db.js';

// DATABASE_REPLICA_URL sends dashboards to a read replica. Here the "replica" is the same database
// reached through its own pool: what is tested is the routing and that those sessions cannot write.
// A real streaming replica is set up as docs/operations/scaling.md says.
describe('reporting on a read replica', () => {
  it('serves the dashboard from the reporting pool, whose sessions are read-only', async () => {
    const primary = await testDatabase();
    const database = openDatabase(primary.url, { replicaUrl: primary.url });
    try {
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_REPLICA_URL: primary.url });
      expect(config.databaseReplicaUrl).toBe(primary.url);
      const log = pino({ level: 'silent' });
      const services: Services = { config, database, log, mailer: createMailer({ from: config.mailFrom, log }), migrationIds: ALL_MIGRATIONS.map((m) => m.id) };
      const client = new Client(buildApp(services));
      await client.signIn(demo('programme_manager'));
      const page = await client.get('/impact?year=2026');
      expect(page.status).toBe(200);
      const reporting = await primary.owner.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'palier-reporting'");
      expect(reporting.rows[0].n).toBeGreaterThanOrEqual(1);
      await expect(sql`create temporary table not_here (a int)`.execute(database.reporting)).rejects.toThrow(/read-only/);
      expect(database.reporting).not.toBe(database.db);
    } finally {
      await database.close();
    }
  });

  it('without a replica, reporting is the primary pool; a replica URL that is not PostgreSQL is refused by name', async () => {
    const primary = await testDatabase();
    expect(primary.reporting).toBe(primary.db);
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_REPLICA_URL: 'mysql://x' })).toThrow(/DATABASE_REPLICA_URL/);
  });
});
