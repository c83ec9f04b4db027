import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';

export type ProviderAccount = { orgId: string; providers: { id: string; name: string; desk_id: string; organisation_id: string; active: boolean }[] };

/**
 * The provider rows the actor's organisation answers for (one per desk it works with), read in the
 * provider's own context: RLS shows an organisation only the rows linked to it. Null when none.
 */
export async function providerAccount(db: Db, actor: Actor): Promise<ProviderAccount | null> {
  if (!actor.orgId || authorize(actor, 'concierge.provider') !== 'allow') return null;
  const orgId = actor.orgId;
  const providers = await withTenant(db, { orgId }, (tx) =>
    tx.selectFrom('concierge_providers').select(['id', 'name', 'desk_id', 'organisation_id', 'active']).where('account_org_id', '=', orgId).orderBy('name').execute(),
  );
  return providers.length ? { orgId, providers: providers as ProviderAccount['providers'] } : null;
}
