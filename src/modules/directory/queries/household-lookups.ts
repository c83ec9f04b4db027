import type { Tx } from '../../../platform/db/tenant.js';
import { searchHouseholdsIn } from './households-in-scope.js';

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
  return searchHouseholdsIn(tx, q, { residenceIds: [], residenceKinds: [] }, limit);
}
