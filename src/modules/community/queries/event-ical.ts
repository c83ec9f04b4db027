import ical, { type ICalCalendar, ICalEventStatus } from 'ical-generator';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { eventDetail } from './events.js';

export type IcsEvent = { id: string; title: string; description: string; starts_at: Date; ends_at: Date; place: string | null; address: string | null; cancelled_at: Date | null };

// Times are written in UTC (…Z): valid RFC 5545 without a VTIMEZONE block, and every calendar shows
// them in the phone's own time zone. (A TZID without its VTIMEZONE, or floating times, would not be.)
function calendar(name: string, locale: string): ICalCalendar {
  return ical({ prodId: { company: 'Palier', product: 'community', language: locale.toUpperCase() }, name });
}

/** Adds one activity; the same UID each time, so a calendar updates it in place (or drops it once cancelled). */
function addEvent(cal: ICalCalendar, e: IcsEvent, status: ICalEventStatus): void {
  cal.createEvent({
    id: `${e.id}@palier-community`,
    start: e.starts_at,
    end: e.ends_at,
    summary: e.title,
    description: e.description,
    location: [e.place, e.address].filter(Boolean).join(' — '),
    status: e.cancelled_at ? ICalEventStatus.CANCELLED : status,
  });
}

/** An event as an iCalendar file (RFC 5545). */
export function eventIcs(e: IcsEvent, locale: string): string {
  const cal = calendar(e.title, locale);
  addEvent(cal, e, ICalEventStatus.CONFIRMED);
  return cal.toString();
}

/**
 * A person's activities as one calendar to subscribe to: a confirmed place is CONFIRMED, a place on
 * the waiting list or a request still to be answered TENTATIVE, a cancelled activity CANCELLED.
 */
export function feedIcs(name: string, events: (IcsEvent & { registration: string })[], locale: string): string {
  const cal = calendar(name, locale);
  // Calendar apps that honour it come back every hour (REFRESH-INTERVAL, X-PUBLISHED-TTL).
  cal.ttl(3600);
  for (const e of events) addEvent(cal, e, e.registration === 'confirmed' ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE);
  return cal.toString();
}

/** One event as an iCalendar file, for a phone's calendar; the same visibility as its page. */
export async function eventIcal(db: Db, actor: Actor, id: string): Promise<string> {
  return eventIcs(await eventDetail(db, actor, id), actor.locale);
}
