import type { Tx } from '../../../../platform/db/tenant.js';

/** Why a row was refused: the column as the file names it, a catalogue key and its values. */
export type RowError = { column: string; key: string; values?: Record<string, string | number> };
export type Rejection = { line: number; reference: string | null; errors: RowError[] };

export type Numbered<T> = { line: number; row: T };
export type BatchResult = { inserted: number; updated: number; rejected: Rejection[] };

/**
 * Writes a batch of valid rows in one statement per table. It may still refuse rows whose
 * references point nowhere; those it leaves unwritten and returns.
 */
export type BatchWriter<T> = {
  write: (tx: Tx, batch: Numbered<T>[]) => Promise<BatchResult>;
  /** Forgets what it cached: called after a rollback, which may have undone what the cache knows. */
  reset: () => void;
};

/** Where each field sits in the report (the file's own header) and which optional columns the file has. */
export type FileColumns = { labels: Map<string, string>; present: Set<string> };

export const label = (cols: FileColumns, field: string) => cols.labels.get(field) ?? field;
