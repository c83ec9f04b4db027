import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import type { Db } from '../db/database.js';
import type { Tx } from '../db/tenant.js';

export type AuditEvent = {
  action: string;
  organisationId?: string | null;
  actor?: Actor | null;
  actorUserId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  /** Never put a secret or a sensitive field here: the log is read by administrators. */
  details?: Record<string, unknown>;
};

/** Appends one event. Inside a transaction, the event lands or vanishes with the change it records. */
export async function audit(db: Db | Tx, e: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      organisation_id: e.organisationId ?? e.actor?.orgId ?? null,
      actor_user_id: e.actorUserId ?? e.actor?.userId ?? null,
      acting_for_user_id: e.actor?.actingFor?.userId ?? null,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      ip: e.ip ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

export type AuditRow = {
  id: number;
  at: Date;
  action: string;
  actor_name: string | null;
  acting_for_name: string | null;
  target_type: string | null;
  target_id: string | null;
};

/** The organisation's events, newest first, optionally filtered by action prefix; RLS limits them to the tenant. */
export async function listAudit(tx: Tx, filter: { action?: string; limit: number; offset: number }): Promise<AuditRow[]> {
  let q = tx
    .selectFrom('audit_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_user_id')
    .leftJoin('users as f', 'f.id', 'e.acting_for_user_id')
    .select(['e.id', 'e.at', 'e.action', 'a.display_name as actor_name', 'f.display_name as acting_for_name', 'e.target_type', 'e.target_id'])
    .orderBy('e.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset);
  if (filter.action) q = q.where('e.action', 'like', sql<string>`${`${filter.action}%`}`);
  return (await q.execute()) as AuditRow[];
}
