import type { Tx } from '../../../platform/db/tenant.js';
import { futureHeld } from '../db/config-db.js';
import { findSpace, listHours, listResources } from '../db/spaces-db.js';
import { hoursOf, rulesOf } from '../domain/resource-rules.js';
import { type RuleMisfit, ruleMisfit } from '../domain/rule-fit.js';

export type Misfit = { id: string; start: Date; end: Date; resourceId: string; misfit: RuleMisfit };

/**
 * The bookings still ahead of a space that its current rules would not allow (hours, duration, a
 * resource or seat removed). They are kept as they are; this lists them for the manager and the board.
 */
export async function misfitBookings(tx: Tx, spaceId: string, now: Date): Promise<Misfit[]> {
  const space = await findSpace(tx, spaceId);
  if (!space) return [];
  const [hours, resources, rows] = await Promise.all([listHours(tx, spaceId), listResources(tx, spaceId), futureHeld(tx, spaceId, now)]);
  const out: Misfit[] = [];
  for (const r of rows) {
    const resource = resources.find((x) => x.id === r.resource_id);
    const misfit = ruleMisfit(rulesOf(space, resource), hoursOf(hours, resource), resource, { unit: r.unit, start: r.start, end: r.end });
    if (misfit) out.push({ id: r.id, start: r.start, end: r.end, resourceId: r.resource_id, misfit });
  }
  return out;
}
