import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type EmbeddedServer, startEmbeddedServer } from '../src/platform/db/embedded-server.js';

/**
 * The PostgreSQL server the tests run on: TEST_DATABASE_URL's server when set (any database name;
 * the tests create their own), else a fresh embedded server for this run.
 */
export async function testServer(): Promise<{ url: (db: string) => string; stop: () => Promise<void>; kind: string }> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const base = new URL(external);
    return {
      kind: `external ${base.host}`,
      url: (db) => {
        const u = new URL(external);
        u.pathname = `/${db}`;
        return u.toString();
      },
      stop: async () => {},
    };
  }
  const dir = join(process.cwd(), '.test-data', `pg-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server: EmbeddedServer = await startEmbeddedServer(dir);
  return {
    kind: 'embedded',
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
