import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure } from '../errors.js';
import { P } from '../policy.js';
import { auditGuestRead } from './guest-contacts.js';

export type PendingRequest = { id: string; name: string; adults: number; children: number; created_at: Date; event_id: string; title: string; starts_at: Date; ends_at: Date; guest: boolean };

/** Requests waiting for a decision on upcoming activities of the actor's scope, oldest first. */
export async function pendingRequests(db: Db, actor: Actor): Promise<PendingRequest[]> {
  ensure(authorize(actor, P.manage));
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    let q = tx
      .selectFrom('community_registrations as r')
      .innerJoin('community_events as e', 'e.id', 'r.event_id')
      .leftJoin('households as h', 'h.id', 'r.household_id')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', sql<string>`coalesce(h.name, r.neighbour_name, u.display_name, r.guest_name)`.as('name'), 'r.adults', 'r.children', 'r.created_at', 'e.id as event_id', 'e.title', 'e.starts_at', 'e.ends_at'])
      .select(sql<boolean>`r.guest_name is not null`.as('guest'))
      .where('r.status', '=', 'pending')
      .where('e.cancelled_at', 'is', null)
      .where('e.starts_at', '>', new Date())
      .orderBy('r.queued_at')
      .limit(200);
    if (actor.residenceIds) {
      const scope = actor.residenceIds.length ? actor.residenceIds : ['00000000-0000-0000-0000-000000000000'];
      q = q.where((w) => w.or([w('e.residence_id', 'is', null), w('e.residence_id', 'in', scope)]));
    }
    const rows = (await q.execute()) as PendingRequest[];
    await auditGuestRead(
      tx,
      actor,
      rows.filter((r) => r.guest).map((r) => r.id),
      'requests',
    );
    return rows;
  });
}
