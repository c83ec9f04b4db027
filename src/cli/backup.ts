import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_MIGRATIONS } from '../modules.js';
import { migration as appRole } from '../platform/db/migrations/20261204000000_app_role.js';
import { migrate } from '../platform/db/migrator.js';
import { CliError, type CliContext, type Connection, openConnection } from './context.js';
import { backupFormat, nativeBackup, nativeRestore } from './native-backup.js';

/** The major version of a PostgreSQL client tool on PATH, or null when absent. */
function toolMajor(tool: 'pg_dump' | 'pg_restore'): number | null {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const m = r.status === 0 ? /(\d+)(?:\.\d+)?/.exec(r.stdout) : null;
  return m ? Number(m[1]) : null;
}

/** The URL without its password, which goes through PGPASSWORD so that `ps` never shows it. */
function clientArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function serverMajor(c: Connection): Promise<number> {
  const { rows } = await c.database.owner.query<{ v: string }>("select current_setting('server_version_num') as v");
  return Math.floor(Number(rows[0].v) / 10_000);
}

function size(file: string): string {
  return `${(statSync(file).size / 1_048_576).toFixed(1)} MB`;
}

/**
 * `palier backup FILE`: pg_dump's custom format when a pg_dump as recent as the server is on PATH
 * (the usual case with DATABASE_URL); otherwise Palier's own format, read in one snapshot (the
 * embedded server's package ships no pg_dump). With the embedded database it runs whether Palier is
 * stopped (it starts the server itself) or running (it reads through the running server).
 */
export async function backupCommand(ctx: CliContext, fileArg: string | undefined): Promise<void> {
  if (!fileArg) throw new CliError('Usage: palier backup FILE', 2);
  const file = resolve(fileArg);
  const c = await openConnection(ctx, { shareRunning: true });
  try {
    if (!ctx.config.databaseUrl && !c.embedded) ctx.out.write(`Palier is running on ${ctx.config.dataDir}: backing up through its embedded PostgreSQL server.\n`);
    const major = await serverMajor(c);
    const dump = toolMajor('pg_dump');
    if (dump !== null && dump >= major) {
      const { dbname, env } = clientArgs(c.url);
      const r = spawnSync('pg_dump', ['--format=custom', '--file', file, '--dbname', dbname], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new CliError(`pg_dump failed: ${r.stderr.trim()}`);
      ctx.out.write(`Backup written to ${file} (pg_dump custom format, ${size(file)}).\n`);
      return;
    }
    const { tables, rows } = await nativeBackup(c.database.owner, file);
    const why = dump === null ? 'no pg_dump on PATH' : `pg_dump ${dump} is older than the server (${major})`;
    ctx.out.write(`Backup written to ${file} (Palier format, ${why}: ${tables} tables, ${rows} rows, ${size(file)}).\n`);
  } finally {
    await c.close();
  }
}

/** `palier restore FILE --yes`: replaces the database's content with the backup, then applies newer migrations. */
export async function restoreCommand(ctx: CliContext, fileArg: string | undefined, yes: boolean): Promise<void> {
  if (!fileArg) throw new CliError('Usage: palier restore FILE --yes', 2);
  const file = resolve(fileArg);
  if (!existsSync(file)) throw new CliError(`No such file: ${file}`, 2);
  const format = backupFormat(file);
  if (!format) throw new CliError(`${file} is neither a pg_dump custom archive nor a Palier backup.`, 2);
  const target = ctx.config.databaseUrl ? `the database ${new URL(ctx.config.databaseUrl).pathname.slice(1)} on ${new URL(ctx.config.databaseUrl).host}` : `the embedded database in ${ctx.config.dataDir}`;
  if (!yes) throw new CliError(`restore replaces everything in ${target} with the content of ${file}.\nStop Palier first, then run again with --yes.`, 2);
  const c = await openConnection(ctx);
  try {
    if (format === 'pg_dump') {
      if (toolMajor('pg_restore') === null) throw new CliError('This backup was made by pg_dump: install the PostgreSQL client tools (pg_restore) to restore it.');
      // The archive grants rights to the application role, which is cluster-wide: make sure it exists.
      await c.database.owner.query(appRole.sql);
      const { dbname, env } = clientArgs(c.url);
      const r = spawnSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '--dbname', dbname, file], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new CliError(`pg_restore failed, nothing was changed: ${r.stderr.trim()}`);
      ctx.out.write(`Restored ${target} from ${file} (pg_dump custom format).\n`);
    } else {
      const { tables, rows } = await nativeRestore(c.database.owner, file, ALL_MIGRATIONS).catch((e: Error) => {
        throw new CliError(`Restore failed, nothing was changed: ${e.message}`);
      });
      ctx.out.write(`Restored ${target} from ${file} (Palier format: ${tables} tables, ${rows} rows).\n`);
    }
    const applied = await migrate(c.database.owner, ALL_MIGRATIONS);
    if (applied.length) ctx.out.write(`Applied ${applied.length} migration(s) newer than the backup.\n`);
  } finally {
    await c.close();
  }
}
