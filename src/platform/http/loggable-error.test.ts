import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { loggableError } from './loggable-error.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  database = await testDatabase();
}, 60_000);

/** The error PostgreSQL really raises for `run` (no hand-made error objects: their shape is the point). */
async function pgError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('PostgreSQL accepted it');
}

describe('what of an error reaches the log', () => {
  it('keeps a cast error’s words and code, never the value it quotes', async () => {
    const e = await pgError(() => sql`select ${'secret-value-1'}::uuid`.execute(database.db));
    const out = loggableError(e);
    expect(out.message).toBe('invalid input syntax for type uuid: "…"');
    expect(out.code).toBe('22P02');
    expect(JSON.stringify(out)).not.toContain('secret-value-1');
    expect(out.stack).toMatch(/^error: invalid input syntax for type uuid: "…"\n\s+at /);
  });

  it('keeps a unique violation’s constraint and drops its detail (the key’s value)', async () => {
    const email = 'secret-person@example.org';
    const e = await pgError(() =>
      database.owner.query("insert into users (email, display_name) values ($1, 'A'), ($1, 'B')", [email]),
    );
    expect((e as { detail?: string }).detail).toContain(email);
    const out = loggableError(e);
    expect(out.code).toBe('23505');
    expect(out.constraint).toBeTruthy();
    expect(out.message).toContain(`"${out.constraint}"`);
    expect(JSON.stringify(out)).not.toContain(email);
  });

  it('keeps a not-null violation’s column and table names', async () => {
    const e = await pgError(() => database.owner.query('insert into users (email, display_name) values ($1, null)', ['secret-2@example.org']));
    const out = loggableError(e);
    expect(out.message).toBe('null value in column "display_name" of relation "users" violates not-null constraint');
    expect(JSON.stringify(out)).not.toContain('secret-2@example.org');
  });

  it('leaves the application’s own errors as they are', () => {
    const e = new Error('concierge.error.paused');
    expect(loggableError(e)).toEqual({ message: 'concierge.error.paused', stack: e.stack });
    expect(loggableError('odd')).toEqual({ message: 'odd' });
  });
});
