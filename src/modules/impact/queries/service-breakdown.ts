import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { conciergeRequestsByService, type ServiceRequests } from '../../concierge/index.js';
import { type Period, parisMidnight } from '../domain/period.js';

/** Breakdowns kept a minute, as the dashboard is: a landlord's year is some 150,000 requests to group. */
const kept = new Map<string, { at: number; rows: ServiceRequests[] }>();
const KEEP_MS = 60_000;
const KEPT = 64;

/**
 * The concierge requests of the period by service and status, for the residences in view (one, or the
 * actor's, or all) — the breakdown beside the dashboard's indicators. Counts of requests, not of people.
 */
export async function serviceBreakdown(db: Db, actor: Actor, period: Period, residenceId: string | null): Promise<ServiceRequests[]> {
  const orgId = actor.orgId as string;
  const scope = residenceId ? [residenceId] : actor.residenceIds;
  const key = [orgId, period.from, period.to, scope?.join(',') ?? '*'].join('|');
  const hit = kept.get(key);
  if (hit && hit.at > Date.now() - KEEP_MS) return hit.rows;
  const rows = await withTenant(db, { orgId }, (tx) => conciergeRequestsByService(tx, parisMidnight(period.from), parisMidnight(period.to), scope, orgId));
  kept.delete(key);
  kept.set(key, { at: Date.now(), rows });
  if (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
  return rows;
}
