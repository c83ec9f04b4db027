import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { addressHidden } from '../../../platform/privacy/confidential-addresses.js';
import type { HouseholdOption } from './household-lookups.js';

/** Some residences named one by one and some residence types; both empty means every residence (and no dwelling at all). */
export type ResidenceScope = { residenceIds: string[]; residenceKinds: string[] };

/** Where a household lives now: its residence and that residence's type. */
export type HouseholdPlace = { residenceId: string; residenceKind: string | null };

const unlimited = (scope: ResidenceScope) => scope.residenceIds.length === 0 && scope.residenceKinds.length === 0;

/**
 * Households matching a search on name or reference whose current dwelling is in one of the residences
 * named or of one of the types named (an empty scope: every household, with or without a dwelling).
 * Filtered in SQL so the limit applies to the households in scope, not before. Call inside withTenant with
 * the reader's userId: a household whose address is confidential is found only by those named on its case
 * (not at all by others, nor without a person in the transaction — a job, a token), as on the directory's list.
 */
export async function searchHouseholdsIn(tx: Tx, q: string, scope: ResidenceScope, limit = 20): Promise<HouseholdOption[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  let query = tx
    .selectFrom('households as h')
    .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
    .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .leftJoin('residences as r', 'r.id', 'd.residence_id')
    .select(['h.id', 'h.reference', 'h.name', 'h.members_count as members'])
    .select('r.name as residence')
    .where((w) => w.or([w('h.name', 'ilike', like), w('h.reference', 'ilike', like)]))
    .where(sql<boolean>`not ${addressHidden(sql.ref('h.id'))}`);
  if (!unlimited(scope)) {
    query = query.where(sql<boolean>`(r.id = any(${sql.val(scope.residenceIds)}::uuid[]) or r.kind::text = any(${sql.val(scope.residenceKinds)}::text[]))`);
  }
  return (await query.orderBy('h.name').orderBy('h.reference').limit(limit).execute()) as HouseholdOption[];
}

/** The current residence of each household given (those without a current dwelling are absent); call inside withTenant. */
export async function householdPlaces(tx: Tx, householdIds: string[]): Promise<Map<string, HouseholdPlace>> {
  if (householdIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('occupancies as o')
    .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .innerJoin('residences as r', 'r.id', 'd.residence_id')
    .select(['o.household_id', 'r.id as residence_id', 'r.kind as residence_kind'])
    .where('o.household_id', 'in', householdIds)
    .where('o.ends_on', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.household_id as string, { residenceId: r.residence_id as string, residenceKind: (r.residence_kind as string | null) ?? null }]));
}
