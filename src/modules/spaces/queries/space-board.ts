import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { householdsOfResidence, type ResidenceHousehold } from '../../directory/index.js';
import { type ActivityHold, activityHolds } from '../db/activity-holds-db.js';
import { listClosures, listHours, listResources, notOverBefore, type Resource, type Space } from '../db/spaces-db.js';
import { hoursOf, rulesOf } from '../domain/resource-rules.js';
import { type RuleMisfit, ruleMisfit } from '../domain/rule-fit.js';
import { addDays, type LocalDate, parisInstant } from '../domain/paris-time.js';

export type BoardBooking = { id: string; resourceId: string; unit: number; householdId: string; householdName: string | null; start: Date; end: Date; status: string; purpose: string; assisted: boolean; inClosure: boolean; checkedIn: boolean; misfit: RuleMisfit | null; seriesId: string | null };
export type Board = { resources: Resource[]; bookings: BoardBooking[]; closures: { id: string; resourceId: string | null; start: Date; end: Date; reason: string }[]; households: ResidenceHousehold[]; holds: ActivityHold[] };

/** Whether a kept booking still fits its resource's rules (the resource's own, else the space's). */
function misfitOf(space: Space, hours: Awaited<ReturnType<typeof listHours>>, resource: Resource | undefined, r: { unit: number; start: Date; end: Date }): RuleMisfit | null {
  return ruleMisfit(rulesOf(space, resource), hoursOf(hours, resource), resource, { unit: r.unit, start: r.start, end: r.end });
}

/**
 * A space's day for the staff: every booking (cancelled ones too, so the day reads true), the
 * closures, the community activities holding a resource (not bookings: no household, shown so the
 * desk sees why the room is taken), and the households of the residence for booking at the counter. A booking that a later
 * closure covers, or that the rules changed since no longer allow, is flagged rather than removed.
 */
export async function spaceBoard(tx: Tx, space: Space, date: LocalDate): Promise<Board> {
  const from = parisInstant(date, 0);
  const to = parisInstant(addDays(date, 1), 0);
  const [resources, hours, closures, households, holds, rows] = await Promise.all([
    listResources(tx, space.id),
    listHours(tx, space.id),
    listClosures(tx, space.id, from, to),
    householdsOfResidence(tx, space.residenceId),
    activityHolds(tx, space.id, from, to),
    tx
      .selectFrom('space_bookings')
      .select(['id', 'resource_id', 'unit', 'household_id', 'status', 'purpose', 'assisted', 'checked_in_at', 'series_id', 'guest_name', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
      // A neighbour (another landlord's resident, docs/decisions/neighbourhoods.md): their name and landlord, never their home.
      .select(sql<string | null>`(select o.name from organisations o where o.id = space_bookings.guest_org_id)`.as('guest_landlord'))
      .where('space_id', '=', space.id)
      .where(notOverBefore(from))
      .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
      .orderBy(sql`lower(during)`)
      .orderBy('unit')
      .execute(),
  ]);
  const names = new Map(households.map((h) => [h.id, h.name]));
  const bookings = rows.map((r) => ({
    id: r.id,
    resourceId: r.resource_id,
    unit: r.unit,
    householdId: r.household_id,
    householdName: names.get(r.household_id) ?? (r.guest_name ? `${r.guest_name} — ${r.guest_landlord}` : null),
    start: r.start,
    end: r.end,
    status: r.status,
    purpose: r.purpose,
    assisted: r.assisted,
    checkedIn: r.checked_in_at !== null,
    seriesId: r.series_id,
    // A booking kept through a change of rules or resources that would not allow it now.
    misfit: r.status === 'confirmed' || r.status === 'pending' || r.status === 'offered' ? misfitOf(space, hours, resources.find((x) => x.id === r.resource_id), r) : null,
    inClosure: (r.status === 'confirmed' || r.status === 'pending') && closures.some((c) => (c.resourceId === null || c.resourceId === r.resource_id) && c.start < r.end && r.start < c.end),
  }));
  return { resources, bookings, closures, households, holds };
}
