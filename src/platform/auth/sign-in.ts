import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { audit } from '../audit/audit.js';
import { membershipsOf } from '../access/load-actor.js';
import type { Role } from '../access/roles.js';
import { verifyPassword } from './passwords.js';
import { createSession, REMEMBERED_RESIDENT_SESSION, STAFF_SESSION, type SessionPolicy } from './sessions.js';
import { clearFailures, isThrottled, recordFailure } from './throttle.js';

export type SignInResult =
  | { ok: true; token: string; needsMfa: boolean }
  | { ok: false; reason: 'signin.failed' | 'signin.throttled' };

type UserRow = { id: string; password_hash: string | null; totp_enabled: boolean; disabled: boolean };

export async function findUserByIdentifier(db: Db, identifier: string): Promise<UserRow | undefined> {
  const id = identifier.trim();
  const phone = id.replace(/[\s.-]/g, '');
  return (await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'totp_enabled', 'disabled'])
    .where((w) => (id.includes('@') ? w(sql`lower(email)`, '=', id.toLowerCase()) : w('phone', '=', phone)))
    .executeTakeFirst()) as UserRow | undefined;
}

/**
 * Checks the password, with throttling per account and per address, and opens a fresh session
 * (a new token at each sign-in, so a planted session id is worthless).
 */
export async function signIn(
  db: Db,
  input: { identifier: string; password: string; remember: boolean; ip: string | null; userAgent?: string },
): Promise<SignInResult> {
  if (await isThrottled(db, input.identifier, input.ip)) {
    await audit(db, { action: 'auth.signin_throttled', ip: input.ip });
    return { ok: false, reason: 'signin.throttled' };
  }
  const user = await findUserByIdentifier(db, input.identifier);
  const good = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !good || user.disabled) {
    await recordFailure(db, input.identifier, input.ip);
    await audit(db, { action: 'auth.signin_failed', actorUserId: user?.id ?? null, ip: input.ip });
    return { ok: false, reason: 'signin.failed' };
  }
  await clearFailures(db, input.identifier);
  return openSession(db, user, { remember: input.remember, ip: input.ip, userAgent: input.userAgent, via: 'password' });
}

/**
 * Opens a fresh session once the person has proved who they are (password, activation code, SMS code):
 * residents who ask are remembered; whoever enrolled a second factor still has to give a code.
 */
export async function openSession(
  db: Db,
  user: { id: string; totp_enabled: boolean },
  input: { remember: boolean; ip: string | null; userAgent?: string; via: 'password' | 'activation' | 'sms' },
): Promise<{ ok: true; token: string; needsMfa: boolean }> {
  const memberships = await membershipsOf(db, user.id);
  const roles = memberships.map((m) => m.role as Role);
  const residentOnly = roles.length > 0 && roles.every((r) => r === 'resident');
  const policy: SessionPolicy = residentOnly && input.remember ? REMEMBERED_RESIDENT_SESSION : STAFF_SESSION;
  // Staff who must have a second factor but have none yet get in with what they gave, and the
  // enrolment middleware keeps them on /account/mfa until they have one.
  const needsMfa = user.totp_enabled;
  const organisationId = memberships[0]?.organisation_id ?? null;
  const token = await createSession(db, user.id, policy, { organisationId, mfaPassed: !needsMfa, userAgent: input.userAgent });
  await audit(db, { action: 'auth.signin', actorUserId: user.id, organisationId, ip: input.ip, details: input.via === 'password' ? {} : { via: input.via } });
  return { ok: true, token, needsMfa };
}
