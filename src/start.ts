import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { ALL_MIGRATIONS } from './modules.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { type EmbeddedServer, startEmbeddedServer } from './platform/db/embedded-server.js';
import { migrate } from './platform/db/migrator.js';
import { timeoutsOf } from './platform/db/timeouts.js';
import type { Services } from './platform/http/env.js';
import { createMailer } from './platform/mail/mailer.js';

export type Runtime = { services: Services; embedded: EmbeddedServer | null; close: () => Promise<void> };

/**
 * Connects to the database named by the config, or starts the embedded server, and creates the `palier` database.
 * `long`: the application's sessions get the long timeouts (the `palier` command: imports, exports, jobs run by hand).
 */
export async function connect(config: Config, log: Logger, opts: { long?: boolean } = {}): Promise<{ database: Database; embedded: EmbeddedServer | null }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | null = null;
  if (!url) {
    embedded = await startEmbeddedServer(config.dataDir, (m) => log.warn(m));
    const admin = openDatabase(embedded.url('postgres'));
    const exists = await admin.owner.query("select 1 from pg_database where datname = 'palier'");
    if (exists.rowCount === 0) await admin.owner.query('create database palier');
    await admin.close();
    url = embedded.url('palier');
  }
  const timeouts = timeoutsOf(config);
  const database = openDatabase(url, {
    replicaUrl: config.databaseReplicaUrl,
    poolWaitMs: config.poolWaitSeconds * 1000,
    preparedStatements: config.preparedStatements,
    timeouts: (opts.long ? timeouts?.long : timeouts?.requests) ?? undefined,
    onError: (e) => log.warn({ err: e.message }, 'database connection error'),
  });
  return { database, embedded };
}

/** Everything but the web server: logger, database, migrations, mailer. */
export async function startRuntime(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<Runtime> {
  const { database, embedded } = await connect(config, log);
  try {
    const applied = await migrate(database.owner, ALL_MIGRATIONS);
    if (applied.length) log.info({ applied: applied.length }, 'migrations applied');
  } catch (e) {
    await database.close();
    await embedded?.stop();
    throw e;
  }
  const services: Services = {
    config,
    database,
    log,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log, production: config.env === 'production' }),
    migrationIds: ALL_MIGRATIONS.map((m) => m.id),
  };
  return {
    services,
    embedded,
    close: async () => {
      await database.close();
      await embedded?.stop();
    },
  };
}
