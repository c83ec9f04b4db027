import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/**
 * Runs `fn` as another organisation inside the caller's transaction, then back: a row addressed to that
 * organisation's people (a notice) is that organisation's own, in their notification list, and exists exactly when
 * the change commits. The pattern of community's and spaces' notices to a neighbour's landlord
 * (docs/decisions/neighbourhoods.md, network-meetings.md point 8). Only for writing rows the caller produces for
 * them — never to read the other organisation's data.
 */
export async function asOrganisation<T>(tx: Tx, callerOrgId: string, orgId: string, fn: () => Promise<T>): Promise<T> {
  if (orgId === callerOrgId) return fn();
  await sql`select set_config('app.org_id', ${orgId}, true)`.execute(tx);
  try {
    return await fn();
  } finally {
    await sql`select set_config('app.org_id', ${callerOrgId}, true)`.execute(tx);
  }
}
