import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { Desk } from '../queries/desk.js';
import { isUuid } from '../schemas.js';
import { asStaff } from './parcels.js';

/** The default limit: a parcel or letter still unclaimed this many days after it arrived goes back to its sender. Each desk sets its own. */
export const PARCEL_RETURN_DAYS = 15;

export type ReturnDue = { id: string; kind: string; carrier: string; shelf: string; received_at: Date; household_name: string; dwelling_reference: string };

/** The desk's parcels waiting for more than its limit (parcel_return_days), oldest first: what the concierge sends back. */
export async function parcelsToReturn(tx: Tx, desk: Pick<Desk, 'id' | 'parcel_return_days'>, now = new Date()): Promise<ReturnDue[]> {
  return (await tx
    .selectFrom('concierge_parcels as p')
    .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
    .select(['p.id', 'p.kind', 'p.carrier', 'p.shelf', 'p.received_at', 's.household_name', 's.dwelling_reference'])
    .where('s.desk_id', '=', desk.id)
    .where('p.status', '=', 'received')
    .where('p.received_at', '<', new Date(now.getTime() - desk.parcel_return_days * 86_400_000))
    .orderBy('p.received_at')
    .limit(200)
    .execute()) as ReturnDue[];
}

/**
 * Records that an unclaimed parcel went back to its sender: only once it has waited the desk's limit
 * (parcel_return_days), only while still waiting (never after a hand-over, never twice). The row stays, with who and when.
 */
export async function returnParcel(db: Db, actor: Actor, parcelId: string, now = new Date()): Promise<void> {
  await asStaff(db, actor, async (tx, desk) => {
    const parcel = isUuid(parcelId)
      ? await tx
          .selectFrom('concierge_parcels as p')
          .innerJoin('concierge_subscriptions as s', 's.id', 'p.subscription_id')
          .select(['p.id', 'p.status', 'p.received_at'])
          .where('p.id', '=', parcelId)
          .where('s.desk_id', '=', desk.id)
          .forUpdate('p')
          .executeTakeFirst()
      : undefined;
    if (!parcel) throw new HttpError(404);
    if (parcel.status !== 'received') throw new HttpError(409, 'concierge.error.parcelNotWaiting');
    if (new Date(parcel.received_at as Date).getTime() > now.getTime() - desk.parcel_return_days * 86_400_000) throw new HttpError(409, 'concierge.error.returnTooEarly');
    await tx.updateTable('concierge_parcels').set({ status: 'returned', returned_at: now, returned_by: actor.userId }).where('id', '=', parcelId).execute();
    await audit(tx, { action: 'concierge.parcel.returned', actor, targetType: 'concierge_parcel', targetId: parcelId, details: { days: desk.parcel_return_days } });
  });
}
