import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long one of the application's statements may wait for a lock, and run in all, in milliseconds
 * (0: no limit, PostgreSQL's default). Without them a transaction holding a row lock for long (a stuck
 * session, a slow job) held every request waiting on that row as long, each with its connection.
 */
export type DbTimeouts = { lockMs: number; statementMs: number };

/** The timeouts of the configuration: `requests` for the pools' sessions, `long` for jobs, exports and the CLI. */
export function timeoutsOf(config: { lockTimeoutSeconds?: number; statementTimeoutSeconds?: number; longTimeoutSeconds?: number }): { requests: DbTimeouts; long: DbTimeouts } | null {
  const { lockTimeoutSeconds: lock, statementTimeoutSeconds: statement, longTimeoutSeconds: long } = config;
  // Services built by hand (some tests) carry no timeouts: the database keeps its own defaults.
  if (lock === undefined || statement === undefined || long === undefined) return null;
  return { requests: { lockMs: lock * 1000, statementMs: statement * 1000 }, long: { lockMs: long * 1000, statementMs: long * 1000 } };
}

function checked(ms: number): number {
  // Inlined in SQL and in the connection options: only a whole number of milliseconds may get there.
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error('database timeouts must be whole milliseconds');
  return ms;
}

/** The session defaults of a pool's connections, as `-c` options of the startup packet. */
export function sessionOptions(t: DbTimeouts): string {
  return `-c lock_timeout=${checked(t.lockMs)} -c statement_timeout=${checked(t.statementMs)}`;
}

const longRunning = new AsyncLocalStorage<DbTimeouts>();

/**
 * Runs `fn` (a job, a large export) with longer timeouts: every tenant transaction it opens
 * (`withTenant`) sets them for itself, transaction-locally, over the pool's request defaults.
 */
export function withLongTimeouts<T>(t: DbTimeouts | null, fn: () => Promise<T>): Promise<T> {
  return t ? longRunning.run(t, fn) : fn();
}

/** The `set_config` calls a transaction opened inside `withLongTimeouts` adds to its `begin`; empty elsewhere. */
export function longTimeoutSettings(): string {
  const t = longRunning.getStore();
  if (!t) return '';
  return `, set_config('lock_timeout', '${checked(t.lockMs)}', true), set_config('statement_timeout', '${checked(t.statementMs)}', true)`;
}
