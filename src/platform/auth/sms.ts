import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { membershipsOf } from '../access/load-actor.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { Services } from '../http/env.js';
import { loggableError } from '../http/loggable-error.js';
import { translator } from '../i18n/index.js';
import { isPhone, normalisePhone } from './activation.js';
import { consumeCode, findLiveCode, storeCode } from './one-time-codes.js';
import { note, tooMany } from './throttle.js';

/** What an SMS provider offers Palier: one text to one number. */
export type SmsSender = { send: (to: string, text: string) => Promise<void> };

export class SmsUnavailable extends Error {}

/**
 * The SMS sender for this installation. Outside production the message is written to the log (code
 * included, marked 'development SMS') so the flow can be tried without a provider; production
 * never logs a code and needs a provider, which `useSmsSender` installs.
 */
export function developmentSmsSender(config: Pick<Config, 'env'>, log: Logger): SmsSender {
  return {
    send: async (to, text) => {
      if (config.env === 'production') throw new SmsUnavailable('no SMS provider configured');
      log.info({ sms: { to: `…${to.slice(-2)}`, text } }, 'development SMS (not sent: written to the log)');
    },
  };
}

let installed: SmsSender | null = null;

/** Installs the provider (an adapter to the landlord's SMS gateway) for the whole process. */
export function useSmsSender(sender: SmsSender | null): void {
  installed = sender;
}

export function senderFor(services: Services): SmsSender {
  return installed ?? developmentSmsSender(services.config, services.log);
}

export const SMS_MINUTES = 10;
const MAX_SENDS_PER_PHONE = 3;
const MAX_SENDS_PER_IP = 10;
const MAX_TRIES_PER_PHONE = 5;
const WINDOW = 15;

/** Whether any organisation offers SMS sign-in (the sign-in page shows the link only then). */
export async function smsOffered(db: Db): Promise<boolean> {
  const r = await sql<{ on: boolean }>`select exists (select 1 from organisations where settings->'sms' is not null and settings->'sms' <> 'false'::jsonb) as on`.execute(db);
  return Boolean(r.rows[0]?.on);
}

// Six digits could repeat between people, so the stored secret is the person's id with the code.
const secretOf = (userId: string, code: string) => `${userId}:${code}`;

// An id no account has: a number nobody has goes through the same queries with it (see residentWithSms).
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * The resident a number signs in by SMS, if any. Every query runs whether or not the number is someone's (with
 * NOBODY's id in place of the person's), so the time of a code check does not tell which numbers are residents'.
 */
async function residentWithSms(db: Db, phone: string): Promise<{ id: string; locale: string; totp_enabled: boolean } | null> {
  const user = await db.selectFrom('users').select(['id', 'locale', 'totp_enabled']).where('phone', '=', phone).where('disabled', '=', false).executeTakeFirst();
  const memberships = await membershipsOf(db, (user?.id as string | undefined) ?? NOBODY);
  const orgIds = memberships.map((m) => m.organisation_id);
  const orgs = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', orgIds.length ? orgIds : [NOBODY])
    .where(sql<boolean>`settings->'sms' is not null and settings->'sms' <> 'false'::jsonb`)
    .execute();
  if (!user || memberships.length === 0 || memberships.some((m) => m.role !== 'resident')) return null;
  return orgs.length ? (user as { id: string; locale: string; totp_enabled: boolean }) : null;
}

/**
 * Sends a 6-digit sign-in code valid 10 minutes to a resident whose organisation offers SMS.
 * The caller answers the same whatever happens, and as soon: what depends on the number (finding the resident,
 * storing the code, the audit row, the SMS) runs after the answer, as for reset links, so the response time does not
 * tell whether the number is a resident's either (before, it cost 34 ms more). Only the throttling is done before.
 */
export async function sendSmsCode(services: Services, input: { phone: string; ip: string | null }): Promise<void> {
  const { db } = services.database;
  if (!isPhone(input.phone)) return;
  const phone = normalisePhone(input.phone);
  const phoneKey = `sms:${phone}`;
  const ipKey = `sms-ip:${input.ip ?? 'unknown'}`;
  if ((await tooMany(db, phoneKey, MAX_SENDS_PER_PHONE, WINDOW)) || (await tooMany(db, ipKey, MAX_SENDS_PER_IP, WINDOW))) {
    await audit(db, { action: 'auth.sms_throttled', ip: input.ip });
    return;
  }
  await note(db, phoneKey);
  await note(db, ipKey);
  void deliverSmsCode(services, phone, input.ip).catch((e) => services.log.error({ err: loggableError(e) }, 'sign-in SMS not sent'));
}

async function deliverSmsCode(services: Services, phone: string, ip: string | null): Promise<void> {
  const { db } = services.database;
  const user = await residentWithSms(db, phone);
  if (!user) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await storeCode(db, { purpose: 'sms_signin', userId: user.id, code: secretOf(user.id, code), ttlMinutes: SMS_MINUTES });
  await audit(db, { action: 'auth.sms_code_sent', actorUserId: user.id, ip });
  const text = translator(user.locale === 'en' ? 'en' : 'fr')('sms.message', { code });
  senderFor(services)
    .send(phone, text)
    .catch((e: Error) => services.log.error({ err: { message: e.message } }, 'sign-in SMS not sent'));
}

/** The resident a typed SMS code signs in, using the code up; null if wrong, expired, used or tried too often. */
export async function checkSmsCode(db: Db, input: { phone: string; code: string; ip: string | null }): Promise<{ id: string; totp_enabled: boolean } | null> {
  const phone = normalisePhone(input.phone);
  const triesKey = `sms-try:${phone}`;
  if (!isPhone(phone) || (await tooMany(db, triesKey, MAX_TRIES_PER_PHONE, WINDOW))) return null;
  const user = await residentWithSms(db, phone);
  const code = input.code.replace(/\s/g, '');
  // Looked up for a number nobody has too (under NOBODY's id, which no code holds): the same queries either way.
  const live = /^\d{6}$/.test(code) ? await findLiveCode(db, 'sms_signin', secretOf(user?.id ?? NOBODY, code)) : null;
  if (!user || !live || !(await consumeCode(db, live.codeHash))) {
    await note(db, triesKey);
    await audit(db, { action: 'auth.signin_failed', actorUserId: user?.id ?? null, ip: input.ip, details: { via: 'sms' } });
    return null;
  }
  return user;
}
