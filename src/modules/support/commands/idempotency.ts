import type { Actor } from '../../../platform/access/actor.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { Abort, fail } from './result.js';

/**
 * Claims an Idempotency-Key for this person in the transaction. Returns the id made by an earlier
 * call with the same key (the caller gives that back), or null when this call is the first. A
 * concurrent call with the same key waits on the row until the first commits, then sees its id.
 * The same key used for another operation is a conflict.
 */
export async function claimKey(tx: Tx, actor: Actor, key: string, operation: string): Promise<string | null> {
  const claimed = await tx
    .insertInto('support_api_idempotency')
    .values({ organisation_id: actor.orgId, user_id: actor.userId, key, operation })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;
  const earlier = await tx.selectFrom('support_api_idempotency').select(['operation', 'resource_id']).where('user_id', '=', actor.userId).where('key', '=', key).executeTakeFirst();
  if (!earlier || earlier.operation !== operation || !earlier.resource_id) throw new Abort(fail(409, { idempotencyKey: 'support.api.keyReused' }));
  return earlier.resource_id as string;
}

/** Records what the first call with this key made. */
export async function settleKey(tx: Tx, actor: Actor, key: string, resourceId: string): Promise<void> {
  await tx.updateTable('support_api_idempotency').set({ resource_id: resourceId }).where('user_id', '=', actor.userId).where('key', '=', key).execute();
}
