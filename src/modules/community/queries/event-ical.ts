import ical from 'ical-generator';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { eventDetail } from './events.js';

type IcsEvent = { id: string; title: string; description: string; starts_at: Date; ends_at: Date; place: string | null; address: string | null; cancelled_at: Date | null };

/** An event as an iCalendar file (RFC 5545); the same UID each time, so a calendar updates it in place. */
export function eventIcs(e: IcsEvent, locale: string): string {
  const cal = ical({
    prodId: { company: 'Palier', product: 'community', language: locale.toUpperCase() },
    name: e.title,
    timezone: 'Europe/Paris',
  });
  cal.createEvent({
    id: `${e.id}@palier-community`,
    start: e.starts_at,
    end: e.ends_at,
    summary: e.title,
    description: e.description,
    location: [e.place, e.address].filter(Boolean).join(' — '),
    status: (e.cancelled_at ? 'CANCELLED' : 'CONFIRMED') as never,
  });
  return cal.toString();
}

/** One event as an iCalendar file, for a phone's calendar; the same visibility as its page. */
export async function eventIcal(db: Db, actor: Actor, id: string): Promise<string> {
  return eventIcs(await eventDetail(db, actor, id), actor.locale);
}
