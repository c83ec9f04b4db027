import type { Running } from '../ops/spawn.js';

type Owner = { query: (sql: string, args?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

/** The size on disk of a table's heap: it grows as a transaction writes, before (and whether or not) it commits. */
export async function heapSize(owner: Owner, table: string): Promise<number> {
  return Number((await owner.query('select pg_relation_size($1::regclass) as n', [table])).rows[0].n);
}

/**
 * Waits until an uncommitted transaction has written `bytes` more of `table` than `start` (a kill point
 * inside the write, rather than before or after it); the bytes written. Fails if `proc` ends first.
 */
export async function heapGrown(owner: Owner, table: string, start: number, bytes: number, proc: Running, timeoutMs = 120_000): Promise<number> {
  for (let waited = 0; waited < timeoutMs; waited += 25) {
    const size = await heapSize(owner, table);
    if (size - start >= bytes) return size - start;
    if (proc.proc.exitCode !== null) throw new Error(`the process ended before the kill: ${proc.stdout()} ${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${table} never grew by ${bytes} bytes`);
}

/** Waits for PostgreSQL to notice a killed client and roll its transaction back (no other session of the database writing). */
export async function rolledBack(owner: Owner): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const n = (await owner.query('select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null')).rows[0].n;
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the killed process’s transaction is still open');
}

/** The last value a sequence handed out: it moves as soon as a row is inserted, committed or not, and vacuum never moves it back. */
export async function sequenceValue(owner: Owner, sequence: string): Promise<number> {
  return Number((await owner.query('select coalesce(pg_sequence_last_value($1::regclass), 0) as n', [sequence])).rows[0].n);
}

/** Waits until `n` values of `sequence` past `start` are taken (e.g. rows inserted by a transaction in progress); fails if `proc` ends first. */
export async function sequenceAdvanced(owner: Owner, sequence: string, start: number, n: number, proc: Running, timeoutMs = 120_000): Promise<number> {
  for (let waited = 0; waited < timeoutMs; waited += 10) {
    const taken = (await sequenceValue(owner, sequence)) - start;
    if (taken >= n) return taken;
    if (proc.proc.exitCode !== null) throw new Error(`the process ended before the kill: ${proc.stdout()} ${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${sequence} never advanced by ${n}`);
}
