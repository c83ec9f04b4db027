import type { Expression } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { addressConfidential, addressHidden } from '../../../platform/privacy/confidential-addresses.js';

/**
 * The person whose transaction reads addresses: the confidential-address sources name readers by
 * `app.user_id`. An API token is nobody (it cannot prove who holds it with a second factor), so it never
 * sees a confidential address.
 */
export const readerOf = (actor: Actor) => ({ orgId: actor.orgId, userId: actor.kind === 'user' ? actor.userId : null });

/** Columns telling the page whether to say "confidential address" and whether a named reader's look must be audited. */
export function confidentialityColumns(householdId: Expression<unknown>) {
  return [addressHidden(householdId).as('address_hidden'), addressConfidential(householdId).as('address_confidential')] as const;
}

/**
 * A named reader saw confidential addresses (the row is confidential and not hidden from them): one audit
 * event, as support's case read records `address: true`. Nothing is written when none was shown.
 */
export async function auditConfidentialShown(
  tx: Tx,
  actor: Actor,
  rows: { id?: string | null; household_id?: string | null; address_hidden: boolean; address_confidential: boolean }[],
  where: string,
): Promise<void> {
  const shown = rows.filter((r) => r.address_confidential && !r.address_hidden).map((r) => (r.household_id ?? r.id) as string);
  if (shown.length === 0) return;
  await audit(tx, { action: 'directory.address.read', actor, targetType: 'household', targetId: shown.length === 1 ? shown[0] : undefined, details: { where, households: shown } });
}
