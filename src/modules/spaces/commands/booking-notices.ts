import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import type { Locale } from '../../../platform/i18n/index.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { bookingsIcs, type IcsBooking } from '../queries/booking-ical.js';
import { instantLabel, whenLabel } from '../views/format.js';
import { noticeStewardsOfRequests } from './steward-notices.js';

/** What happened to a household's booking(s), told by its own channel. */
export type BookingNotice = 'confirmed' | 'requested' | 'approved' | 'refused' | 'cancelled' | 'offered' | 'noShow' | 'reminder';

const WITH_CALENDAR = new Set<BookingNotice>(['confirmed', 'approved', 'cancelled', 'offered', 'reminder', 'refused']);

type Row = IcsBooking & { household_id: string; organisation_id: string; user_id: string | null; email: string | null; phone: string | null; language: string; decision_reason: string | null; offer_expires_at: Date | null };

/**
 * Queues one notice per household for the given bookings (a series is one notice listing its dates),
 * in the caller's transaction, so it exists exactly when the change commits. A household is reached
 * through a member's account when it has one, else through its own e-mail or phone. The text holds
 * the place and times only, and the bookings' calendar file when it helps. Returns the notices queued.
 */
export async function noticeForBookings(tx: Tx, kind: BookingNotice, bookingIds: string[]): Promise<number> {
  if (bookingIds.length === 0) return 0;
  const rows = (await tx
    .selectFrom('space_bookings as b')
    .innerJoin('spaces as s', 's.id', 'b.space_id')
    .innerJoin('space_resources as r', 'r.id', 'b.resource_id')
    .innerJoin('households as h', 'h.id', 'b.household_id')
    .select(['b.id', 'b.status', 'b.created_at', 'b.household_id', 'b.organisation_id', 'b.decision_reason', 'b.offer_expires_at', 's.name as space', 's.description', 'r.name as resource', 'h.preferred_language as language'])
    .select([sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
    .select(sql<string | null>`(select m.user_id from memberships m where m.household_id = b.household_id and m.role = 'resident' order by m.user_id limit 1)`.as('user_id'))
    .select(sql<string | null>`case when h.channel = 'sms' then null else h.email end`.as('email'))
    .select('h.phone')
    .where('b.id', 'in', bookingIds)
    .orderBy(sql`lower(b.during)`)
    .execute()) as Row[];
  const byHousehold = new Map<string, Row[]>();
  for (const r of rows) byHousehold.set(r.household_id, [...(byHousehold.get(r.household_id) ?? []), r]);
  for (const list of byHousehold.values()) {
    const first = list[0];
    await queueNotification(tx, {
      organisationId: first.organisation_id,
      userId: first.user_id,
      email: first.email,
      phone: first.phone,
      locale: first.language === 'en' ? 'en' : 'fr',
      message: (t) => {
        const locale: Locale = t('spaces.notice.locale') === 'en' ? 'en' : 'fr';
        const whens = list.map((b) => whenLabel(b.start, b.end, locale));
        const values = { space: first.space, when: whens[0], count: list.length, reason: first.decision_reason ?? '', until: first.offer_expires_at ? instantLabel(first.offer_expires_at, locale) : '' };
        const subject = t(`spaces.notice.${kind}.subject`, values);
        const text = [t(`spaces.notice.${kind}.text`, values), '', ...whens.map((w) => `• ${w} — ${first.resource}`), '', t('spaces.notice.manage')].join('\n');
        return {
          subject,
          text,
          sms: `${subject} — ${whens.slice(0, 3).join(' ; ')}${whens.length > 3 ? '…' : ''}`,
          attachments: WITH_CALENDAR.has(kind) ? [{ filename: 'reservation.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: bookingsIcs(list, locale, (space) => t('spaces.ics.summary', { space })) }] : undefined,
        };
      },
    });
  }
  // A request of a room run collegially also goes to the room's stewards.
  if (kind === 'requested') await noticeStewardsOfRequests(tx, bookingIds);
  return byHousehold.size;
}
