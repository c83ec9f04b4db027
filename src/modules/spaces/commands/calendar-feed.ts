import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import { feedOwner, liveFeedSince, renewFeed, stopFeed } from '../../../platform/calendar/feed-tokens.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { requirePermission } from '../policy.js';
import { householdBookingsIcs } from '../queries/ical-feed.js';

const TABLE = 'space_calendar_feeds';

// The feed is the person's (the one signed in, not a household a staff member assists): it follows
// their household as their membership says when the calendar reads it.
const personOf = (actor: Actor) => actor.userId as string;

/** Since when the person's private feed is live, or null. */
export async function spacesFeedStatus(db: Db, actor: Actor): Promise<Date | null> {
  const orgId = requirePermission(actor, 'spaces.resident');
  return withTenant(db, { orgId }, (tx) => liveFeedSince(tx, TABLE, personOf(actor)));
}

/** Makes the person's secret feed address (stopping the previous one); the secret is returned once. */
export async function createSpacesFeed(db: Db, actor: Actor): Promise<string> {
  const orgId = requirePermission(actor, 'spaces.resident');
  return withTenant(db, { orgId }, async (tx) => {
    const made = await renewFeed(tx, TABLE, orgId, personOf(actor));
    await audit(tx, { action: 'spaces.calendar_feed.create', actor, targetType: 'space_calendar_feed', targetId: made.id, details: { replaced: made.replaced } });
    return made.token;
  });
}

/** Stops the person's feed: its address answers 404 from now on. */
export async function revokeSpacesFeed(db: Db, actor: Actor): Promise<boolean> {
  const orgId = requirePermission(actor, 'spaces.resident');
  return withTenant(db, { orgId }, async (tx) => {
    const ids = await stopFeed(tx, TABLE, personOf(actor));
    for (const id of ids) await audit(tx, { action: 'spaces.calendar_feed.revoke', actor, targetType: 'space_calendar_feed', targetId: id });
    return ids.length > 0;
  });
}

/**
 * The calendar behind a secret address, read without a session: null when the address is unknown or
 * stopped, or the person no longer has a household in the organisation.
 */
export async function spacesFeedCalendar(db: Db, orgId: string, token: string, text: { locale: string; title: (space: string) => string; name: string }, now = new Date()): Promise<string | null> {
  return withTenant(db, { orgId }, async (tx) => {
    const userId = await feedOwner(tx, TABLE, token);
    if (!userId) return null;
    const m = await tx.selectFrom('memberships').select('household_id').where('user_id', '=', userId).where('household_id', 'is not', null).executeTakeFirst();
    if (!m?.household_id) return null;
    return householdBookingsIcs(tx, m.household_id as string, now, text.locale, text.title, text.name);
  });
}
