import { sql } from 'kysely';
import { dateFormat } from '../../../platform/i18n/intl-cache.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import { queueNotification } from '../../../platform/notify/index.js';
import { parisDate, parisTime } from '../domain/paris-time.js';
import { eventIcs } from '../queries/event-ical.js';

/** What happened to a registration or its activity, told to the person by their own channel. */
export type NoticeKind = 'confirmed' | 'waiting' | 'pending' | 'promoted' | 'approved' | 'approvedWaiting' | 'refused' | 'changed' | 'cancelled' | 'reminder';

// These notices carry the activity's calendar file, so a phone's calendar can take it (or drop it, once cancelled).
const WITH_CALENDAR = new Set<NoticeKind>(['confirmed', 'promoted', 'approved', 'changed', 'reminder', 'cancelled']);
const LIVE = ['confirmed', 'waiting', 'pending'];
// Also kept in the app (`/community/notifications`) for people with an account: a place given, or the activity moved or cancelled.
const IN_APP = new Set<NoticeKind>(['confirmed', 'promoted', 'approved', 'changed', 'cancelled']);

// A club meeting (a network's, for its members' staff) says "meeting", not "activity", for the notices it sends.
const CLUB_WORDING = new Set<NoticeKind>(['confirmed', 'waiting', 'promoted', 'changed', 'cancelled', 'reminder']);

type Recipient = { id: string; organisation_id: string; guest_org_id: string | null; staff_org_id: string | null; user_id: string | null; email: string | null; phone: string | null; language: string | null; guest: boolean };

/**
 * Queues one notice per registration of an event (by default everyone registered, waiting or
 * asking; or the given registrations), in the caller's transaction, so the notice exists exactly
 * when the change commits. An account is reached through its own settings, a guest through the
 * contact they gave.
 * Returns how many notices were queued. The text holds the activity's public facts only.
 */
export async function noticeToRegistrants(tx: Tx, opts: { eventId: string; kind: NoticeKind; registrationIds?: string[]; reason?: string; cancelUrl?: string }): Promise<number> {
  if (opts.registrationIds?.length === 0) return 0;
  const event = await tx
    .selectFrom('community_events as e')
    .leftJoin('common_places as p', 'p.id', 'e.place_id')
    .select(['e.id', 'e.title', 'e.description', 'e.starts_at', 'e.ends_at', 'e.address', 'p.name as place', 'e.cancelled_at', 'e.network_audience'])
    .where('e.id', '=', opts.eventId)
    .executeTakeFirstOrThrow();
  // A household registered at the desk is reached through one of its members' accounts when it has
  // one, else through the household's own e-mail or phone (the phone only when it asked for SMS).
  let q = tx
    .selectFrom('community_registrations as r')
    .leftJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.organisation_id', 'r.guest_org_id', 'r.staff_org_id', 'h.preferred_language as language'])
    .select(
      sql<string | null>`coalesce(r.user_id, (select m.user_id from memberships m where m.household_id = r.household_id and m.role = 'resident' order by m.user_id limit 1))`.as('user_id'),
    )
    .select(sql<string | null>`case when h.channel = 'sms' then null else coalesce(h.email, case when r.guest_contact like '%@%' then r.guest_contact end) end`.as('email'))
    .select(sql<string | null>`coalesce(h.phone, case when r.guest_contact not like '%@%' then r.guest_contact end)`.as('phone'))
    .select(sql<boolean>`r.guest_name is not null`.as('guest'))
    .where('r.event_id', '=', opts.eventId);
  q = opts.registrationIds ? q.where('r.id', 'in', opts.registrationIds) : q.where('r.status', 'in', LIVE);
  const people = (await q.execute()) as Recipient[];
  const where = [event.place, event.address].filter(Boolean).join(' — ');
  const ics = WITH_CALENDAR.has(opts.kind) ? eventIcs(event as never, 'fr') : null;
  const club = event.network_audience === true && CLUB_WORDING.has(opts.kind);
  const key = (part: string) => `community.${club ? 'clubNotice' : 'notice'}.${opts.kind}.${part}`;
  for (const p of people) {
    // A neighbour (another landlord's resident), or a member landlord's staff at a club meeting, is
    // told in their own landlord's context: the notice, which holds their address, is a row of their
    // landlord, never of the organiser's.
    const home = p.guest_org_id ?? p.staff_org_id;
    if (home) await sql`select set_config('app.org_id', ${home}, true)`.execute(tx);
    await queueNotification(tx, {
      organisationId: home ?? p.organisation_id,
      userId: p.user_id,
      email: p.email,
      phone: p.phone,
      locale: p.language === 'en' ? 'en' : 'fr',
      message: (t) => {
        const when = whenText(t, event.starts_at as Date, event.ends_at as Date);
        const values = { title: event.title as string, when, where, reason: opts.reason ?? '' };
        const lines = [t(key('text'), values), `${t('community.notice.when')} ${when}`, `${t('community.notice.where')} ${where}`];
        if (opts.cancelUrl && p.guest) lines.push('', t('community.notice.cancelLink', { url: opts.cancelUrl }));
        return {
          subject: t(key('subject'), values),
          text: lines.join('\n'),
          sms: `${t(key('subject'), values)} — ${when}${opts.cancelUrl && p.guest ? ` ${opts.cancelUrl}` : ''}`,
          attachments: ics ? [{ filename: club ? 'reunion.ics' : 'activite.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }] : undefined,
        };
      },
    });
    // In "Mes avis" too, as a row of the same landlord as the notice: a neighbour's or a club member's
    // names the organiser (`event_org_id`: the other landlord, or the network).
    if (p.user_id && IN_APP.has(opts.kind))
      await tx
        .insertInto('community_notifications')
        .values({
          organisation_id: home ?? p.organisation_id,
          event_org_id: home ? p.organisation_id : null,
          user_id: p.user_id,
          kind: opts.kind,
          event_id: event.id,
          event_title: event.title,
          event_starts_at: event.starts_at,
          event_place: where || null,
          reason: opts.kind === 'cancelled' ? (opts.reason ?? null) : null,
        })
        .execute();
    if (home) await sql`select set_config('app.org_id', ${p.organisation_id}, true)`.execute(tx);
  }
  return people.length;
}

/** "samedi 12 décembre 2026, 17:30 – 19:00" in the recipient's language, Paris time. */
function whenText(t: Translate, start: Date, end: Date): string {
  const locale = t('community.notice.locale') === 'en' ? 'en' : ('fr' as Locale);
  const f = formatters(locale);
  const weekday = dateFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', timeZone: 'Europe/Paris' }).format(start);
  const endText = parisDate(start) === parisDate(end) ? parisTime(end) : f.dateTime(end);
  return `${weekday} ${f.date(start)}, ${parisTime(start)} – ${endText}`;
}
