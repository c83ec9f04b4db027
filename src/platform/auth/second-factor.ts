import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { audit } from '../audit/audit.js';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, verifyTotp } from './totp.js';

/** Checks a TOTP code or consumes one recovery code. */
export async function checkSecondFactor(db: Db, userId: string, code: string): Promise<boolean> {
  const user = await db.selectFrom('users').select(['totp_secret', 'totp_enabled']).where('id', '=', userId).executeTakeFirst();
  if (user?.totp_enabled && user.totp_secret && verifyTotp(user.totp_secret, code)) return true;
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', recoveryCodeHash(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) === 1) {
    await audit(db, { action: 'auth.recovery_code_used', actorUserId: userId });
    return true;
  }
  return false;
}

/** Starts enrolment: stores a pending secret that only counts once a code from it is confirmed. */
export async function beginTotp(db: Db, userId: string): Promise<string> {
  const secret = newTotpSecret();
  await db.updateTable('users').set({ totp_secret: secret, totp_enabled: false }).where('id', '=', userId).execute();
  return secret;
}

/** Confirms enrolment with a first code; returns the recovery codes to show once, or null if the code is wrong. */
export async function confirmTotp(db: Db, userId: string, code: string): Promise<string[] | null> {
  const user = await db.selectFrom('users').select(['totp_secret']).where('id', '=', userId).executeTakeFirst();
  if (!user?.totp_secret || !verifyTotp(user.totp_secret, code)) return null;
  const { codes, hashes } = newRecoveryCodes();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: true }).where('id', '=', userId).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await tx.insertInto('recovery_codes').values(hashes.map((h) => ({ user_id: userId, code_hash: h }))).execute();
    await audit(tx, { action: 'auth.mfa_enabled', actorUserId: userId });
  });
  return codes;
}
