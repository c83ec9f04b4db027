import { randomInt } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import { checkUpload, removeStoredFile, storeFile } from '../../../platform/files/index.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { FieldError } from '../errors.js';
import { noticeParcel } from './notices.js';
import { type Desk, staffDesk } from '../queries/desk.js';
import { type HandOverInput, isUuid, type ParcelInput } from '../schemas.js';

async function asStaff<T>(db: Db, actor: Actor, fn: (tx: Tx, desk: Desk) => Promise<T>): Promise<T> {
  if (authorize(actor, 'concierge.staff') !== 'allow') throw new HttpError(403);
  const desk = await staffDesk(db, actor);
  if (!desk) throw new HttpError(404);
  return withTenant(db, { orgId: desk.organisation_id }, (tx) => fn(tx, desk));
}

/**
 * Checks a parcel or letter in for a subscriber and issues its pickup code. The resident sees the
 * notice and the code on their concierge page (their notification channel), so it is marked notified.
 */
export async function checkInParcel(db: Db, actor: Actor, subscriptionId: string, input: ParcelInput): Promise<{ id: string; code: string }> {
  return asStaff(db, actor, async (tx, desk) => {
    const sub = isUuid(subscriptionId)
      ? await tx.selectFrom('concierge_subscriptions').select(['id', 'landlord_id', 'household_id']).where('id', '=', subscriptionId).where('desk_id', '=', desk.id).executeTakeFirst()
      : undefined;
    if (!sub) throw new HttpError(404);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const row = await tx
      .insertInto('concierge_parcels')
      .values({
        organisation_id: desk.organisation_id,
        landlord_id: sub.landlord_id,
        subscription_id: sub.id,
        household_id: sub.household_id,
        ...input,
        pickup_code: code,
        received_by: actor.userId,
        notified_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await noticeParcel(tx, desk.organisation_id, row.id as string, 'received');
    await audit(tx, {
      action: 'concierge.parcel.received',
      actor,
      targetType: 'concierge_parcel',
      targetId: row.id as string,
      details: { kind: input.kind, shelf: input.shelf },
    });
    return { id: row.id as string, code };
  });
}

/** A drawn signature is a small PNG: at most this many bytes once decoded. */
export const SIGNATURE_MAX_BYTES = 250_000;

/**
 * Hands a parcel over, only with its code, an identity check the concierge records, or the
 * recipient's signature (with the name checked, as for an identity check); never twice. A signature
 * is stored as a file under `dataDir` once the parcel is found waiting, and removed again if the
 * hand-over does not commit.
 */
export async function handOverParcel(db: Db, actor: Actor, parcelId: string, input: HandOverInput, dataDir?: string): Promise<{ subscriptionId: string }> {
  const stored: { key: string | null } = { key: null };
  try {
    return await asStaff(db, actor, async (tx, desk) => {
      const parcel = isUuid(parcelId)
        ? await tx.selectFrom('concierge_parcels').select(['id', 'status', 'pickup_code', 'household_id', 'subscription_id']).where('id', '=', parcelId).forUpdate().executeTakeFirst()
        : undefined;
      if (!parcel) throw new HttpError(404);
      if (parcel.status !== 'received') throw new HttpError(409, 'concierge.error.parcelGone');
      if (input.method === 'code' && input.code !== parcel.pickup_code) throw new FieldError('code', 'concierge.error.wrongCode');
      let signature: { bytes: Uint8Array; mediaType: string } | null = null;
      if (input.method === 'signature') {
        const bytes = Buffer.from(input.signature.slice(input.signature.indexOf(',') + 1), 'base64');
        const checked = checkUpload(bytes, 'signature.png', { maxBytes: SIGNATURE_MAX_BYTES, kinds: ['png'] });
        if (!checked.ok || !dataDir) throw new FieldError('signature', 'concierge.error.signature');
        signature = { bytes, mediaType: checked.mediaType };
      }
      const sub = await tx
        .selectFrom('concierge_subscriptions as s')
        .innerJoin('concierge_parcels as p', 'p.subscription_id', 's.id')
        .select('s.household_name')
        .where('p.id', '=', parcelId)
        .executeTakeFirstOrThrow();
      const handedTo = input.method === 'code' ? sub.household_name : input.handedTo;
      await tx
        .updateTable('concierge_parcels')
        .set({
          status: 'handed_over',
          handed_at: new Date(),
          handed_by: actor.userId,
          handed_to: handedTo,
          handover_method: input.method,
        })
        .where('id', '=', parcelId)
        .execute();
      if (signature && dataDir) {
        stored.key = await storeFile(dataDir, 'concierge', signature.bytes);
        await tx
          .insertInto('concierge_parcel_signatures')
          .values({
            organisation_id: desk.organisation_id,
            parcel_id: parcelId,
            storage_key: stored.key,
            media_type: signature.mediaType,
            size_bytes: signature.bytes.byteLength,
            signed_name: handedTo,
            recorded_by: actor.userId,
          })
          .execute();
      }
      await audit(tx, {
        action: 'concierge.parcel.handed_over',
        actor,
        targetType: 'concierge_parcel',
        targetId: parcelId,
        details: { method: input.method },
      });
      return { subscriptionId: parcel.subscription_id as string };
    });
  } catch (e) {
    if (stored.key && dataDir) await removeStoredFile(dataDir, stored.key);
    throw e;
  }
}

/** A walk-in at the counter, topic only: no content of the conversation is kept. */
export async function logVisit(db: Db, actor: Actor, subscriptionId: string | null, topic: string): Promise<void> {
  await asStaff(db, actor, async (tx, desk) => {
    if (subscriptionId && !(isUuid(subscriptionId) && (await tx.selectFrom('concierge_subscriptions').select('id').where('id', '=', subscriptionId).executeTakeFirst()))) throw new HttpError(404);
    const row = await tx
      .insertInto('concierge_visits')
      .values({
        organisation_id: desk.organisation_id,
        desk_id: desk.id,
        subscription_id: subscriptionId,
        topic,
        by_user_id: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'concierge.visit.logged',
      actor,
      targetType: 'concierge_visit',
      targetId: row.id as string,
      details: { topic },
    });
  });
}

export { asStaff };
