import ical from 'ical-generator';
import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { listResources, type Space } from '../db/spaces-db.js';
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

/**
 * A space's busy times as a calendar (RFC 5545, UTC times): one event per span where a resource has no
 * unit left — never who booked, nor how many. From a week ago to the booking horizon (90 days at most).
 */
export async function spaceBusyIcs(tx: Tx, space: Space, now: Date, text: { name: string; busy: (resource: string) => string; locale: string }): Promise<string> {
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const to = new Date(now.getTime() + Math.min(space.rules.horizonDays + 1, 90) * 86_400_000);
  const [resources, rows] = await Promise.all([
    listResources(tx, space.id),
    tx
      .selectFrom('space_bookings')
      .select(['resource_id', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
      .where('space_id', '=', space.id)
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
