import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { type HouseholdCard, householdCardIn } from '../../directory/index.js';

export type Desk = {
  id: string;
  organisation_id: string;
  name: string;
  place: string;
  community_link: string | null;
  /** Days an unclaimed parcel waits before it goes back to its sender, and how many days before that the household is told. */
  parcel_return_days: number;
  return_notice_days: number;
  /** Days a parcel waits before the household is reminded of it (once). */
  parcel_reminder_days: number;
};
export type Subscription = {
  id: string;
  organisation_id: string;
  landlord_id: string;
  desk_id: string;
  household_id: string;
  plan_id: string;
  household_name: string;
  dwelling_reference: string;
  residence_id: string;
  starts_on: string;
  ends_on: string | null;
  status: string;
};

const DESK_COLUMNS = ['d.id', 'd.organisation_id', 'd.name', 'd.place', 'd.community_link', 'd.parcel_return_days', 'd.return_notice_days', 'd.parcel_reminder_days'] as const;

/** The desk run by the actor's organisation (staff side), or null when it runs none. */
export async function staffDesk(db: Db, actor: Actor): Promise<Desk | null> {
  if (!actor.orgId) return null;
  const orgId = actor.orgId;
  return withTenant(
    db,
    { orgId },
    async (tx) => ((await tx.selectFrom('concierge_desks as d').select(DESK_COLUMNS).where('d.organisation_id', '=', orgId).orderBy('d.created_at').executeTakeFirst()) as Desk | undefined) ?? null,
  );
}

/** Valid on a date: started, and not yet ended. */
export function validOn(date: string) {
  return sql<boolean>`starts_on <= ${date}::date AND (ends_on IS NULL OR ends_on >= ${date}::date)`;
}

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayInParis(): string {
  return PARIS_DATE.format(new Date());
}

/** The household's current subscription to a desk (cancelled ones count until their end date). */
export async function currentSubscription(tx: Tx, deskId: string, householdId: string): Promise<Subscription | null> {
  const row = await tx
    .selectFrom('concierge_subscriptions')
    .selectAll()
    .where('desk_id', '=', deskId)
    .where('household_id', '=', householdId)
    .where(validOn(todayInParis()))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return (row as Subscription | undefined) ?? null;
}

export type ResidentSide = {
  landlordId: string;
  card: HouseholdCard;
  desk: Desk | null;
  subscription: Subscription | null;
};

/**
 * A resident's view, in their landlord's context: their household card, the desk that serves their
 * residence (seen through the landlord's partnership), and their subscription to it.
 */
export async function residentSide(db: Db, actor: Actor): Promise<ResidentSide | null> {
  if (!actor.orgId || !(actor.actingFor?.householdId ?? actor.householdId)) return null;
  return withTenant(db, { orgId: actor.orgId }, (tx) => residentSideIn(tx, actor));
}

/**
 * The same, inside a transaction already in the actor's landlord's context (`withTenant(db, { orgId:
 * actor.orgId })`): a page reads the side and its own data in one transaction instead of three.
 */
export async function residentSideIn(tx: Tx, actor: Actor): Promise<ResidentSide | null> {
  const householdId = actor.actingFor?.householdId ?? actor.householdId;
  if (!actor.orgId || !householdId) return null;
  const landlordId = actor.orgId;
  const card = await householdCardIn(tx, landlordId, householdId);
  if (!card) return null;
  const desk =
    ((await tx
      .selectFrom('concierge_coverage as c')
      .innerJoin('concierge_desks as d', 'd.id', 'c.desk_id')
      .select(DESK_COLUMNS)
      .where('c.residence_id', '=', card.residenceId)
      .where('c.landlord_id', '=', landlordId)
      .executeTakeFirst()) as Desk | undefined) ?? null;
  const subscription = desk ? await currentSubscription(tx, desk.id, householdId) : null;
  return { landlordId, card, desk, subscription };
}
