import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { BENCHMARK_KEYS } from '../queries/benchmark.js';

/** A member landlord chooses which indicators it lets a network fold into the benchmark. */
export async function setNetworkShares(db: Db, actor: Actor, networkId: string, keys: string[]): Promise<void> {
  const decision = authorize(actor, 'impact.network.share');
  if (decision !== 'allow') throw new HttpError(decision === 'not_found' ? 404 : 403);
  if (!z.string().uuid().safeParse(networkId).success) throw new HttpError(404);
  const member = await db.selectFrom('network_memberships').select('member_id').where('network_id', '=', networkId).where('member_id', '=', actor.orgId).executeTakeFirst();
  if (!member) throw new HttpError(404);
  const chosen = BENCHMARK_KEYS.filter((k) => keys.includes(k));
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    await tx.deleteFrom('impact_network_shares').where('network_id', '=', networkId).execute();
    for (const k of chosen)
      await tx
        .insertInto('impact_network_shares')
        .values({
          organisation_id: actor.orgId,
          network_id: networkId,
          indicator_key: k,
        })
        .execute();
    await audit(tx, {
      action: 'impact.network.shares_set',
      actor,
      targetType: 'organisation',
      targetId: networkId,
      details: { indicators: chosen },
    });
  });
}
