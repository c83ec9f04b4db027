import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { placeRegistration } from '../domain/registration.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { decisionInput } from '../schemas.js';
import { findRegistration } from './cancel-registration.js';
import { lockEvent, occupancy } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';

export type Decided = { status: 'confirmed' | 'waiting' | 'refused' };

/**
 * Staff approve or refuse a request for an activity taken "on approval". An approved request takes
 * a place when one is free and nobody waits, otherwise it joins the end of the waiting list (its
 * place in line is the moment of approval, so it never overtakes people already waiting). The
 * event row is locked first, as in every registration, so two approvals never share the last place.
 */
export async function decideRegistration(db: Db, actor: Actor, registrationId: string, raw: unknown): Promise<Decided> {
  ensure(authorize(actor, P.manage));
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    // The request is found and the actor's right to it checked before the form is read: an unknown
    // or another landlord's id answers 404 whatever was posted.
    const found = (await findRegistration(tx, registrationId)) ?? notFound();
    const event = (await lockEvent(tx, found.event_id)) ?? notFound();
    ensure(authorize(actor, P.manage, { organisationId: event.organisation_id, residenceId: event.residence_id }));
    const { decision } = parseInput(decisionInput, raw);
    // Read again under the event lock: another organiser may have decided in the meantime.
    const reg = await tx.selectFrom('community_registrations').select(['status', 'adults', 'children']).where('id', '=', found.id).executeTakeFirstOrThrow();
    if (reg.status !== 'pending') throw new Invalid({ form: 'community.approval.alreadyDecided' }, 409);
    let status: Decided['status'] = 'refused';
    if (decision === 'approve') {
      const placement = placeRegistration({
        mode: 'open',
        capacity: event.capacity,
        ...(await occupancy(tx, event.id)),
        seats: Number(reg.adults) + Number(reg.children),
        eventCancelled: event.cancelled_at !== null,
        eventStarted: event.starts_at.getTime() <= Date.now(),
      });
      if (placement.outcome === 'refused') throw new Invalid({ form: `community.register.${placement.reason}` }, 409);
      status = placement.outcome === 'confirmed' ? 'confirmed' : 'waiting';
    }
    await tx
      .updateTable('community_registrations')
      .set({ status, decided_by: actor.userId, ...(status === 'waiting' ? { queued_at: sql`clock_timestamp()` } : {}) })
      .where('id', '=', found.id)
      .execute();
    await noticeToRegistrants(tx, { eventId: event.id, kind: status === 'refused' ? 'refused' : status === 'confirmed' ? 'approved' : 'approvedWaiting', registrationIds: [found.id] });
    await audit(tx, {
      action: `community.registration.${decision}`,
      actor,
      targetType: 'community_registration',
      targetId: found.id,
      details: { eventId: event.id, status },
    });
    return { status };
  });
}
