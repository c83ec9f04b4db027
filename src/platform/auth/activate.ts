import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { FieldErrors } from '../ui/form.js';
import { isPhone, normalisePhone } from './activation.js';
import { consumeCode, findLiveCode } from './one-time-codes.js';
import { checkPassword, hashPassword } from './passwords.js';
import { storeNewPassword } from './passwords-set.js';
import { note, tooMany } from './throttle.js';
import { normaliseHumanCode } from './tokens.js';

// A code has ~59 bits; this only stops someone trying codes by the thousand from one address.
const MAX_TRIES_PER_IP = 10;
const WINDOW_MINUTES = 15;

export type Activation = { userId: string; displayName: string; hasIdentifier: boolean; phone: string | null };

/** The account a typed activation code opens, or why not ('activation.invalid' / 'signin.throttled'). */
export async function checkActivationCode(db: Db, typed: string, ip: string | null): Promise<Activation | 'activation.invalid' | 'signin.throttled'> {
  const key = `activate-ip:${ip ?? 'unknown'}`;
  if (await tooMany(db, key, MAX_TRIES_PER_IP, WINDOW_MINUTES)) return 'signin.throttled';
  const live = await findLiveCode(db, 'activation', normaliseHumanCode(typed));
  if (!live) {
    await note(db, key);
    await audit(db, { action: 'auth.activation_failed', ip });
    return 'activation.invalid';
  }
  const user = await db.selectFrom('users').select(['id', 'display_name', 'email', 'phone']).where('id', '=', live.userId).executeTakeFirstOrThrow();
  return { userId: live.userId, displayName: user.display_name as string, hasIdentifier: Boolean(user.email || user.phone), phone: (user.phone as string) ?? null };
}

export type ActivateInput = { code: string; password: string; phone: string; ip: string | null };

/**
 * Sets the resident's password through their code, which is then used up. A resident with neither
 * e-mail nor phone gives a phone number here, since they need something to sign in with.
 */
export type ActivateResult = { ok: true; userId: string } | { ok: false; errors: FieldErrors };

export async function activateAccount(db: Db, input: ActivateInput): Promise<ActivateResult> {
  const found = await checkActivationCode(db, input.code, input.ip);
  if (typeof found === 'string') return { ok: false, errors: { form: found } };
  const errors: FieldErrors = {};
  const phone = input.phone ? normalisePhone(input.phone) : '';
  if (!found.hasIdentifier && !phone) errors.phone = 'form.required';
  else if (phone && !isPhone(phone)) errors.phone = 'activation.phoneInvalid';
  const problem = checkPassword(input.password);
  if (problem) errors.password = problem;
  if (Object.keys(errors).length) return { ok: false, errors };
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx): Promise<ActivateResult> => {
    const live = await findLiveCode(tx, 'activation', normaliseHumanCode(input.code));
    if (!live) return { ok: false, errors: { form: 'activation.invalid' } };
    // Checked before the code is used up, so a taken number costs the resident nothing.
    if (phone && !found.hasIdentifier) {
      const taken = await tx.selectFrom('users').select('id').where('phone', '=', phone).where('id', '<>', live.userId).executeTakeFirst();
      if (taken) return { ok: false, errors: { phone: 'activation.phoneTaken' } };
    }
    if (!(await consumeCode(tx, live.codeHash))) return { ok: false, errors: { form: 'activation.invalid' } };
    if (phone && !found.hasIdentifier) await tx.updateTable('users').set({ phone }).where('id', '=', live.userId).execute();
    await storeNewPassword(tx, live.userId, passwordHash);
    await audit(tx, { action: 'auth.account_activated', actorUserId: live.userId, ip: input.ip });
    return { ok: true, userId: live.userId };
  });
}

