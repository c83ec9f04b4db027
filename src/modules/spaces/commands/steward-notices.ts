import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import type { Locale } from '../../../platform/i18n/index.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { whenLabel } from '../views/format.js';

/**
 * Tells the stewards of a room that requests wait for their decision, each by their own account's channel,
 * in the caller's transaction. The notice names the room and the times only, never the requester.
 */
export async function noticeStewardsOfRequests(tx: Tx, bookingIds: string[]): Promise<number> {
  if (bookingIds.length === 0) return 0;
  const bookings = await tx
    .selectFrom('space_bookings as b')
    .innerJoin('spaces as s', 's.id', 'b.space_id')
    .select(['b.space_id', 'b.organisation_id', 's.name', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
    .where('b.id', 'in', bookingIds)
    .where('b.status', '=', 'pending')
    .orderBy(sql`lower(b.during)`)
    .execute();
  if (bookings.length === 0) return 0;
  const first = bookings[0];
  const stewards = await tx.selectFrom('space_stewards').select('user_id').where('space_id', '=', first.space_id).execute();
  for (const s of stewards) {
    await queueNotification(tx, {
      organisationId: first.organisation_id,
      userId: s.user_id,
      message: (t) => {
        const locale: Locale = t('spaces.notice.locale') === 'en' ? 'en' : 'fr';
        const whens = bookings.map((b) => whenLabel(b.start, b.end, locale));
        const subject = t('spaces.steward.notice.subject', { space: first.name });
        return { subject, text: [t('spaces.steward.notice.text', { space: first.name, count: whens.length }), '', ...whens.map((w) => `• ${w}`), '', t('spaces.steward.notice.where')].join('\n'), sms: `${subject} — ${whens.slice(0, 2).join(' ; ')}` };
      },
    });
  }
  return stewards.length;
}
