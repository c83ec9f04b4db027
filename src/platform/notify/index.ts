import { SmsUnavailable, senderFor } from '../auth/sms.js';
import type { Db } from '../db/database.js';
import type { Services } from '../http/env.js';
import { type Locale, type Translate, translator } from '../i18n/index.js';
import type { MailAttachment } from '../mail/mailer.js';

/** What a notice says, written in the recipient's language. `sms` is the short form for SMS. */
export type NoticeContent = {
  subject: string;
  text: string;
  sms?: string;
  attachments?: MailAttachment[];
};

export type NoticeRequest = {
  organisationId: string;
  /** An account: its e-mail, else its phone, and its language are used. */
  userId?: string | null;
  /** Someone without an account (a guest registration): used when no userId is given. */
  email?: string | null;
  phone?: string | null;
  locale?: Locale;
  message: (t: Translate) => NoticeContent;
};

const MAX_ATTEMPTS = 5;
const SMS_LENGTH = 300;

/**
 * Queues a notice in the caller's transaction (inside `withTenant`): it exists exactly when the
 * change it announces commits, and is delivered by `deliverPendingNotifications`. Someone with no
 * e-mail and no phone gets a row marked `unreachable`, which staff see, rather than nothing.
 */
export async function queueNotification(tx: Db, request: NoticeRequest): Promise<void> {
  let email = request.email ?? null;
  let phone = request.phone ?? null;
  let locale: Locale = request.locale ?? 'fr';
  if (request.userId) {
    const user = await tx.selectFrom('users').select(['email', 'phone', 'locale', 'disabled']).where('id', '=', request.userId).executeTakeFirst();
    if (!user || user.disabled) return;
    email = user.email;
    phone = user.phone;
    locale = user.locale as Locale;
  }
  const content = request.message(translator(locale));
  const channel = email ? 'email' : phone ? 'sms' : 'none';
  await tx
    .insertInto('notifications')
    .values({
      organisation_id: request.organisationId,
      user_id: request.userId ?? null,
      channel,
      recipient: email ?? phone,
      subject: content.subject,
      body: content.text,
      sms: channel === 'sms' ? shortText(content) : null,
      attachments: JSON.stringify(channel === 'email' ? (content.attachments ?? []) : []),
      status: channel === 'none' ? 'unreachable' : 'queued',
    })
    .execute();
}

function shortText(content: NoticeContent): string {
  const text = content.sms ?? `${content.subject}. ${content.text.split('\n').find((l) => l.trim()) ?? ''}`;
  return text.length > SMS_LENGTH ? `${text.slice(0, SMS_LENGTH - 1)}…` : text;
}

type Pending = {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  sms: string | null;
  attachments: MailAttachment[];
  attempts: number;
};

/**
 * Sends the notices that are due, across organisations (a maintenance task: runs as the owner).
 * Rows are claimed with SKIP LOCKED, so two processes never send the same notice; a failure is
 * retried with a growing delay, up to five attempts. Bodies are never logged.
 */
export async function deliverPendingNotifications(services: Services, limit = 100): Promise<{ sent: number; failed: number }> {
  const owner = services.database.owner;
  const counts = { sent: 0, failed: 0 };
  const client = await owner.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<Pending>(
      `select id, channel, recipient, subject, body, sms, attachments, attempts from notifications
        where status = 'queued' and next_attempt_at <= now() order by next_attempt_at limit $1 for update skip locked`,
      [limit],
    );
    for (const n of rows) {
      try {
        if (n.channel === 'email')
          await services.mailer.send({
            to: n.recipient,
            subject: n.subject,
            text: n.body,
            attachments: n.attachments.length ? n.attachments : undefined,
          });
        else await senderFor(services).send(n.recipient, n.sms ?? n.subject);
        await client.query(`update notifications set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = $1`, [n.id]);
        counts.sent++;
      } catch (e) {
        const attempts = n.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS || e instanceof SmsUnavailable;
        await client.query(`update notifications set attempts = $2, last_error = $3, status = $4, next_attempt_at = now() + make_interval(mins => $5) where id = $1`, [
          n.id,
          attempts,
          (e as Error).message.slice(0, 200),
          giveUp ? (e instanceof SmsUnavailable ? 'unreachable' : 'failed') : 'queued',
          2 ** attempts,
        ]);
        services.log.warn(
          {
            notification: n.id,
            channel: n.channel,
            attempts,
            err: (e as Error).message,
          },
          'notification not delivered',
        );
        counts.failed++;
      }
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  return counts;
}

/** Delivered notices keep their text 30 days (the person may ask what was sent), then only the fact remains. */
export async function purgeOldNotifications(services: Services, now: Date): Promise<number> {
  const { rowCount } = await services.database.owner.query(
    `update notifications set body = '', sms = null, attachments = '[]', recipient = case when recipient is null then null else '' end
      where status <> 'queued' and created_at < $1::timestamptz - interval '30 days' and body <> ''`,
    [now.toISOString()],
  );
  return rowCount ?? 0;
}

/** A person's recent notices, for their account page and for staff helping them. */
export async function notificationsOf(tx: Db, userId: string, limit = 20) {
  return tx.selectFrom('notifications').select(['id', 'channel', 'subject', 'status', 'created_at', 'sent_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
}

let pendingKick: Promise<unknown> | null = null;

/**
 * Delivers soon after the current request, without making it wait; the every-minute job is the
 * safety net if this process stops first. Calls while a delivery runs share it.
 */
export function deliverSoon(services: Services): void {
  if (pendingKick) return;
  pendingKick = new Promise((r) => setImmediate(r))
    .then(() => deliverPendingNotifications(services))
    .catch((e) => services.log.warn({ err: (e as Error).message }, 'notification delivery failed'))
    .finally(() => {
      pendingKick = null;
    });
}
