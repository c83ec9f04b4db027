import ical from 'ical-generator';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { SpacesError } from '../errors.js';
import { householdOf } from './resident-spaces.js';

/** One of the household's bookings as an iCalendar file (RFC 5545), to add to a phone's calendar. */
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
  const cal = ical({ prodId: { company: 'Palier', product: 'spaces', language: actor.locale.toUpperCase() }, name: b.space });
  cal.createEvent({
    id: `${b.id}@palier`,
    start: b.start,
    end: b.end,
    stamp: b.created_at,
    summary: title(b.space),
    description: `${b.resource} — ${b.description}`,
    location: b.space,
    status: b.status === 'cancelled' || b.status === 'refused' ? ('CANCELLED' as never) : b.status === 'pending' ? ('TENTATIVE' as never) : ('CONFIRMED' as never),
  });
  return cal.toString();
}
