import type { Tx } from '../../../platform/db/tenant.js';

/**
 * A household's address became confidential (a landlord's support case): the desk's subscriptions of that
 * household forget the dwelling they copied when it subscribed. Runs in the landlord's transaction; RLS lets
 * the landlord update its households' subscriptions only while the partnership stands (an ended one keeps
 * its records, out of the landlord's reach).
 */
export async function forgetDwelling(tx: Tx, household: { landlordId: string; householdId: string }): Promise<void> {
  await tx
    .updateTable('concierge_subscriptions')
    .set({ dwelling_reference: '' })
    .where('landlord_id', '=', household.landlordId)
    .where('household_id', '=', household.householdId)
    .where('dwelling_reference', '<>', '')
    .execute();
}
