import type { Tx } from '../../../platform/db/tenant.js';
import { listHours, listResources, listSpaces, type Space } from '../db/spaces-db.js';
import { addDays, type LocalDate } from '../domain/paris-time.js';
import { hoursOf, rulesOf } from '../domain/resource-rules.js';
import { openingsOn } from '../domain/rules.js';

/** What a space could offer over a period: its places times the hours each was open. */
export type SpaceCapacity = { spaceId: string; residenceId: string; kind: string; placeHours: number };

/**
 * The open place-hours of one space over the local dates [from, to): for each active resource, its own
 * opening hours (else the space's) on each day, public holidays as its rules say, times its places.
 * Staff closures are not subtracted: a day closed for works is capacity the residents lost.
 */
export async function spaceCapacity(tx: Tx, space: Space, from: LocalDate, to: LocalDate): Promise<SpaceCapacity> {
  const [hours, resources] = await Promise.all([listHours(tx, space.id), listResources(tx, space.id)]);
  let placeMinutes = 0;
  for (const r of resources) {
    const rules = rulesOf(space, r);
    const own = hoursOf(hours, r);
    for (let d = from; d < to; d = addDays(d, 1)) for (const h of openingsOn(rules, own, d)) placeMinutes += (h.closes - h.opens) * r.units;
  }
  return { spaceId: space.id, residenceId: space.residenceId, kind: space.kind, placeHours: placeMinutes / 60 };
}

/** The open place-hours of every space of the given kinds (switched-off ones included: their bookings still count). Call inside withTenant. */
export async function spaceCapacities(tx: Tx, from: LocalDate, to: LocalDate, kinds: string[]): Promise<SpaceCapacity[]> {
  const spaces = (await listSpaces(tx)).filter((s) => kinds.includes(s.kind));
  const out: SpaceCapacity[] = [];
  for (const s of spaces) out.push(await spaceCapacity(tx, s, from, to));
  return out;
}
