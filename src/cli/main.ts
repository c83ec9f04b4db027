import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { runExportCli, runImportCli } from '../modules/directory/cli.js';
import { backupCommand, restoreCommand } from './backup.js';
import { CliError, type CliContext, cliContext, openConnection, type Out, withDatabase } from './context.js';
import { jobsCommand } from './jobs.js';
import { createUserCommand } from './users.js';
import { ALL_MIGRATIONS } from '../modules.js';
import { migrate } from '../platform/db/migrator.js';
import { demoAccounts, seedDemo } from '../seed/demo.js';

const HELP = `palier — the command line of Palier

Usage: palier <command> [options]   (or: npm run palier -- <command>)

  db migrate                       apply the migrations not yet applied (a no-op when up to date)
  seed demo                        add the demo organisations, places and accounts (demo mode only)
  demo accounts [--json]           the demo sign-ins: role, e-mail, password, organisation (demo mode only)
  user create --email E --name N --role R --org SLUG [--password-stdin]
                                   create a person with one role in one organisation; without
                                   --password-stdin a password is generated and shown once
  import residences|dwellings|households FILE.csv --org SLUG [--json] [--lang en]
                                   import the landlord's property register (exit 2: some rows rejected)
  export residences|dwellings|households --org SLUG [--out FILE.csv]
                                   export as CSV (stdout when no --out)
  backup FILE                      write a backup (pg_dump custom format, or Palier's own format
                                   when no pg_dump as recent as the server is on PATH)
  restore FILE --yes               replace the database's content with a backup, then migrate
  jobs list                        the recurring jobs, their schedule (Paris time) and last run
  jobs run NAME                    run one job now (exit 1 if it fails)
  help                             this text

The database is the one Palier uses: DATABASE_URL, else the embedded server in DATA_DIR (./data).
The embedded server serves one process at a time: stop Palier before using these commands on it
(backup excepted: it reads through the running Palier's server).
Exit codes: 0 done, 1 failed, 2 wrong usage, invalid configuration or data directory in use.
`;

type Options = Record<string, string | boolean | undefined>;

function requireDemo(ctx: CliContext, what: string): void {
  if (!ctx.config.demo) throw new CliError(`${what} exists in demo mode only (DEMO=true, never with NODE_ENV=production).`, 2);
}

async function run(args: string[], opts: Options, ctx: () => CliContext, io: CliIo): Promise<void> {
  const [command, sub, arg] = args;
  const key = `${command ?? ''} ${sub ?? ''}`.trim();
  if (key === 'db migrate') {
    const c = ctx();
    const conn = await openConnection(c);
    const applied = await migrate(conn.database.owner, ALL_MIGRATIONS).finally(() => conn.close());
    c.out.write(applied.length ? `Applied ${applied.length} migration(s).\n` : `The database is up to date (${ALL_MIGRATIONS.length} migrations).\n`);
    return;
  }
  if (key === 'seed demo') {
    const c = ctx();
    requireDemo(c, 'The demo data');
    const added = await withDatabase(c, async ({ database }) => seedDemo(database));
    c.out.write(added ? 'Demo data added.\n' : 'The demo data is already there; nothing changed.\n');
    return;
  }
  if (key === 'demo accounts') {
    const c = ctx();
    requireDemo(c, 'The list of demo accounts');
    const accounts = demoAccounts();
    if (opts.json) c.out.write(`${JSON.stringify(accounts, null, 2)}\n`);
    else for (const a of accounts) c.out.write(`${a.role.padEnd(18)} ${a.email.padEnd(40)} ${a.password.padEnd(18)} ${a.organisation}\n`);
    return;
  }
  if (key === 'user create') return createUserCommand(ctx(), opts, io.stdin);
  if (command === 'jobs') return jobsCommand(ctx(), sub, arg);
  if (command === 'backup') return backupCommand(ctx(), sub);
  if (command === 'restore') return restoreCommand(ctx(), sub, opts.yes === true);
  if (command === 'help' || opts.help) {
    io.out.write(HELP);
    return;
  }
  throw new CliError(`${command ? `Unknown command: ${[command, sub, arg].filter(Boolean).join(' ')}\n\n` : ''}${HELP}`, 2);
}

/** Where the CLI reads and writes: the process's own streams, or a test's. */
export type CliIo = { env: NodeJS.ProcessEnv; out: Out; err: Out; stdin: () => Promise<string> };

/** Runs one `palier` command and returns its exit code; never exits the process itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    // The directory module parses its own options (--org, --out, --lang, --json).
    if (argv[0] === 'import' || argv[0] === 'export') {
      const streams = { stdout: io.out as unknown as Writable, stderr: io.err as unknown as Writable };
      const run = argv[0] === 'import' ? runImportCli : runExportCli;
      return await withDatabase(cliContext(io.env, io.out), ({ database }) => run(argv.slice(1), { database }, streams));
    }
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        yes: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    });
    await run(positionals, values, () => cliContext(io.env, io.out), io);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err.write(`${e.message.trimEnd()}\n`);
      return e.code;
    }
    const err = e as Error & { code?: string };
    // parseArgs reports unknown or malformed options this way.
    if (err.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`${err.message}\nRun "palier help" for the commands.\n`);
      return 2;
    }
    io.err.write(`palier: ${err.message}\n`);
    return 1;
  }
}
