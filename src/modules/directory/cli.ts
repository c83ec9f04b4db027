import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Actor } from '../../platform/access/actor.js';
import { grant } from '../../platform/access/authorize.js';
import type { Database } from '../../platform/db/database.js';
import { addMessages, type Locale, translator } from '../../platform/i18n/index.js';
import { type CsvSink, exportCsv } from './commands/export-csv.js';
import { type ImportProgress, importRegister } from './commands/import/import-register.js';
import { IMPORT_KINDS, type ImportKind } from './commands/import/rows.js';
import { messages } from './messages.js';
import { directoryModule } from './module.js';
import { reportLines } from './views/import-report-text.js';

export type CliServices = { database: Database };
export type CliIo = { stdout: Writable & { isTTY?: boolean }; stderr: Writable & { isTTY?: boolean } };

function options(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') && a !== '--json') flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  return { positional, flags };
}

/** The command line acts for the organisation it names, as its administrator; the audit shows no person. */
async function cliActor(database: Database, slug: string | true | undefined, locale: Locale): Promise<Actor | null> {
  if (typeof slug !== 'string') return null;
  const org = await database.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!org) return null;
  for (const [permission, roles] of Object.entries(directoryModule.permissions)) grant(permission, roles);
  addMessages(messages);
  return { kind: 'user', userId: '', displayName: 'palier cli', locale, orgId: org.id as string, roles: ['org_admin'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
}

function progressBar(io: CliIo, total: number, read: () => number) {
  let last = 0;
  return (p: ImportProgress) => {
    const now = Date.now();
    if (!io.stderr.isTTY || now - last < 100) return;
    last = now;
    const share = total ? Math.min(1, read() / total) : 0;
    const width = 30;
    const done = Math.round(share * width);
    io.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(Math.round(share * 100)).padStart(3)} %  ${p.rows} · ✓ ${p.inserted + p.updated} · ✗ ${p.rejected}`);
  };
}

/**
 * `palier import residences|dwellings|households FILE.csv --org <slug> [--lang en] [--json]`
 * (argv is what follows `import`). Exit code: 0 all rows in, 2 some rows rejected, 1 nothing done.
 */
export async function runImportCli(argv: string[], services: CliServices, io: CliIo = process): Promise<number> {
  const { positional, flags } = options(argv);
  const locale: Locale = flags.get('lang') === 'en' ? 'en' : 'fr';
  const t = translator(locale);
  const [kind, file] = positional;
  const actor = await cliActor(services.database, flags.get('org'), locale);
  if (!IMPORT_KINDS.includes(kind as ImportKind) || !file || !flags.has('org')) {
    io.stderr.write(`${t('directory.cli.importUsage')}\n`);
    return 1;
  }
  if (!actor) {
    io.stderr.write(`${t('directory.cli.unknownOrg', { slug: String(flags.get('org')) })}\n`);
    return 1;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    io.stderr.write(`${t('directory.cli.noFile', { file })}\n`);
    return 1;
  }
  let read = 0;
  async function* counted() {
    for await (const chunk of createReadStream(file)) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const report = await importRegister(services.database.db, actor, { kind: kind as ImportKind, source: counted(), fileName: file.split(/[\\/]/).pop(), via: 'cli', onProgress: progressBar(io, size, () => read) });
  if (io.stderr.isTTY) io.stderr.write('\n');
  if (flags.has('json')) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(`${reportLines(report, t, locale).join('\n')}\n`);
  if (report.fileError) return 1;
  return report.rejected ? 2 : 0;
}

/** A Node stream as a CSV sink that waits when the stream asks it to (a slow disk, a pipe to `head`). */
export function nodeSink(out: Writable): CsvSink {
  return { write: (chunk) => (out.write(chunk) ? undefined : new Promise<void>((r) => out.once('drain', () => r()))) };
}

/** `palier export residences|dwellings|households --org <slug> [--out FILE.csv]`; stdout when no file is named. */
export async function runExportCli(argv: string[], services: CliServices, io: CliIo = process): Promise<number> {
  const { positional, flags } = options(argv);
  const t = translator(flags.get('lang') === 'en' ? 'en' : 'fr');
  const [kind] = positional;
  if (!IMPORT_KINDS.includes(kind as ImportKind) || !flags.has('org')) {
    io.stderr.write(`${t('directory.cli.exportUsage')}\n`);
    return 1;
  }
  const actor = await cliActor(services.database, flags.get('org'), 'fr');
  if (!actor) {
    io.stderr.write(`${t('directory.cli.unknownOrg', { slug: String(flags.get('org')) })}\n`);
    return 1;
  }
  const outFile = flags.get('out');
  const out = typeof outFile === 'string' ? createWriteStream(outFile) : io.stdout;
  const count = await exportCsv(services.database.db, kind as ImportKind, actor, nodeSink(out));
  if (typeof outFile === 'string') {
    await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
    io.stderr.write(`${t('directory.cli.exported', { count, file: outFile })}\n`);
  }
  return 0;
}
