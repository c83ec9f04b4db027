import type { Tx } from '../../../platform/db/tenant.js';

/** The residence a household currently lives in (its open occupancy), or null. Call inside withTenant. */
export async function currentResidenceOf(tx: Tx, householdId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('occupancies as o')
    .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .select('d.residence_id')
    .where('o.household_id', '=', householdId)
    .where('o.ends_on', 'is', null)
    .executeTakeFirst();
  return (row?.residence_id as string | undefined) ?? null;
}

export type HouseholdOption = { id: string; reference: string; name: string; residence: string | null; members: number };

/** Households matching a search on name or reference, for staff registering someone; call inside withTenant. */
export async function searchHouseholds(tx: Tx, q: string, limit = 20): Promise<HouseholdOption[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await tx
    .selectFrom('households as h')
    .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
    .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .leftJoin('residences as r', 'r.id', 'd.residence_id')
    .select(['h.id', 'h.reference', 'h.name', 'r.name as residence', 'h.members_count as members'])
    .where((w) => w.or([w('h.name', 'ilike', like), w('h.reference', 'ilike', like)]))
    .orderBy('h.name')
    .orderBy('h.reference')
    .limit(limit)
    .execute();
  return rows as HouseholdOption[];
}
