import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { type Database, openDatabase } from './database.js';

// The application's sessions run without JIT (see openDatabase): the server's default stays on for the owner.
let test: Awaited<ReturnType<typeof testDatabase>>;
let app: Database;

beforeAll(async () => {
  test = await testDatabase();
  app = openDatabase(test.url, { timeouts: { lockMs: 5000, statementMs: 15000 } });
});

afterAll(async () => {
  await app.close();
});

it('opens the application pool with jit off, with or without timeouts', async () => {
  expect((await sql<{ jit: string }>`show jit`.execute(app.db)).rows[0].jit).toBe('off');
  expect((await sql<{ jit: string }>`show jit`.execute(test.db)).rows[0].jit).toBe('off');
});
