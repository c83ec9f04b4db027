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
  /** The current dwelling's id, null without one. */
  dwellingId: string | null;
  dwellingReference: string | null;
  rentCents: number | null;
  /** Who holds the current lease: null when the household does (or has no dwelling), else the partner association sub-letting to it. */
  leaseHolder: { orgId: string; name: string } | null;
};

/** A household with its current dwelling and rent receipt (null when it has no open occupancy); call inside withTenant. */
export async function householdTenancy(tx: Tx, householdId: string): Promise<HouseholdTenancy | null> {
  const row = await tx
    .selectFrom('households as h')
    .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
    .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .leftJoin('residences as r', 'r.id', 'd.residence_id')
    .leftJoin('organisations as lh', 'lh.id', 'o.lease_holder_org_id')
    .select(['h.id', 'h.reference', 'h.name', 'h.members_count', 'r.id as residence_id', 'r.name as residence_name', 'r.kind as residence_kind', 'd.id as dwelling_id', 'd.reference as dwelling_reference', 'd.rent_cents', 'lh.id as holder_id', 'lh.name as holder_name'])
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
    dwellingId: row.dwelling_id ?? null,
    dwellingReference: row.dwelling_reference ?? null,
    rentCents: row.rent_cents ?? null,
    leaseHolder: row.holder_id ? { orgId: row.holder_id, name: row.holder_name } : null,
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

export type DwellingRef = { id: string; reference: string; residenceName: string };

/** One of the landlord's dwellings, by its id or its reference in the register (null when the tenant has none such); call inside withTenant. */
export async function findDwelling(tx: Tx, by: { id?: string; reference?: string }): Promise<DwellingRef | null> {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (by.id !== undefined && !UUID.test(by.id)) return null;
  let q = tx.selectFrom('dwellings as d').innerJoin('residences as r', 'r.id', 'd.residence_id').select(['d.id', 'd.reference', 'r.name as residence_name']);
  if (by.id !== undefined) q = q.where('d.id', '=', by.id);
  else if (by.reference?.trim()) q = q.where('d.reference', '=', by.reference.trim());
  else return null;
  const row = await q.executeTakeFirst();
  return row ? { id: row.id as string, reference: row.reference as string, residenceName: row.residence_name as string } : null;
}
