import pino, { type Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { ALL_MIGRATIONS } from '../modules.js';
import type { Database } from '../platform/db/database.js';
import { DataDirLockedError, type EmbeddedServer, runningEmbeddedUrl } from '../platform/db/embedded-server.js';
import { migrate } from '../platform/db/migrator.js';
import { connect } from '../start.js';

/** A failure the CLI explains in one message; `code` 2 is for usage, configuration and a busy data directory. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export type Out = { write: (text: string) => void };

export type CliContext = { config: Config; log: Logger; out: Out };

/** Configuration and a logger writing to stderr, so stdout stays for what the command prints (JSON, secrets once). */
export function cliContext(env: NodeJS.ProcessEnv = process.env, out: Out = process.stdout): CliContext {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 2);
    throw e;
  }
  // The CLI is quiet unless asked: only warnings and errors by default.
  const level = env.LOG_LEVEL ? config.logLevel : 'warn';
  return { config, log: pino({ level }, pino.destination(2)), out };
}

export type Connection = { database: Database; embedded: EmbeddedServer | null; url: string; close: () => Promise<void> };

/**
 * Connects as the app does: DATABASE_URL, or the embedded server of DATA_DIR. While `npm start`
 * holds that directory the embedded server cannot be started twice, and the CLI says so — unless
 * `shareRunning` (a backup): then it connects to the server the running Palier started.
 */
export async function openConnection(ctx: CliContext, opts: { shareRunning?: boolean } = {}): Promise<Connection> {
  try {
    // Imports, exports and jobs run by hand are long by nature: the command's sessions get the long timeouts.
    const { database, embedded } = await connect(ctx.config, ctx.log, { long: true });
    const url = ctx.config.databaseUrl ?? (embedded as EmbeddedServer).url('palier');
    return {
      database,
      embedded,
      url,
      close: async () => {
        await database.close();
        await embedded?.stop();
      },
    };
  } catch (e) {
    // A backup may share the running app's embedded server (a snapshot read); nothing else may.
    const running = e instanceof DataDirLockedError && opts.shareRunning ? runningEmbeddedUrl(ctx.config.dataDir, 'palier') : null;
    if (running) {
      const { database } = await connect({ ...ctx.config, databaseUrl: running }, ctx.log, { long: true });
      return { database, embedded: null, url: running, close: () => database.close() };
    }
    if (e instanceof DataDirLockedError) {
      throw new CliError(`${e.message}\nThe palier command needs the database to itself: stop Palier first, or point DATABASE_URL at the PostgreSQL server Palier uses.`, 2);
    }
    throw e;
  }
}

/** Runs `fn` on a migrated database and always closes it (and stops the embedded server). */
export async function withDatabase<T>(ctx: CliContext, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await openConnection(ctx);
  try {
    await migrate(c.database.owner, ALL_MIGRATIONS);
    return await fn(c);
  } finally {
    await c.close();
  }
}
