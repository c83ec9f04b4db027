import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { MFA_REQUIRED_ROLES } from '../access/roles.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { checkSecondFactor } from './second-factor.js';
import { newRecoveryCodes, verifyTotp } from './totp.js';

export type MfaState = { enabled: boolean; pendingSecret: string | null; recoveryLeft: number };

export async function mfaState(db: Db, userId: string): Promise<MfaState> {
  const user = await db.selectFrom('users').select(['totp_enabled', 'totp_secret']).where('id', '=', userId).executeTakeFirstOrThrow();
  const left = await db.selectFrom('recovery_codes').select(sql<number>`count(*)`.as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return { enabled: Boolean(user.totp_enabled), pendingSecret: user.totp_enabled ? null : ((user.totp_secret as string | null) ?? null), recoveryLeft: Number(left.n) };
}

/** Whether this person must keep a second factor (their role reaches sensitive programmes), in production. */
export function mfaRequired(actor: Actor, production: boolean): boolean {
  return production && actor.roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}

/** Turns the second factor off with a current code (or a recovery code); refused to those who must keep it. */
export async function disableTotp(db: Db, actor: Actor, code: string, production: boolean): Promise<'ok' | 'mfa.failed' | 'mfa.setup.mustKeep'> {
  if (mfaRequired(actor, production)) return 'mfa.setup.mustKeep';
  if (!(await checkSecondFactor(db, actor.userId, code))) {
    await audit(db, { action: 'auth.mfa_failed', actor });
    return 'mfa.failed';
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: false, totp_secret: null }).where('id', '=', actor.userId).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
    await audit(tx, { action: 'auth.mfa_disabled', actor });
  });
  return 'ok';
}

/** Replaces the recovery codes (the old ones die) after a current code from the app; null if the code is wrong. */
export async function regenerateRecoveryCodes(db: Db, actor: Actor, code: string): Promise<string[] | null> {
  const user = await db.selectFrom('users').select(['totp_secret', 'totp_enabled']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!user.totp_enabled || !user.totp_secret || !verifyTotp(user.totp_secret as string, code)) {
    await audit(db, { action: 'auth.mfa_failed', actor });
    return null;
  }
  const { codes, hashes } = newRecoveryCodes();
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
    await tx.insertInto('recovery_codes').values(hashes.map((h) => ({ user_id: actor.userId, code_hash: h }))).execute();
    await audit(tx, { action: 'auth.recovery_codes_regenerated', actor });
  });
  return codes;
}
