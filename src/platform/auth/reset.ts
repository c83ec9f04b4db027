import { sql } from 'kysely';
import type { Services } from '../http/env.js';
import { audit } from '../audit/audit.js';
import { loggableError } from '../http/loggable-error.js';
import { translator } from '../i18n/index.js';
import { consumeCode, findLiveCode, storeCode } from './one-time-codes.js';
import { checkPassword, hashPassword, type PasswordProblem } from './passwords.js';
import { storeNewPassword } from './passwords-set.js';
import { note, tooMany } from './throttle.js';
import { newSecret } from './tokens.js';

export const RESET_MINUTES = 60;
// Enough for someone who mistypes or waits for a slow mail, too few to flood a mailbox.
const MAX_PER_ACCOUNT_HOUR = 3;
const MAX_PER_IP_HOUR = 20;

/**
 * Sends a single-use link to choose a new password, if an active account has this address.
 * The caller answers the same whatever happens here, and as soon: what depends on the account (looking it up,
 * storing the link, the audit row, the mail) runs after the answer, so the response time does not tell whether
 * the account exists either. Only the throttling, the same for every address, is done before.
 */
export async function requestPasswordReset(services: Services, input: { email: string; ip: string | null }): Promise<void> {
  const { db } = services.database;
  const email = input.email.trim().toLowerCase();
  const accountKey = `reset:${email}`;
  const ipKey = `reset-ip:${input.ip ?? 'unknown'}`;
  if ((await tooMany(db, accountKey, MAX_PER_ACCOUNT_HOUR, 60)) || (await tooMany(db, ipKey, MAX_PER_IP_HOUR, 60))) {
    await audit(db, { action: 'auth.password_reset_throttled', ip: input.ip });
    return;
  }
  await note(db, accountKey);
  await note(db, ipKey);
  void sendResetLink(services, email, input.ip).catch((e) => services.log.error({ err: loggableError(e) }, 'reset link not sent'));
}

async function sendResetLink(services: Services, email: string, ip: string | null): Promise<void> {
  const { db } = services.database;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where(sql`lower(email)`, '=', email)
    .where('disabled', '=', false)
    .executeTakeFirst();
  if (!user?.email) return;
  const token = newSecret();
  await storeCode(db, { purpose: 'reset', userId: user.id as string, code: token, ttlMinutes: RESET_MINUTES });
  await audit(db, { action: 'auth.password_reset_requested', actorUserId: user.id as string, ip });
  const t = translator(user.locale === 'en' ? 'en' : 'fr');
  const link = `${services.config.publicUrl.replace(/\/$/, '')}/reset/${token}`;
  await services.mailer
    .send({ to: user.email as string, subject: t('reset.mailSubject'), text: t('reset.mailBody', { link }) })
    .catch((e: Error) => services.log.error({ err: { message: e.message } }, 'reset mail not sent'));
}

/** Whether a reset link is still good (unused, unexpired, password and e-mail unchanged). */
export async function resetLinkIsLive(services: Services, token: string): Promise<boolean> {
  return (await findLiveCode(services.database.db, 'reset', token)) !== null;
}

export type ResetResult = { ok: true } | { ok: false; problem: PasswordProblem | 'reset.invalid' };

/** Sets the new password through a live link, uses the link up, and ends all the person's sessions. */
export async function resetPassword(services: Services, input: { token: string; password: string; ip: string | null }): Promise<ResetResult> {
  const { db } = services.database;
  const problem = checkPassword(input.password);
  if (problem) return { ok: false, problem };
  const live = await findLiveCode(db, 'reset', input.token);
  if (!live) return { ok: false, problem: 'reset.invalid' };
  const passwordHash = await hashPassword(input.password);
  const done = await db.transaction().execute(async (tx) => {
    // Checked again inside the transaction: the password or e-mail may have changed meanwhile.
    const still = await findLiveCode(tx, 'reset', input.token);
    if (!still || !(await consumeCode(tx, still.codeHash))) return false;
    await storeNewPassword(tx, live.userId, passwordHash);
    await audit(tx, { action: 'auth.password_reset', actorUserId: live.userId, ip: input.ip });
    return true;
  });
  return done ? { ok: true } : { ok: false, problem: 'reset.invalid' };
}
