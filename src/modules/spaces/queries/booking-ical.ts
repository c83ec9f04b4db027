import ical from 'ical-generator';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { SpacesError } from '../errors.js';
import { householdOf } from './resident-spaces.js';

/** What a calendar event of a booking shows: the place and time, never who else is there. */
export type IcsBooking = { id: string; status: string; created_at: Date; space: string; description: string; resource: string; start: Date; end: Date };

/** Bookings as an iCalendar file (RFC 5545): one event each, cancelled ones marked so a calendar drops them. */
export function bookingsIcs(rows: IcsBooking[], locale: string, title: (space: string) => string, name?: string): string {
  const cal = ical({ prodId: { company: 'Palier', product: 'spaces', language: locale.toUpperCase() }, name: name ?? rows[0]?.space ?? 'Palier' });
  for (const b of rows) {
    cal.createEvent({
      id: `${b.id}@palier`,
      start: b.start,
      end: b.end,
      stamp: b.created_at,
      summary: title(b.space),
      description: `${b.resource} — ${b.description}`,
      location: b.space,
      status: (['cancelled', 'refused', 'no_show', 'expired'].includes(b.status) ? 'CANCELLED' : b.status === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE') as never,
    });
  }
  return cal.toString();
}

/** One of the household's bookings as an iCalendar file, to add to a phone's calendar. */
export async function bookingIcal(db: Db, actor: Actor, bookingId: string, title: (space: string) => string): Promise<string> {
  const household = householdOf(actor);
  if (!actor.orgId || !household || !/^[0-9a-f-]{36}$/i.test(bookingId)) throw new SpacesError(404, 'error.404.title');
  const b = await withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx
      .selectFrom('space_bookings as b')
      .innerJoin('spaces as s', 's.id', 'b.space_id')
      .innerJoin('space_resources as r', 'r.id', 'b.resource_id')
      .select(['b.id', 'b.status', 'b.created_at', 's.name as space', 's.description', 'r.name as resource', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
      .where('b.id', '=', bookingId)
      .where('b.household_id', '=', household)
      .executeTakeFirst(),
  );
  if (!b) throw new SpacesError(404, 'error.404.title');
  return bookingsIcs([b as IcsBooking], actor.locale, title);
}
