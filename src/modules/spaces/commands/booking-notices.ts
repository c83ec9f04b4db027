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

type Booking = IcsBooking & { household_id: string; organisation_id: string; guest_org_id: string | null; decision_reason: string | null; offer_expires_at: Date | null };

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
    .select(['b.id', 'b.status', 'b.created_at', 'b.household_id', 'b.organisation_id', 'b.guest_org_id', 'b.decision_reason', 'b.offer_expires_at', 's.name as space', 's.description', 'r.name as resource'])
    .select([sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
    .where('b.id', 'in', bookingIds)
    .orderBy(sql`lower(b.during)`)
    .execute()) as Booking[];
  const byHousehold = new Map<string, Booking[]>();
  for (const r of rows) byHousehold.set(r.household_id, [...(byHousehold.get(r.household_id) ?? []), r]);
  // A neighbour's booking (docs/decisions/neighbourhoods.md) is the space's landlord's row, but the
  // household and its contact are its own landlord's: the notice is read and queued in that landlord's
  // context, in this same transaction, so it still exists exactly when the change commits.
  const own = [...byHousehold.values()].filter((l) => !l[0].guest_org_id);
  await queueFor(tx, kind, own);
  const guests = new Map<string, Booking[][]>();
  for (const l of byHousehold.values()) if (l[0].guest_org_id) guests.set(l[0].guest_org_id, [...(guests.get(l[0].guest_org_id) ?? []), l]);
  for (const [guestOrgId, lists] of guests) await inTenantContext(tx, guestOrgId, () => queueFor(tx, kind, lists, guestOrgId));
  // A request of a room run collegially also goes to the room's stewards.
  if (kind === 'requested') await noticeStewardsOfRequests(tx, bookingIds);
  return byHousehold.size;
}

/** Runs `fn` with row-level security set to another organisation, then puts the caller's back (same transaction). */
async function inTenantContext<T>(tx: Tx, orgId: string, fn: () => Promise<T>): Promise<T> {
  const before = await sql<{ org: string | null }>`select current_setting('app.org_id', true) as org`.execute(tx);
  await sql`select set_config('app.org_id', ${orgId}, true)`.execute(tx);
  try {
    return await fn();
  } finally {
    await sql`select set_config('app.org_id', ${before.rows[0]?.org ?? ''}, true)`.execute(tx);
  }
}

/** Queues one notice per household's list of bookings; contacts are read in the current context (the household's landlord's). */
async function queueFor(tx: Tx, kind: BookingNotice, lists: Booking[][], guestOrgId?: string): Promise<void> {
  if (lists.length === 0) return;
  const contacts = await tx
    .selectFrom('households as h')
    .select(['h.id', 'h.preferred_language as language', 'h.phone'])
    .select(sql<string | null>`(select m.user_id from memberships m where m.household_id = h.id and m.role = 'resident' order by m.user_id limit 1)`.as('user_id'))
    .select(sql<string | null>`case when h.channel = 'sms' then null else h.email end`.as('email'))
    .where(
      'h.id',
      'in',
      lists.map((l) => l[0].household_id),
    )
    .execute();
  const contactOf = new Map(contacts.map((c) => [c.id as string, c]));
  for (const list of lists) {
    const first = list[0];
    const contact = contactOf.get(first.household_id);
    if (!contact) continue;
    await queueNotification(tx, {
      organisationId: guestOrgId ?? first.organisation_id,
      userId: contact.user_id,
      email: contact.email,
      phone: contact.phone,
      locale: contact.language === 'en' ? 'en' : 'fr',
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
}
