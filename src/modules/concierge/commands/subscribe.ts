import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { type HouseholdCard, householdCardForPartner } from '../../directory/index.js';
import { nextMonthStart } from '../domain/subscription-periods.js';
import { FieldError } from '../errors.js';
import { type Desk, residentSide, staffDesk, todayInParis } from '../queries/desk.js';

export type SubscribeInput = { planId: string; idempotencyKey: string };

// A subscription starts with the month it is taken in: changes take effect at a period boundary.
const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

async function insert(tx: Tx, actor: Actor, desk: Desk, card: HouseholdCard, input: SubscribeInput, via: 'online' | 'counter'): Promise<string> {
  const plan = await tx.selectFrom('concierge_plans').select('id').where('id', '=', input.planId).where('desk_id', '=', desk.id).where('active', '=', true).executeTakeFirst();
  if (!plan) throw new FieldError('planId', 'concierge.error.plan');
  const covered = await tx.selectFrom('concierge_coverage').select('residence_id').where('desk_id', '=', desk.id).where('residence_id', '=', card.residenceId).executeTakeFirst();
  if (!covered) throw new HttpError(404);
  const replay = await tx.selectFrom('concierge_subscriptions').select('id').where('organisation_id', '=', desk.organisation_id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
  if (replay) return replay.id as string;
  const open = await tx
    .selectFrom('concierge_subscriptions')
    .select('id')
    .where('desk_id', '=', desk.id)
    .where('household_id', '=', card.householdId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (open) throw new FieldError('planId', 'concierge.error.alreadySubscribed', 409);
  // A household whose cancelled subscription runs to the end of a month starts again the month after: never two fees at once.
  const today = todayInParis();
  const ending = await tx
    .selectFrom('concierge_subscriptions')
    .select(sql<string>`max(ends_on)::text`.as('ends_on'))
    .where('desk_id', '=', desk.id)
    .where('household_id', '=', card.householdId)
    .where('ends_on', '>=', today)
    .executeTakeFirst();
  const startsOn = ending?.ends_on ? nextMonthStart(ending.ends_on) : monthStart(today);
  const row = await tx
    .insertInto('concierge_subscriptions')
    .values({
      organisation_id: desk.organisation_id,
      landlord_id: card.landlordId,
      desk_id: desk.id,
      household_id: card.householdId,
      plan_id: input.planId,
      household_name: card.name,
      dwelling_reference: card.dwellingReference,
      residence_id: card.residenceId,
      channel: card.channel,
      starts_on: startsOn,
      created_via: via,
      created_by: actor.userId,
      // Online, the resident (or staff acting for them) is the household's contact for notices.
      contact_user_id: via === 'online' ? (actor.actingFor?.userId ?? actor.userId) : null,
      idempotency_key: input.idempotencyKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('concierge_subscription_events')
    .values({ organisation_id: desk.organisation_id, landlord_id: card.landlordId, subscription_id: row.id, event: 'subscribe', effective_on: startsOn, by_user_id: actor.userId, by_side: via === 'online' ? 'resident' : 'concierge' })
    .execute();
  await audit(tx, {
    action: 'concierge.subscription.created',
    actor,
    targetType: 'concierge_subscription',
    targetId: row.id as string,
    details: { via, planId: input.planId },
  });
  return row.id as string;
}

/** A resident subscribes online (or staff of their landlord, acting for them); written in the landlord's context. */
export async function subscribeOnline(db: Db, actor: Actor, input: SubscribeInput): Promise<string> {
  if (authorize(actor, 'concierge.use') !== 'allow') throw new HttpError(403);
  const side = await residentSide(db, actor);
  if (!side?.desk) throw new HttpError(404);
  const desk = side.desk;
  return withTenant(db, { orgId: side.landlordId }, (tx) => insert(tx, actor, desk, side.card, input, 'online'));
}

/** The concierge subscribes a resident at the counter, from the reference on their rent receipt. */
export async function subscribeAtCounter(db: Db, actor: Actor, input: SubscribeInput & { landlordId: string; householdReference: string }): Promise<string> {
  if (authorize(actor, 'concierge.staff') !== 'allow') throw new HttpError(403);
  const desk = await staffDesk(db, actor);
  if (!desk) throw new HttpError(404);
  const card = await householdCardForPartner(db, desk.organisation_id, input.landlordId, input.householdReference);
  if (!card) throw new FieldError('householdReference', 'concierge.error.household');
  return withTenant(db, { orgId: desk.organisation_id }, (tx) => insert(tx, actor, desk, card, input, 'counter'));
}
