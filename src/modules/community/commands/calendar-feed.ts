import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import { feedOwner, liveFeedSince, renewFeed, stopFeed } from '../../../platform/calendar/feed-tokens.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ensure } from '../errors.js';
import { asResident, householdOf, P, personOf } from '../policy.js';
import { feedIcs, type IcsEvent } from '../queries/event-ical.js';
import { neighbourRegistrationRefs } from '../queries/neighbour-events.js';

const LIVE = ['confirmed', 'waiting', 'pending'] as const;

export type MyActivity = IcsEvent & {
  registration: string;
  registration_id: string;
  /** The organising landlord, only on another landlord's activity (as a neighbour). */
  landlord?: string;
  /** On another landlord's activity: false once the household no longer lives in its neighbourhood (its page is then closed to it). */
  reachable?: boolean;
};

function activityRows(tx: Tx) {
  return tx
    .selectFrom('community_registrations as r')
    .innerJoin('community_events as e', 'e.id', 'r.event_id')
    .leftJoin('common_places as p', 'p.id', 'e.place_id')
    .select(['e.id', 'e.title', 'e.description', 'e.starts_at', 'e.ends_at', 'p.name as place', 'e.address', 'e.cancelled_at', 'r.status as registration', 'r.id as registration_id'])
    .where('r.status', 'in', LIVE);
}

/**
 * The activities a person registered for (their own registration or their household's), live
 * registrations only, from `since` on, in date order. Call inside withTenant.
 */
export async function activitiesOf(tx: Tx, person: { userId: string; householdId: string | null }, since: Date): Promise<MyActivity[]> {
  return (await activityRows(tx)
    .where('e.ends_at', '>', since)
    .where((w) => (person.householdId ? w.or([w('r.user_id', '=', person.userId), w('r.household_id', '=', person.householdId)]) : w('r.user_id', '=', person.userId)))
    .orderBy('e.starts_at')
    .limit(500)
    .execute()) as MyActivity[];
}

/**
 * The household's registrations to other landlords' activities: found in its own landlord's context by
 * its household id (queries/neighbour-events.ts, kept after a move out of the neighbourhood), then each
 * activity read in its organiser's context, limited to those registrations of this household naming
 * this landlord. The organiser's rows are read as the organiser's.
 */
export async function neighbourActivitiesOf(db: Db, orgId: string, householdId: string | null, since: Date): Promise<MyActivity[]> {
  if (!householdId) return [];
  const refs = await neighbourRegistrationRefs(db, orgId, householdId, { endsAfter: since, statuses: LIVE });
  const reachable = new Map(refs.map((r) => [r.id, r.reachable]));
  const byOrg = new Map<string, typeof refs>();
  for (const r of refs) byOrg.set(r.organisationId, [...(byOrg.get(r.organisationId) ?? []), r]);
  const out: MyActivity[] = [];
  for (const [organiser, list] of byOrg) {
    const rows = await withTenant(db, { orgId: organiser }, (tx) =>
      activityRows(tx)
        .where(
          'r.id',
          'in',
          list.map((r) => r.id),
        )
        .where('r.household_id', '=', householdId)
        .where('r.guest_org_id', '=', orgId)
        .where('e.ends_at', '>', since)
        .execute(),
    );
    for (const row of rows as MyActivity[]) out.push({ ...row, landlord: list[0].landlord, reachable: reachable.get(row.registration_id) ?? false });
  }
  return out;
}

/** The landlord's own activities and, as a neighbour, other landlords', in date order. */
function merged(own: MyActivity[], theirs: MyActivity[]): MyActivity[] {
  return theirs.length ? [...own, ...theirs].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime()) : own;
}

/** Whether the person has a live feed, and since when (the address itself is never kept). */
export async function feedStatus(db: Db, actor: Actor): Promise<{ since: Date } | null> {
  ensure(authorize(actor, P.read));
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const since = await liveFeedSince(tx, 'community_calendar_feeds', personOf(actor));
    return since ? { since } : null;
  });
}

/** Makes the person's secret address, stopping the previous one; returns the secret, shown once. */
export async function createFeed(db: Db, actor: Actor): Promise<string> {
  ensure(authorize(actor, P.read));
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const made = await renewFeed(tx, 'community_calendar_feeds', actor.orgId as string, personOf(actor));
    await audit(tx, { action: 'community.calendar_feed.create', actor, targetType: 'community_calendar_feed', targetId: made.id, details: { replaced: made.replaced } });
    return made.token;
  });
}

/** Stops the person's feed: the address answers 404 from now on. */
export async function revokeFeed(db: Db, actor: Actor): Promise<boolean> {
  ensure(authorize(actor, P.read));
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const ids = await stopFeed(tx, 'community_calendar_feeds', personOf(actor));
    for (const id of ids) await audit(tx, { action: 'community.calendar_feed.revoke', actor, targetType: 'community_calendar_feed', targetId: id });
    return ids.length > 0;
  });
}

/**
 * The calendar behind a secret address, read without a session (calendar apps have none): null when
 * the address is unknown, stopped, or its person no longer belongs to the landlord. The household is
 * read from the person's membership now, so a move or a departure is followed. Reading changes nothing.
 */
export async function feedCalendar(db: Db, orgId: string, token: string, opts: { name: string; locale: string }): Promise<string | null> {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const own = await withTenant(db, { orgId }, async (tx) => {
    const userId = await feedOwner(tx, 'community_calendar_feeds', token);
    if (!userId) return null;
    const memberships = await tx.selectFrom('memberships').select('household_id').where('user_id', '=', userId).execute();
    if (memberships.length === 0) return null;
    const householdId = (memberships.find((m) => m.household_id)?.household_id as string | undefined) ?? null;
    return { householdId, events: await activitiesOf(tx, { userId, householdId }, since) };
  });
  if (!own) return null;
  // The household's registrations to neighbouring landlords' activities, by the same neighbour view as its pages.
  const theirs = await neighbourActivitiesOf(db, orgId, own.householdId, since);
  return feedIcs(opts.name, merged(own.events, theirs), opts.locale);
}

/** The person's own activities for their page (upcoming ones), through the same query as the feed. */
export async function myActivities(db: Db, actor: Actor): Promise<MyActivity[]> {
  ensure(authorize(actor, P.read));
  const since = new Date();
  const own = await withTenant(db, { orgId: actor.orgId }, (tx) => activitiesOf(tx, { userId: personOf(actor), householdId: householdOf(actor) }, since));
  const theirs = asResident(actor) && actor.orgId ? await neighbourActivitiesOf(db, actor.orgId, householdOf(actor), since) : [];
  return merged(own, theirs);
}
