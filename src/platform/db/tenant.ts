import { sql, type Transaction } from 'kysely';
import type { Db } from './database.js';
import { longTimeoutSettings } from './timeouts.js';

// biome-ignore lint/suspicious/noExplicitAny: see Db
export type Tx = Transaction<any>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function settingValue(id: string | null | undefined): string {
  if (!id) return '';
  // Inlined in the statement below: only a UUID may get there.
  if (!UUID.test(id)) throw new Error('tenant scope must be a UUID');
  return id.toLowerCase();
}

/**
 * Runs `fn` in a transaction where PostgreSQL's row-level security sees only `orgId`'s rows
 * (and, when given, the rows shared with `userId`). The setting dies with the transaction.
 * `begin` and the settings travel in one round trip (a parameterless multi-statement query, hence
 * the UUID check): every page runs a few of these, and each round trip is a system call each side.
 * Inside `withLongTimeouts` (jobs, large exports) the transaction also lifts the pool's lock and statement timeouts.
 */
export async function withTenant<T>(db: Db, scope: { orgId: string | null; userId?: string | null }, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const org = settingValue(scope.orgId);
  const user = settingValue(scope.userId);
  return db.connection().execute(async (conn) => {
    await sql.raw(`begin; select set_config('app.org_id', '${org}', true), set_config('app.user_id', '${user}', true)${longTimeoutSettings()}`).execute(conn);
    let result: T;
    try {
      result = await fn(conn as Tx);
    } catch (e) {
      await sql.raw('rollback').execute(conn).catch(() => {});
      throw e;
    }
    await sql.raw('commit').execute(conn);
    return result;
  });
}
