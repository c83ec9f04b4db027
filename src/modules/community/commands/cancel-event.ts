import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { releaseActivityHold } from '../../spaces/index.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { cancelEventInput } from '../schemas.js';
import { lockEvent } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';

/**
 * Cancels an activity with a reason everyone registered is told. The room is released at once: the
 * table's no-double-booking constraint only counts activities that are not cancelled, and the
 * spaces module's hold of the room is released. Registrations
 * are kept (who was expected stays on record); a second cancellation changes nothing (409).
 */
export async function cancelEvent(db: Db, actor: Actor, eventId: string, raw: unknown): Promise<{ notified: number }> {
  ensure(authorize(actor, P.manage));
  const input = parseInput(cancelEventInput, raw);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const event = (await lockEvent(tx, eventId)) ?? notFound();
    ensure(authorize(actor, P.manage, { organisationId: event.organisation_id, residenceId: event.residence_id }));
    if (event.cancelled_at) throw new Invalid({ form: 'community.event.alreadyCancelled' }, 409);
    if (event.ends_at.getTime() <= Date.now()) throw new Invalid({ form: 'community.event.over' }, 409);
    await tx.updateTable('community_events').set({ cancelled_at: new Date(), cancel_reason: input.reason, updated_at: new Date() }).where('id', '=', event.id).execute();
    // Its booking of the room in the spaces module goes too: residents may book the room again at once.
    await releaseActivityHold(tx, event.id);
    const notified = await noticeToRegistrants(tx, { eventId: event.id, kind: 'cancelled', reason: input.reason });
    await audit(tx, {
      action: 'community.event.cancel',
      actor,
      targetType: 'community_event',
      targetId: event.id,
      details: { notified },
    });
    return { notified };
  });
}
