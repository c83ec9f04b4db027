import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { type Change, type ChangeError, planCancel, planPause, planResume, type SubscriptionFacts } from '../domain/subscription-periods.js';
import { FieldError } from '../errors.js';
import { residentSide, staffDesk, todayInParis } from '../queries/desk.js';
import { pausesOf } from '../queries/subscription-panel.js';
import { isUuid } from '../schemas.js';

type Decide = (sub: SubscriptionFacts, pauses: Awaited<ReturnType<typeof pausesOf>>, today: string) => Change | { error: ChangeError };

/** The desk's staff act on any of its subscriptions (assisted mode); a resident only on their household's. */
async function contextFor(db: Db, actor: Actor, subscriptionId: string): Promise<{ orgId: string; side: 'resident' | 'concierge'; deskId: string }> {
  if (!isUuid(subscriptionId)) throw new HttpError(404);
  if (authorize(actor, 'concierge.staff') === 'allow') {
    const desk = await staffDesk(db, actor);
    if (desk) return { orgId: desk.organisation_id, side: 'concierge', deskId: desk.id };
  }
  if (authorize(actor, 'concierge.use') === 'allow') {
    const side = await residentSide(db, actor);
    if (side?.desk && side.subscription?.id === subscriptionId) return { orgId: side.landlordId, side: 'resident', deskId: side.desk.id };
    throw new HttpError(404);
  }
  // Staff of an organisation that runs no desk: nothing of theirs is here.
  throw new HttpError(authorize(actor, 'concierge.staff') === 'allow' ? 404 : 403);
}

async function apply(tx: Tx, actor: Actor, sub: { id: string; organisation_id: string; landlord_id: string }, change: Change): Promise<string> {
  const now = new Date();
  switch (change.kind) {
    case 'pause':
      await tx.insertInto('concierge_subscription_pauses').values({ organisation_id: sub.organisation_id, landlord_id: sub.landlord_id, subscription_id: sub.id, starts_on: change.startsOn, created_by: actor.userId }).execute();
      return change.startsOn;
    case 'withdraw_pause':
      await tx.updateTable('concierge_subscription_pauses').set({ withdrawn_at: now }).where('id', '=', change.pauseId).execute();
      return change.effectiveOn;
    case 'resume':
      await tx.updateTable('concierge_subscription_pauses').set({ ends_on: change.endsOn }).where('id', '=', change.pauseId).execute();
      return change.effectiveOn;
    case 'cancel':
      await tx.updateTable('concierge_subscriptions').set({ status: 'cancelled', ends_on: change.endsOn }).where('id', '=', sub.id).execute();
      return change.endsOn;
  }
}

/**
 * One change to a subscription, at a period boundary: the row is locked so two changes cannot cross,
 * the rule is the pure domain's, and each change is an event of the history and an audit entry.
 */
async function changeSubscription(db: Db, actor: Actor, subscriptionId: string, decide: Decide): Promise<Change> {
  const who = await contextFor(db, actor, subscriptionId);
  return withTenant(db, { orgId: who.orgId }, async (tx) => {
    const sub = await tx
      .selectFrom('concierge_subscriptions')
      .select(['id', 'organisation_id', 'landlord_id', 'status', sql<string>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on')])
      .where('id', '=', subscriptionId)
      .where('desk_id', '=', who.deskId)
      .forUpdate()
      .executeTakeFirst();
    if (!sub) throw new HttpError(404);
    const today = todayInParis();
    const facts: SubscriptionFacts = { status: sub.status as SubscriptionFacts['status'], starts_on: sub.starts_on, ends_on: sub.ends_on };
    if (facts.ends_on && facts.ends_on < today) throw new HttpError(409, 'concierge.error.cancelled');
    const change = decide(facts, await pausesOf(tx, sub.id as string), today);
    if ('error' in change) {
      if (change.error === 'concierge.error.endsOn') throw new FieldError('endsOn', change.error);
      throw new HttpError(409, change.error);
    }
    const ids = { id: sub.id as string, organisation_id: sub.organisation_id as string, landlord_id: sub.landlord_id as string };
    const effectiveOn = await apply(tx, actor, ids, change);
    await tx
      .insertInto('concierge_subscription_events')
      .values({ organisation_id: ids.organisation_id, landlord_id: ids.landlord_id, subscription_id: ids.id, event: change.kind, effective_on: effectiveOn, by_user_id: actor.userId, by_side: who.side })
      .execute();
    await audit(tx, { action: `concierge.subscription.${change.kind}`, actor, targetType: 'concierge_subscription', targetId: ids.id, details: { effectiveOn, side: who.side } });
    return change;
  });
}

/** Pauses from the first of next month (no fee, no orders while paused). */
export function pauseSubscription(db: Db, actor: Actor, subscriptionId: string): Promise<Change> {
  return changeSubscription(db, actor, subscriptionId, planPause);
}

/** Resumes: withdraws a pause not yet begun, or ends the pause in force with this month. */
export function resumeSubscription(db: Db, actor: Actor, subscriptionId: string): Promise<Change> {
  return changeSubscription(db, actor, subscriptionId, planResume);
}

/** Cancels at the end of a chosen month (this one or one of the next three); the history stays. */
export function cancelSubscription(db: Db, actor: Actor, subscriptionId: string, endsOn: string): Promise<Change> {
  return changeSubscription(db, actor, subscriptionId, (sub, _pauses, today) => planCancel(sub, today, endsOn));
}
