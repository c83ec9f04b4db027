import { sql, type Transaction } from 'kysely';
import type { Db } from './database.js';

// biome-ignore lint/suspicious/noExplicitAny: see Db
export type Tx = Transaction<any>;

/**
 * Runs `fn` in a transaction where PostgreSQL's row-level security sees only `orgId`'s rows
 * (and, when given, the rows shared with `userId`). The setting dies with the transaction.
 */
export async function withTenant<T>(db: Db, scope: { orgId: string | null; userId?: string | null }, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.org_id', ${scope.orgId ?? ''}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`.execute(tx);
    return fn(tx);
  });
}
