import type { Tx } from '../../../platform/db/tenant.js';

export type HouseholdTenancy = {
  id: string;
  reference: string;
  name: string;
  members: number;
  residenceId: string | null;
  residenceName: string | null;
  /** The residence's type (ordinary, intergenerational, pension_de_famille…), null without a dwelling. */
  residenceKind: string | null;
  dwellingReference: string | null;
  rentCents: number | null;
};

/** A household with its current dwelling and rent receipt (null when it has no open occupancy); call inside withTenant. */
export async function householdTenancy(tx: Tx, householdId: string): Promise<HouseholdTenancy | null> {
  const row = await tx
    .selectFrom('households as h')
    .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
    .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .leftJoin('residences as r', 'r.id', 'd.residence_id')
    .select(['h.id', 'h.reference', 'h.name', 'h.members_count', 'r.id as residence_id', 'r.name as residence_name', 'r.kind as residence_kind', 'd.reference as dwelling_reference', 'd.rent_cents'])
    .where('h.id', '=', householdId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    reference: row.reference,
    name: row.name,
    members: row.members_count,
    residenceId: row.residence_id ?? null,
    residenceName: row.residence_name ?? null,
    residenceKind: (row.residence_kind as string | null) ?? null,
    dwellingReference: row.dwelling_reference ?? null,
    rentCents: row.rent_cents ?? null,
  };
}

export type PartnerOption = { id: string; name: string; kind: string };

/** The partner organisations of the current organisation (associations, providers); call inside withTenant. */
export async function partnerOptions(tx: Tx, orgId: string): Promise<PartnerOption[]> {
  return (await tx
    .selectFrom('partnerships as p')
    .innerJoin('organisations as o', 'o.id', 'p.partner_id')
    .select(['o.id', 'o.name', 'o.kind'])
    .where('p.organisation_id', '=', orgId)
    .orderBy('o.name')
    .execute()) as PartnerOption[];
}
