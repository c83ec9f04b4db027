import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/**
 * A household's address became confidential (a landlord's support case): the desks' subscriptions of that
 * household forget the dwelling they copied when it subscribed — those of a partnership already ended too,
 * which the landlord's RLS no longer reaches (hence the SECURITY DEFINER function of migration
 * 20261214110000_concierge_forget_dwelling, which checks that this transaction is the landlord's). Runs in the
 * landlord's transaction (support's), so the mark and the forgetting are all or nothing.
 */
export async function forgetDwelling(tx: Tx, household: { landlordId: string; householdId: string }): Promise<void> {
  await sql`select concierge_forget_dwelling(${household.landlordId}::uuid, ${household.householdId}::uuid)`.execute(tx);
}
