import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { personOf } from '../policy.js';

export type ActivityNotification = {
  id: string;
  read_at: Date | null;
  kind: 'confirmed' | 'promoted' | 'approved' | 'changed' | 'cancelled';
  event_id: string;
  title: string;
  starts_at: Date;
  /** Where, as in the e-mail (place — address); null on rows written before it was copied. */
  place: string | null;
  reason: string | null;
  created_at: Date;
  /** The organiser, on another organisation's event: a landlord (as a neighbour) or a network (club meeting). */
  landlord: string | null;
  /** A network's club meeting (docs/decisions/network-meetings.md), whose page is the member's, not /community's. */
  club: boolean;
};

/**
 * The person's in-app notifications about their registrations (a place given, the activity moved or
 * cancelled), newest first: rows of their own landlord carrying the activity's public facts of the
 * time (commands/notices.ts), so nothing of another landlord or of a network is read (only the
 * organiser's name and kind, from the shared `organisations`). Reading changes nothing.
 */
export async function myActivityNotifications(db: Db, actor: Actor): Promise<ActivityNotification[]> {
  const rows = await withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx
      .selectFrom('community_notifications as n')
      .leftJoin('organisations as o', 'o.id', 'n.event_org_id')
      .select(['n.id', 'n.read_at', 'n.kind', 'n.event_id', 'n.event_title as title', 'n.event_starts_at as starts_at', 'n.event_place as place', 'n.reason', 'n.created_at', 'o.name as landlord'])
      .select(sql<boolean>`coalesce(o.kind = 'network', false)`.as('club'))
      .where('n.user_id', '=', personOf(actor))
      .where('n.kind', 'is not', null)
      .orderBy('n.created_at', 'desc')
      .limit(50)
      .execute(),
  );
  return rows as ActivityNotification[];
}
