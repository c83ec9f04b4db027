import type { Tx } from '../../../platform/db/tenant.js';

export type ResidenceOption = { id: string; name: string };
export type CommonPlaceOption = { id: string; name: string; residenceId: string; residence: string; kind: string };

/** The organisation's residences by name, for choosing an audience; call inside withTenant. */
export async function residenceOptions(tx: Tx): Promise<ResidenceOption[]> {
  return (await tx.selectFrom('residences').select(['id', 'name']).orderBy('name').execute()) as ResidenceOption[];
}

/** The organisation's common rooms and gardens, with their residence; call inside withTenant. */
export async function commonPlaceOptions(tx: Tx): Promise<CommonPlaceOption[]> {
  const rows = await tx
    .selectFrom('common_places as p')
    .innerJoin('residences as r', 'r.id', 'p.residence_id')
    .select(['p.id', 'p.name', 'p.residence_id as residenceId', 'r.name as residence', 'p.kind'])
    .orderBy('r.name')
    .orderBy('p.name')
    .execute();
  return rows as CommonPlaceOption[];
}
