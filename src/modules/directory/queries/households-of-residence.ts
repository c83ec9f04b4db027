import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { addressHidden } from '../../../platform/privacy/confidential-addresses.js';

export type ResidenceHousehold = { id: string; reference: string; name: string };

/**
 * The households living today in a residence (open occupancy), by name; call inside withTenant. A household
 * whose address is confidential to the person of the transaction (or with no person: a job, a token) is not
 * listed: naming it among a residence's households is what the confidential address withholds.
 */
export async function householdsOfResidence(tx: Tx, residenceId: string): Promise<ResidenceHousehold[]> {
  const rows = await tx
    .selectFrom('households as h')
    .innerJoin('occupancies as o', 'o.household_id', 'h.id')
    .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .select(['h.id', 'h.reference', 'h.name'])
    .where('d.residence_id', '=', residenceId)
    .where('o.ends_on', 'is', null)
    .where(sql<boolean>`not ${addressHidden(sql.ref('h.id'))}`)
    .orderBy('h.name')
    .orderBy('h.reference')
    .execute();
  return rows as ResidenceHousehold[];
}
