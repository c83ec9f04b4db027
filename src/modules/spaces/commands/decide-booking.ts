import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { findSpace } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';

/** Staff approve or refuse a booking request of a space that needs approval (a common room); a refusal gives its reason. */
export async function decideBooking(db: Db, actor: Actor, bookingId: string, decision: 'approve' | 'refuse', reason: string): Promise<void> {
  if (authorize(actor, 'spaces.board') !== 'allow' || !actor.orgId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  if (decision === 'refuse' && !reason.trim()) throw new SpacesError(422, 'spaces.error.reason', 'reason');
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const b = await tx.selectFrom('space_bookings').select(['id', 'space_id', 'status', 'organisation_id']).where('id', '=', bookingId).forUpdate().executeTakeFirst();
    if (!b) throw new SpacesError(404, 'error.404.title');
    const space = await findSpace(tx, b.space_id);
    if (!space) throw new SpacesError(404, 'error.404.title');
    const d = authorize(actor, 'spaces.board', { organisationId: b.organisation_id, residenceId: space.residenceId });
    if (d !== 'allow') throw new SpacesError(d === 'not_found' ? 404 : 403, `error.${d === 'not_found' ? 404 : 403}.title`);
    if (b.status !== 'pending') throw new SpacesError(409, 'spaces.error.notPending');
    await tx
      .updateTable('space_bookings')
      .set({ status: decision === 'approve' ? 'confirmed' : 'refused', decision_reason: reason.trim().slice(0, 200) || null })
      .where('id', '=', b.id)
      .execute();
    await audit(tx, { action: `spaces.booking.${decision}`, actor, targetType: 'space_booking', targetId: b.id, details: { spaceId: b.space_id } });
  });
}
