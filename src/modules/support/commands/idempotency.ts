import { createHash } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { Abort, fail } from './result.js';

/**
 * Claims an Idempotency-Key for this person in the transaction. Returns the id made by an earlier
 * call with the same key (the caller gives that back), or null when this call is the first. A
 * concurrent call with the same key waits on the row until the first commits, then sees its id.
 * The same key used for another operation is a conflict (409). When the request's body is given, it is
 * fingerprinted with the operation: the same key for the same operation with another body is refused (422),
 * since replaying the first answer would tell the person their changed request was done.
 */
export async function claimKey(tx: Tx, actor: Actor, key: string, operation: string, body?: unknown): Promise<string | null> {
  const tagged = body === undefined ? operation : `${operation}#${fingerprint(body)}`;
  const claimed = await tx
    .insertInto('support_api_idempotency')
    .values({ organisation_id: actor.orgId, user_id: actor.userId, key, operation: tagged })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;
  const earlier = await tx.selectFrom('support_api_idempotency').select(['operation', 'resource_id']).where('user_id', '=', actor.userId).where('key', '=', key).executeTakeFirst();
  if (earlier && earlier.operation !== tagged && body !== undefined && earlier.operation.startsWith(`${operation}#`)) throw new Abort(fail(422, { idempotencyKey: 'support.api.keyOtherBody' }));
  if (!earlier || earlier.operation !== tagged || !earlier.resource_id) throw new Abort(fail(409, { idempotencyKey: 'support.api.keyReused' }));
  return earlier.resource_id as string;
}

/** Records what the first call with this key made. */
export async function settleKey(tx: Tx, actor: Actor, key: string, resourceId: string): Promise<void> {
  await tx.updateTable('support_api_idempotency').set({ resource_id: resourceId }).where('user_id', '=', actor.userId).where('key', '=', key).execute();
}

/** A stable digest of a request body (keys sorted at every level), so the same request always gives the same one. */
function fingerprint(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex').slice(0, 32);
}
