import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * How many statements one connection prepares at most. Kysely compiles a few hundred distinct texts in
 * the whole application; texts that vary with their input (an `in ($1, … $n)` of n values) would otherwise
 * prepare without end on a long-lived connection. Past the bound a text is sent unnamed, as before.
 */
export const PREPARED_PER_CONNECTION = 500;

/**
 * `on conflict (…) where <predicate> do …` names a partial unique index by its predicate, and PostgreSQL matches
 * it while planning: in a generic plan (a prepared statement, from its sixth run) a predicate with parameters
 * (`status in ($1, $2)`) matches no index, and the insert fails ("no unique or exclusion constraint matching the
 * ON CONFLICT specification"). Such texts are sent unnamed, planned with their values each time.
 */
const CONFLICT_PREDICATE = /\bon conflict\b[^;]*?\)\s*where\b[^;]*?\bdo\b/i;

/** A statement's name: the hash of its text, so one name never stands for two texts. */
export function statementName(text: string): string {
  return `k${createHash('sha1').update(text).digest('hex').slice(0, 30)}`;
}

/**
 * Makes a pooled connection prepare the statements it is given with parameters, once each.
 *
 * Why: `pg` sends every statement unnamed, so PostgreSQL plans it on each run, and under row-level
 * security every table brings its policy's subqueries into the plan: planning a resident page's small
 * queries cost 5 times their execution (docs/performance.md, "What a resident page costs"). A named
 * statement is parsed and planned once per connection; PostgreSQL re-plans it by itself when a table it
 * reads changes, and the tenant settings (`current_setting`) are read at execution, not frozen in the plan.
 *
 * Only texts sent with parameters are named: those already go through the extended protocol, so nothing
 * else changes for them; a text without parameters may hold several statements, which only the simple
 * protocol accepts. Behind a pooler in transaction mode (PgBouncer before 1.21) named statements break:
 * `DATABASE_PREPARED_STATEMENTS=false` turns this off.
 */
export function prepareStatements(client: pg.PoolClient): void {
  const named = new Set<string>();
  // A migration run by another process while this one serves may change what `select *` returns: PostgreSQL
  // then refuses the prepared statement for good on this connection (0A000). That request fails once; the
  // text is sent unnamed from then on.
  const stale = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const patched = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined && !CONFLICT_PREDICATE.test(config)) {
      const name = statementName(config);
      if (!stale.has(name) && (named.has(name) || named.size < PREPARED_PER_CONNECTION)) {
        named.add(name);
        return (query({ name, text: config, values }) as Promise<unknown>).catch((e: { code?: string; message?: string }) => {
          if (e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '')) stale.add(name);
          throw e;
        });
      }
    }
    return callback === undefined ? query(config, values) : query(config, values, callback);
  };
  client.query = patched as typeof client.query;
}
