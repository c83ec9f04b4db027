import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { prepareStatements } from './prepared.js';
import { type DbTimeouts, sessionOptions } from './timeouts.js';

// Dates stay strings at the edge we do not need; bigint counts come back as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The query builder every module uses. Tables are owned by modules, so the platform types the
 * builder loosely and each module types the rows it reads.
 */
// biome-ignore lint/suspicious/noExplicitAny: tables are declared per module
export type Db = Kysely<any>;

/** The role the application runs its queries as: not owner, not superuser, so row-level security applies. */
export const APP_ROLE = 'palier_app';

export type Database = {
  /** Queries of the application, as APP_ROLE. */
  db: Db;
  /**
   * Read-only reporting (dashboards, exports of aggregates), as APP_ROLE: on the read replica when one
   * is configured, else the same pool as `db`. Row-level security holds there too: tenant settings are
   * transaction-local and a hot standby accepts them.
   */
  reporting: Db;
  /** Connections as the owner, for migrations and maintenance only. */
  owner: pg.Pool;
  ping: () => Promise<void>;
  close: () => Promise<void>;
};

function pool(url: string, options: pg.PoolConfig, onError: (e: Error) => void, prepare = false): pg.Pool {
  const p = new pg.Pool({ connectionString: url, ...options });
  if (prepare) p.on('connect', prepareStatements);
  // A server restart must not crash the process through an idle client's error.
  p.on('error', onError);
  // Nor through a checked-out one's: pg-pool listens only to idle clients, and a client in use (a
  // transaction between two queries) whose server goes away emits 'error' with no listener, which
  // ended the whole process. Its queries fail, the request answers 503, the pool drops the client.
  p.on('connect', (client) => client.on('error', onError));
  return p;
}

/** Opens the owner pool and the application pool (whose sessions start as APP_ROLE). */
export function openDatabase(
  url: string,
  opts: { max?: number; onError?: (e: Error) => void; replicaUrl?: string; poolWaitMs?: number; timeouts?: DbTimeouts; preparedStatements?: boolean } = {},
): Database {
  const prepare = opts.preparedStatements ?? true;
  const onError = opts.onError ?? (() => {});
  const owner = pool(url, { max: 2 }, onError);
  // `-c role=` makes APP_ROLE the session default, so even RESET ROLE lands back on it.
  // A request waits this long for a free connection, then fails ("timeout exceeded when trying to
  // connect", a 503): without it, long transactions holding every connection made all requests, /readyz
  // included, wait as long as they were held. 0 (pg's default) waits forever: kept for tools and tests.
  const wait = { connectionTimeoutMillis: opts.poolWaitMs ?? 0 };
  // Every statement of the application's sessions waits for a lock, and runs, only so long (then 503):
  // a transaction holding a row for long no longer holds every request queued on it. Jobs and large
  // exports lift them per transaction (`withLongTimeouts`); the owner's pool (migrations) has none.
  // No JIT: under row-level security the policies' subplans push a page's small query above
  // jit_above_cost, and a server built with LLVM then compiled hundreds of functions for it (the case
  // list: 592, seconds under load, for a query that runs in milliseconds). Pages never gain from JIT.
  const limits = ` -c jit=off${opts.timeouts ? ` ${sessionOptions(opts.timeouts)}` : ''}`;
  const appPool = pool(url, { max: opts.max ?? 10, options: `-c role=${APP_ROLE}${limits}`, ...wait }, onError, prepare);
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool: appPool }) });
  // Read-only by default on the replica's sessions, so a write routed there by mistake fails loudly even before it reaches a standby.
  const reporting: Db = opts.replicaUrl
    ? new Kysely({ dialect: new PostgresDialect({ pool: pool(opts.replicaUrl, { max: opts.max ?? 10, options: `-c role=${APP_ROLE} -c default_transaction_read_only=on${limits}`, application_name: 'palier-reporting', ...wait }, onError, prepare) }) })
    : db;
  let closed = false;
  return {
    db,
    reporting,
    owner,
    ping: async () => {
      await appPool.query('select 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (reporting !== db) await reporting.destroy();
      await owner.end();
    },
  };
}
