import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { authorize } from '../access/authorize.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { type Tx, withTenant } from '../db/tenant.js';
import { HttpError } from '../http/errors.js';
import type { FieldErrors } from '../ui/form.js';
import { isDay } from './deadline.js';

export const AUDIT_PERMISSION = 'privacy.audit';
export const AUDIT_PAGE = 50;
/** An export is the filtered view, capped so one click cannot pull the whole log. */
export const AUDIT_EXPORT_MAX = 10_000;

/** `accesses` (the default): reads, views, downloads and exports — who looked at what. `all`: every event. */
export type AuditFilter = { person: string; staff: string; from: string; to: string; action: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z0-9_.]{1,80}$/;
const ACCESS = '(read|viewed|list|download|export|pdf)';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Reads the filters from a query string; bad dates and an inverted range are field errors, never a 500. */
export function parseAuditFilter(q: Record<string, string | undefined>): { filter: AuditFilter; errors: FieldErrors } {
  const filter: AuditFilter = {
    person: str(q.person).slice(0, 80),
    staff: str(q.staff),
    from: str(q.from),
    to: str(q.to),
    action: str(q.action) || 'accesses',
  };
  const errors: FieldErrors = {};
  if (filter.from && !isDay(filter.from)) errors.from = 'privacy.error.day';
  if (filter.to && !isDay(filter.to)) errors.to = 'privacy.error.day';
  if (!errors.from && !errors.to && filter.from && filter.to && filter.from > filter.to) errors.to = 'privacy.audit.error.order';
  if (filter.staff && !UUID.test(filter.staff)) errors.staff = 'form.invalid';
  if (!ACTION.test(filter.action)) errors.action = 'form.invalid';
  return { filter, errors };
}

export type ReviewRow = {
  id: string;
  at: Date;
  action: string;
  actor_name: string | null;
  acting_for_name: string | null;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown> | null;
};

function allowed(actor: Actor): string {
  if (authorize(actor, AUDIT_PERMISSION) !== 'allow' || !actor.orgId) throw new HttpError(403);
  return actor.orgId;
}

function query(tx: Tx, f: AuditFilter) {
  let q = tx
    .selectFrom('audit_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_user_id')
    .leftJoin('users as b', 'b.id', 'e.acting_for_user_id')
    .select(['e.id', 'e.at', 'e.action', 'a.display_name as actor_name', 'b.display_name as acting_for_name', 'e.target_type', 'e.target_id', 'e.details']);
  if (f.person) {
    // The reference itself (an id pasted from elsewhere), or the household and cases the reference names.
    q = q.where(sql<boolean>`(e.target_id = ${f.person} or (e.target_type, e.target_id) in (select t.target_type, t.target_id from privacy_audit_targets(${f.person}) t))`);
  }
  if (f.staff) q = q.where((eb) => eb.or([eb('e.actor_user_id', '=', f.staff), eb('e.acting_for_user_id', '=', f.staff)]));
  if (f.from) q = q.where('e.at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone 'Europe/Paris'`);
  if (f.to) q = q.where('e.at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone 'Europe/Paris'`);
  if (f.action === 'accesses') q = q.where(sql<boolean>`e.action ~ ${ACCESS}`);
  else if (f.action !== 'all') q = q.where('e.action', '=', f.action);
  return q.orderBy('e.at', 'desc').orderBy('e.id', 'desc');
}

/** One page of the organisation's events (RLS: its own rows only), newest first; the read is itself audited. */
export async function reviewAudit(db: Db, actor: Actor, f: AuditFilter, page: number): Promise<{ rows: ReviewRow[]; more: boolean }> {
  const org = allowed(actor);
  const rows = (await withTenant(db, { orgId: org }, (tx) =>
    query(tx, f)
      .limit(AUDIT_PAGE + 1)
      .offset((page - 1) * AUDIT_PAGE)
      .execute(),
  )) as unknown as ReviewRow[];
  const shown = rows.slice(0, AUDIT_PAGE);
  await audit(db, { action: 'privacy.audit.read', actor, targetType: 'audit_events', details: { filter: f, page, rows: shown.length } });
  return { rows: shown, more: rows.length > AUDIT_PAGE };
}

/** The whole filtered view (up to AUDIT_EXPORT_MAX rows) for the CSV export; audited as an export. */
export async function exportAudit(db: Db, actor: Actor, f: AuditFilter): Promise<ReviewRow[]> {
  const org = allowed(actor);
  const rows = (await withTenant(db, { orgId: org }, (tx) => query(tx, f).limit(AUDIT_EXPORT_MAX).execute())) as unknown as ReviewRow[];
  await audit(db, { action: 'privacy.audit.export', actor, targetType: 'audit_events', details: { filter: f, rows: rows.length } });
  return rows;
}

/** The people who appear as actors in the organisation's log, for the staff filter. */
export async function auditActors(db: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
  const org = allowed(actor);
  return withTenant(db, { orgId: org }, async (tx) => {
    const r = await sql<{ id: string; name: string }>`select u.id, u.display_name as name from users u
      where u.id in (select distinct e.actor_user_id from audit_events e where e.actor_user_id is not null)
      order by u.display_name limit 500`.execute(tx);
    return r.rows;
  });
}

/** The distinct actions of the organisation's log, for the action filter. */
export async function auditActions(db: Db, actor: Actor): Promise<string[]> {
  const org = allowed(actor);
  return withTenant(db, { orgId: org }, async (tx) => {
    const r = await sql<{ action: string }>`select distinct action from audit_events order by action limit 300`.execute(tx);
    return r.rows.map((x) => x.action);
  });
}

/** Details as short "key: value" text (the log never holds a secret or a sensitive field). */
export function detailsText(d: Record<string, unknown> | null): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}
