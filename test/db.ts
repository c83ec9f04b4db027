import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/database.js';

function urlFor(db: string): string {
  const u = new URL(inject('serverUrl'));
  u.pathname = `/${db}`;
  return u.toString();
}

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('serverUrl') });
  c.on('error', () => {});
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database for this test file, cloned from the migrated template (demo data included),
 * dropped after the file's last test once its pools are closed.
 */
export async function testDatabase(): Promise<Database & { name: string; url: string }> {
  const name = `palier_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  // Cloning needs the template free of sessions; another file may be cloning it at this instant.
  for (let attempt = 0; ; attempt++) {
    try {
      await onServer(`create database "${name}" template "${inject('templateDb')}"`);
      break;
    } catch (e) {
      if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = urlFor(name);
  const database = openDatabase(url);
  afterAll(async () => {
    await database.close();
    await onServer(`drop database if exists "${name}" with (force)`);
  });
  return { ...database, name, url };
}
