import { sql } from 'kysely';
import type { Tx } from '../../../../platform/db/tenant.js';

/**
 * Ids of the organisation's records by reference, fetched per batch and remembered, so that
 * 146,000 dwellings pointing at 3,000 residences cost a few queries, not one per row.
 */
export function referenceCache(table: 'residences' | 'dwellings', orgId: string) {
  const known = new Map<string, string>();
  return {
    reset: () => known.clear(),
    resolve: async (tx: Tx, refs: string[]): Promise<Map<string, string>> => {
      const missing = [...new Set(refs.filter((r) => !known.has(r)))];
      if (missing.length) {
        const found = await sql<{ id: string; reference: string }>`
          select id, reference from ${sql.table(table)} where organisation_id = ${orgId}::uuid and reference = any(${missing}::text[])`.execute(tx);
        for (const f of found.rows) known.set(f.reference, f.id);
      }
      return known;
    },
  };
}
