import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { type AudienceRule, audienceRefusal } from '../domain/audience.js';
import { FieldError } from '../errors.js';
import { residentSide, type Subscription, staffDesk, todayInParis, validOn } from '../queries/desk.js';
import { pausedToday } from '../queries/subscription-panel.js';
import { isUuid, type OrderInput } from '../schemas.js';

async function insert(tx: Tx, actor: Actor, sub: Subscription, catalogueId: string, input: OrderInput, via: 'online' | 'counter', outcome?: { replayed?: boolean }): Promise<string> {
  const replay = await tx.selectFrom('concierge_requests').select('id').where('organisation_id', '=', sub.organisation_id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
  if (replay) {
    if (outcome) outcome.replayed = true;
    return replay.id as string;
  }
  const item = isUuid(catalogueId)
    ? await tx.selectFrom('concierge_catalogue').select(['id', 'active', 'audience', 'audience_plan_ids', 'audience_residence_ids']).where('id', '=', catalogueId).where('desk_id', '=', sub.desk_id).executeTakeFirst()
    : undefined;
  if (!item?.active) throw new FieldError('catalogueId', 'concierge.error.service');
  // Who can order it: the same rule online and at the counter (where staff-only services are allowed).
  const refusal = audienceRefusal(item as AudienceRule, { planId: sub.plan_id, residenceId: sub.residence_id }, via);
  if (refusal) throw via === 'counter' ? new FieldError('catalogueId', refusal) : new HttpError(403, refusal);
  if (input.wantedOn < todayInParis()) throw new FieldError('wantedOn', 'concierge.error.datePast');
  if (await pausedToday(tx, sub.id)) throw new HttpError(409, 'concierge.error.paused');
  const row = await tx
    .insertInto('concierge_requests')
    .values({
      organisation_id: sub.organisation_id,
      landlord_id: sub.landlord_id,
      subscription_id: sub.id,
      household_id: sub.household_id,
      catalogue_id: catalogueId,
      quantity: input.quantity,
      wanted_on: input.wantedOn,
      notes: input.notes,
      created_via: via,
      created_by: actor.userId,
      idempotency_key: input.idempotencyKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = row.id as string;
  await tx
    .insertInto('concierge_request_events')
    .values({
      organisation_id: sub.organisation_id,
      landlord_id: sub.landlord_id,
      request_id: id,
      event: 'submit',
      to_status: 'submitted',
      by_user_id: actor.userId,
      by_side: via === 'online' ? 'resident' : 'concierge',
    })
    .execute();
  await audit(tx, {
    action: 'concierge.request.submitted',
    actor,
    targetType: 'concierge_request',
    targetId: id,
    details: { via, catalogueId, quantity: input.quantity },
  });
  return id;
}

/** A subscriber asks for a service from their phone; a household without a current subscription cannot. */
export async function orderOnline(db: Db, actor: Actor, catalogueId: string, input: OrderInput): Promise<string> {
  if (authorize(actor, 'concierge.use') !== 'allow') throw new HttpError(403);
  const side = await residentSide(db, actor);
  if (!side?.desk) throw new HttpError(404);
  const sub = side.subscription;
  if (!sub) throw new HttpError(403, 'concierge.error.notSubscribed');
  return withTenant(db, { orgId: side.landlordId }, (tx) => insert(tx, actor, sub, catalogueId, input, 'online'));
}

/** The concierge takes a request at the counter for a subscriber. */
export async function orderAtCounter(db: Db, actor: Actor, subscriptionId: string, catalogueId: string, input: OrderInput, outcome?: { replayed?: boolean }): Promise<string> {
  if (authorize(actor, 'concierge.staff') !== 'allow') throw new HttpError(403);
  const desk = await staffDesk(db, actor);
  if (!desk || !isUuid(subscriptionId)) throw new HttpError(404);
  return withTenant(db, { orgId: desk.organisation_id }, async (tx) => {
    const sub = (await tx.selectFrom('concierge_subscriptions').selectAll().where('id', '=', subscriptionId).where('desk_id', '=', desk.id).executeTakeFirst()) as Subscription | undefined;
    if (!sub) throw new HttpError(404);
    const valid = await tx.selectFrom('concierge_subscriptions').select('id').where('id', '=', sub.id).where(validOn(todayInParis())).executeTakeFirst();
    if (!valid) throw new HttpError(403, 'concierge.error.notSubscribed');
    return insert(tx, actor, sub, catalogueId, input, 'counter', outcome);
  });
}
