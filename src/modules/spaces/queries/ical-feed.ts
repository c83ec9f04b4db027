import ical from 'ical-generator';
import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { listClosures, listResources, notOverBefore, type Space } from '../db/spaces-db.js';
import { rulesOf } from '../domain/resource-rules.js';
import { bookingsIcs, type IcsBooking } from './booking-ical.js';

const LIVE = ['pending', 'confirmed'] as const;

/** Intervals where at least `units` bookings overlap: when a resource has no unit left. */
export function fullIntervals(bookings: { start: Date; end: Date }[], units: number): { start: Date; end: Date }[] {
  const edges = bookings.flatMap((b) => [
    { at: b.start.getTime(), d: 1 },
    { at: b.end.getTime(), d: -1 },
  ]);
  // Ends before starts at the same instant: back-to-back bookings do not overlap.
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  const out: { start: Date; end: Date }[] = [];
  let n = 0;
  let from = 0;
  for (const e of edges) {
    const before = n;
    n += e.d;
    if (before < units && n >= units) from = e.at;
    if (before >= units && n < units && e.at > from) {
      const last = out[out.length - 1];
      if (last && last.end.getTime() === from) last.end = new Date(e.at);
      else out.push({ start: new Date(from), end: new Date(e.at) });
    }
  }
  return out;
}

export type BusyText = { name: string; busy: (resource: string) => string; closed: (what: string, reason: string) => string; wholeSpace: string; locale: string };

/**
 * A space's busy times as a calendar (RFC 5545, UTC times): one event per span where a resource has no
 * unit left — never who booked, nor how many — and one per closure staff set (the whole space or a
 * resource, with the reason residents see on the board). From a week ago to the furthest booking
 * horizon of its resources (90 days at most).
 */
export async function spaceBusyIcs(tx: Tx, space: Space, now: Date, text: BusyText): Promise<string> {
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const resources = await listResources(tx, space.id);
  const horizon = Math.max(space.rules.horizonDays, ...resources.map((r) => rulesOf(space, r).horizonDays));
  const to = new Date(now.getTime() + Math.min(horizon + 1, 90) * 86_400_000);
  const [closures, rows] = await Promise.all([
    listClosures(tx, space.id, from, to),
    tx
      .selectFrom('space_bookings')
      .select(['resource_id', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
      .where('space_id', '=', space.id)
      .where(notOverBefore(from))
      .where('status', 'in', LIVE)
      .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
      .execute(),
  ]);
  const cal = ical({ prodId: { company: 'Palier', product: 'spaces-busy', language: text.locale.toUpperCase() }, name: text.name });
  cal.ttl(3600);
  for (const r of resources) {
    for (const span of fullIntervals(rows.filter((b) => b.resource_id === r.id), r.units)) {
      // A stable UID per resource and start: a calendar updates the block in place when it grows.
      cal.createEvent({ id: `${r.id}-${span.start.getTime()}@palier-spaces-busy`, start: span.start, end: span.end, stamp: now, summary: text.busy(r.name), location: space.name });
    }
  }
  for (const c of closures) {
    const what = c.resourceId ? (resources.find((r) => r.id === c.resourceId)?.name ?? null) : text.wholeSpace;
    // A closure of a retired resource closes nothing anyone can book.
    if (what === null) continue;
    cal.createEvent({ id: `${c.id}@palier-spaces-closure`, start: c.start, end: c.end, stamp: now, summary: text.closed(what, c.reason), location: space.name });
  }
  return cal.toString();
}

/** A household's bookings from a month ago on, as one calendar to subscribe to (cancelled ones marked so calendars drop them). */
export async function householdBookingsIcs(tx: Tx, householdId: string, now: Date, locale: string, title: (space: string) => string, name: string): Promise<string> {
  const rows = await tx
    .selectFrom('space_bookings as b')
    .innerJoin('spaces as s', 's.id', 'b.space_id')
    .innerJoin('space_resources as r', 'r.id', 'b.resource_id')
    .select(['b.id', 'b.status', 'b.created_at', 's.name as space', 's.description', 'r.name as resource', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
    .where('b.household_id', '=', householdId)
    .where(sql<boolean>`upper(b.during) > ${new Date(now.getTime() - 30 * 86_400_000)}`)
    .orderBy(sql`lower(b.during)`)
    .limit(500)
    .execute();
  return bookingsIcs(rows as IcsBooking[], locale, title, name);
}
