import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { type Pause, type SubscriptionState, stateOn } from '../domain/subscription-periods.js';
import { todayInParis } from './desk.js';

export type SubscriptionEvent = { event: string; effective_on: string; by_side: string; at: Date };
export type SubscriptionPanel = {
  id: string;
  plan_fr: string;
  plan_en: string;
  starts_on: string;
  ends_on: string | null;
  status: 'active' | 'cancelled';
  pauses: Pause[];
  state: SubscriptionState;
  events: SubscriptionEvent[];
};

/** The pauses that count (withdrawn ones stay in the table and the history, not here), latest first. */
export async function pausesOf(tx: Tx, subscriptionId: string): Promise<Pause[]> {
  return (await tx
    .selectFrom('concierge_subscription_pauses')
    .select(['id', sql<string>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on')])
    .where('subscription_id', '=', subscriptionId)
    .where('withdrawn_at', 'is', null)
    .orderBy('starts_on', 'desc')
    .execute()) as Pause[];
}

/** What the subscription page shows: plan, dates, where it stands today, and its whole history. */
export async function subscriptionPanel(tx: Tx, subscriptionId: string): Promise<SubscriptionPanel | null> {
  const sub = await tx
    .selectFrom('concierge_subscriptions as s')
    .innerJoin('concierge_plans as p', 'p.id', 's.plan_id')
    .select(['s.id', 'p.name_fr as plan_fr', 'p.name_en as plan_en', sql<string>`s.starts_on::text`.as('starts_on'), sql<string | null>`s.ends_on::text`.as('ends_on'), 's.status'])
    .where('s.id', '=', subscriptionId)
    .executeTakeFirst();
  if (!sub) return null;
  const pauses = await pausesOf(tx, subscriptionId);
  const events = (await tx
    .selectFrom('concierge_subscription_events')
    .select(['event', sql<string>`effective_on::text`.as('effective_on'), 'by_side', 'at'])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id')
    .execute()) as SubscriptionEvent[];
  const facts = sub as Omit<SubscriptionPanel, 'pauses' | 'state' | 'events'>;
  return { ...facts, pauses, events, state: stateOn(facts, pauses, todayInParis()) };
}

/** Is the subscription paused today? Orders wait until it resumes. */
export async function pausedToday(tx: Tx, subscriptionId: string): Promise<boolean> {
  const state = stateOn({ status: 'active', starts_on: '0001-01-01', ends_on: null }, await pausesOf(tx, subscriptionId), todayInParis());
  return state === 'paused';
}
