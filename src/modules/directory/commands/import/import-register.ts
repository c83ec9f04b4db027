import { sql } from 'kysely';
import type { Actor } from '../../../../platform/access/actor.js';
import { authorize } from '../../../../platform/access/authorize.js';
import { audit } from '../../../../platform/audit/audit.js';
import type { Db } from '../../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../../platform/db/tenant.js';
import { HttpError } from '../../../../platform/http/errors.js';
import { refreshResidenceMonths, summaryExists, summaryMonths } from '../refresh-residence-months.js';
import { openCsv } from './csv-rows.js';
import { COLUMNS, type ImportKind, mapHeader, ROW_SCHEMAS } from './rows.js';
import { type BatchResult, type BatchWriter, type FileColumns, label, type Numbered, type Rejection } from './types.js';
import { dwellingWriter } from './write-dwellings.js';
import { householdWriter } from './write-households.js';
import { residenceWriter } from './write-residences.js';

export type ImportProgress = { rows: number; inserted: number; updated: number; rejected: number };
export type ImportReport = ImportProgress & {
  kind: ImportKind;
  /** A problem with the whole file (empty, missing columns): then nothing was read. */
  fileError: { key: string; values?: Record<string, string> } | null;
  ignoredColumns: string[];
  delimiter: ';' | ',' | null;
  /** The first MAX_DETAILS rejected rows, in file order; `rejected` counts them all. */
  rejections: Rejection[];
  seconds: number;
};

export type ImportOptions = {
  kind: ImportKind;
  source: AsyncIterable<Uint8Array | string>;
  fileName?: string;
  via: 'cli' | 'web';
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
};

const MAX_DETAILS = 5000;

function writerFor(kind: ImportKind, orgId: string, cols: FileColumns): BatchWriter<never> {
  if (kind === 'residences') return residenceWriter(orgId, cols) as BatchWriter<never>;
  if (kind === 'dwellings') return dwellingWriter(orgId, cols) as BatchWriter<never>;
  return householdWriter(orgId, cols) as BatchWriter<never>;
}

/** The batch at once; if the database refuses it, each row alone, so one bad row never sinks its neighbours. */
async function writeBatch(tx: Tx, writer: BatchWriter<never>, batch: Numbered<never>[]): Promise<BatchResult> {
  await sql`savepoint import_batch`.execute(tx);
  try {
    const r = await writer.write(tx, batch);
    await sql`release savepoint import_batch`.execute(tx);
    return r;
  } catch {
    await sql`rollback to savepoint import_batch`.execute(tx);
    writer.reset();
  }
  const total: BatchResult = { inserted: 0, updated: 0, rejected: [] };
  for (const one of batch) {
    await sql`savepoint import_row`.execute(tx);
    try {
      const r = await writer.write(tx, [one]);
      await sql`release savepoint import_row`.execute(tx);
      total.inserted += r.inserted;
      total.updated += r.updated;
      total.rejected.push(...r.rejected);
    } catch (e) {
      await sql`rollback to savepoint import_row`.execute(tx);
      writer.reset();
      const constraint = (e as { constraint?: string }).constraint ?? '';
      total.rejected.push({ line: one.line, reference: (one.row as { reference: string }).reference, errors: [{ column: '', key: 'directory.import.error.database', values: { constraint } }] });
    }
  }
  return total;
}

/**
 * Imports a landlord's register (residences, dwellings or households) from a CSV stream, as one
 * transaction: valid rows are upserted by the landlord's reference in batches, invalid ones are
 * reported with their line and reasons and never written, and one audit event records the counts.
 */
export async function importRegister(db: Db, actor: Actor, opts: ImportOptions): Promise<ImportReport> {
  if (authorize(actor, 'directory.import') !== 'allow' || !actor.orgId) throw new HttpError(403);
  // The register is the whole organisation's; staff limited to some residences may not rewrite it.
  if (actor.residenceIds !== null) throw new HttpError(403);
  const orgId = actor.orgId;
  const started = performance.now();
  const report: ImportReport = { kind: opts.kind, rows: 0, inserted: 0, updated: 0, rejected: 0, fileError: null, ignoredColumns: [], delimiter: null, rejections: [], seconds: 0 };
  const reject = (r: Rejection) => {
    report.rejected++;
    if (report.rejections.length < MAX_DETAILS) report.rejections.push(r);
  };
  const file = await openCsv(opts.source);
  if (!file) return { ...report, fileError: { key: 'directory.import.error.emptyFile' } };
  const header = mapHeader(opts.kind, file.header);
  report.delimiter = file.delimiter;
  report.ignoredColumns = header.ignored;
  if (header.missing.length) return { ...report, fileError: { key: 'directory.import.error.missingColumns', values: { columns: header.missing.join(', ') } } };
  const cols: FileColumns = { labels: header.labels, present: new Set(header.index.keys()) };
  const schema = ROW_SCHEMAS[opts.kind];
  const batchSize = opts.batchSize ?? 1000;
  const columns = COLUMNS[opts.kind];

  await withTenant(db, { orgId }, async (tx) => {
    const writer = writerFor(opts.kind, orgId, cols);
    const firstLineOf = new Map<string, number>();
    let batch: Numbered<never>[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const r = await writeBatch(tx, writer, batch);
      report.inserted += r.inserted;
      report.updated += r.updated;
      for (const x of r.rejected) reject(x);
      batch = [];
      opts.onProgress?.({ rows: report.rows, inserted: report.inserted, updated: report.updated, rejected: report.rejected });
    };
    for await (const { line, cells } of file.rows) {
      report.rows++;
      // Columns the file leaves out read as empty cells; the writers then leave those fields alone.
      const raw: Record<string, string> = {};
      for (const c of columns) raw[c.field] = '';
      for (const [field, i] of header.index) raw[field] = cells[i] ?? '';
      const parsed = schema.safeParse(raw);
      const reference = (raw.reference ?? '').trim() || null;
      if (!parsed.success) {
        const errors = new Map<string, { column: string; key: string }>();
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          if (!errors.has(field)) errors.set(field, { column: label(cols, field), key: issue.message.startsWith('directory.') ? issue.message : 'directory.import.error.invalid' });
        }
        reject({ line, reference, errors: [...errors.values()] });
        continue;
      }
      const ref = (parsed.data as { reference: string }).reference;
      const first = firstLineOf.get(ref);
      if (first !== undefined) {
        reject({ line, reference, errors: [{ column: label(cols, 'reference'), key: 'directory.import.error.duplicate', values: { line: first } }] });
        continue;
      }
      firstLineOf.set(ref, line);
      batch.push({ line, row: parsed.data as never });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    report.rejections.sort((a, b) => a.line - b.line);
    await audit(tx, {
      action: 'directory.import',
      organisationId: orgId,
      actorUserId: actor.userId || null,
      targetType: opts.kind,
      details: { via: opts.via, file: opts.fileName?.slice(0, 200) ?? null, rows: report.rows, inserted: report.inserted, updated: report.updated, rejected: report.rejected },
    });
    // Dashboards read the monthly summary once it exists: it changes with the register it summarises.
    if (await summaryExists(tx)) await refreshResidenceMonths(tx, orgId, summaryMonths(new Date()));
  });
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
