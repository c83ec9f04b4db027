import type { Tx } from '../../../platform/db/tenant.js';
import { householdPlaces } from '../../directory/index.js';
import { programmeCovers } from '../domain/scope.js';

export type OutOfScopeReason = 'outside' | 'noDwelling';

/**
 * Among these cases, the open ones whose household lives, today, outside its programme's scope, with why.
 * Computed at read time from the directory's current occupancies, as the programme page and the case page
 * do (`out-of-scope.ts`, `read-case.ts`), for lists that mix programmes: the adviser's board and the API's
 * list. Runs as the person of the transaction, so only cases they may see are read (row-level security).
 */
export async function outOfScopeAmong(tx: Tx, caseIds: string[]): Promise<Map<string, OutOfScopeReason>> {
  const out = new Map<string, OutOfScopeReason>();
  if (caseIds.length === 0) return out;
  const rows = await tx
    .selectFrom('support_cases as c')
    .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
    .select(['c.id', 'c.household_id', 'p.residence_ids', 'p.residence_kinds'])
    .where('c.id', 'in', caseIds)
    .where('c.status', '=', 'open')
    .where('c.household_id', 'is not', null)
    .execute();
  const scoped = rows.filter((r) => (r.residence_ids as string[]).length > 0 || (r.residence_kinds as string[]).length > 0);
  const places = await householdPlaces(tx, [...new Set(scoped.map((r) => r.household_id as string))]);
  for (const r of scoped) {
    const covered = programmeCovers({ residence_ids: r.residence_ids as string[], residence_kinds: r.residence_kinds as string[] }, places.get(r.household_id as string) ?? null);
    if (covered !== 'covered') out.set(r.id as string, covered);
  }
  return out;
}
