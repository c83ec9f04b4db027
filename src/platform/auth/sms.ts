import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { membershipsOf } from '../access/load-actor.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { Services } from '../http/env.js';
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

async function residentWithSms(db: Db, phone: string): Promise<{ id: string; locale: string; totp_enabled: boolean } | null> {
  const user = await db.selectFrom('users').select(['id', 'locale', 'totp_enabled']).where('phone', '=', phone).where('disabled', '=', false).executeTakeFirst();
  if (!user) return null;
  const memberships = await membershipsOf(db, user.id as string);
  if (memberships.length === 0 || memberships.some((m) => m.role !== 'resident')) return null;
  const orgs = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', memberships.map((m) => m.organisation_id))
    .where(sql<boolean>`settings->'sms' is not null and settings->'sms' <> 'false'::jsonb`)
    .execute();
  return orgs.length ? (user as { id: string; locale: string; totp_enabled: boolean }) : null;
}

/**
 * Sends a 6-digit sign-in code valid 10 minutes to a resident whose organisation offers SMS.
 * The caller answers the same whatever happens, so the page tells nothing about the number.
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
  const user = await residentWithSms(db, phone);
  if (!user) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await storeCode(db, { purpose: 'sms_signin', userId: user.id, code: secretOf(user.id, code), ttlMinutes: SMS_MINUTES });
  await audit(db, { action: 'auth.sms_code_sent', actorUserId: user.id, ip: input.ip });
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
  const live = user && /^\d{6}$/.test(code) ? await findLiveCode(db, 'sms_signin', secretOf(user.id, code)) : null;
  if (!user || !live || !(await consumeCode(db, live.codeHash))) {
    await note(db, triesKey);
    await audit(db, { action: 'auth.signin_failed', actorUserId: user?.id ?? null, ip: input.ip, details: { via: 'sms' } });
    return null;
  }
  return user;
}
