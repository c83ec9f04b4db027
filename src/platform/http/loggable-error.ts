import pg from 'pg';

/** What of an error may reach the log. */
export type LoggableError = { message: string; stack?: string; code?: string; constraint?: string; table?: string; column?: string; routine?: string };

const QUOTED = /"((?:[^"]|"")*)"/g;

/**
 * The part of an error that may be written to the log. PostgreSQL's errors quote the values they choke on: a cast's
 * message (`invalid input syntax for type uuid: "…"`, `invalid input value for enum …: "…"`), and the `detail` of a
 * unique, foreign-key or check violation (`Key (email)=(…) already exists`, `Failing row contains (…)`) — a person's
 * e-mail, a name, a note. For those only the code, the names of the constraint, table and column and the message with
 * every quoted value replaced by "…" are kept (the quoted names of the table, constraint, column or type stay, since
 * they help and hold no data); `detail`, `hint`, `where` and the query's parameters never are. Other errors keep their
 * message and stack: our own errors never carry a value.
 *
 * @example
 * log.error({ err: loggableError(e) }, 'request failed'); // { message: 'invalid input syntax for type uuid: "…"', code: '22P02', … }
 */
export function loggableError(err: unknown): LoggableError {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 200) };
  if (!(err instanceof pg.DatabaseError)) return { message: err.message, stack: err.stack };
  const names = new Set([err.table, err.constraint, err.column, err.schema, err.dataType].filter((n): n is string => !!n));
  const message = err.message.replace(QUOTED, (whole, inner: string) => (names.has(inner) ? whole : '"…"'));
  // The stack's first line repeats the message: the frames are kept, the message redacted.
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return { message, stack: [`${err.name}: ${message}`, ...frames].join('\n'), code: err.code, constraint: err.constraint, table: err.table, column: err.column, routine: err.routine };
}
