import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound } from '../errors.js';
import { householdOf, P, personOf } from '../policy.js';
import { lockEvent, promoteWaiting } from './event-rows.js';
import { cancelNeighbourRegistration } from './neighbour-registration.js';
import { noticeToRegistrants } from './notices.js';

type RegistrationRef = {
  id: string;
  event_id: string;
  household_id: string | null;
  user_id: string | null;
  status: string;
};

/** Cancels one registration and lets the waiting list move up; those promoted are told. Returns who was promoted. */
export async function cancelAndPromote(tx: Tx, reg: RegistrationRef): Promise<string[]> {
  // The event lock comes first, as in registration, so both queue on the same row.
  const event = (await lockEvent(tx, reg.event_id)) ?? notFound();
  const done = await tx
    .updateTable('community_registrations')
    .set({ status: 'cancelled', cancelled_at: new Date() })
    .where('id', '=', reg.id)
    .where('status', 'not in', ['cancelled', 'refused'])
    .returning('id')
    .executeTakeFirst();
  if (!done) return [];
  const promoted = await promoteWaiting(tx, event);
  await noticeToRegistrants(tx, { eventId: event.id, kind: 'promoted', registrationIds: promoted });
  return promoted;
}

export async function findRegistration(tx: Tx, id: string): Promise<RegistrationRef | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await tx.selectFrom('community_registrations').select(['id', 'event_id', 'household_id', 'user_id', 'status']).where('id', '=', id).executeTakeFirst()) as RegistrationRef | undefined;
}

/** A resident cancels their household's registration, or staff cancel anyone's. */
export async function cancelRegistration(db: Db, actor: Actor, registrationId: string): Promise<{ promoted: string[] }> {
  ensure(authorize(actor, P.register));
  const done = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const reg = await findRegistration(tx, registrationId);
    // Not one of the landlord's rows: perhaps the household's registration to a neighbour's activity.
    if (!reg) return null;
    const household = householdOf(actor);
    const own = (household !== null && reg.household_id === household) || reg.user_id === personOf(actor);
    // Another household's registration is "not found" unless the person manages events: a 403 would tell a
    // neighbour that the registration exists (security finding 11).
    if (!own && authorize(actor, P.manage) !== 'allow') notFound();
    const promoted = await cancelAndPromote(tx, reg);
    await audit(tx, {
      action: 'community.registration.cancel',
      actor,
      targetType: 'community_registration',
      targetId: reg.id,
      details: { eventId: reg.event_id, promoted },
    });
    return { promoted };
  });
  return done ?? cancelNeighbourRegistration(db, actor, registrationId);
}
