import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { MembershipRow } from '../access/load-actor.js';
import { hashSecret, newSecret } from './tokens.js';

export type SessionPolicy = { idleMinutes: number; absoluteHours: number };
export const STAFF_SESSION: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };
// A resident who asks to be remembered on their own phone stays signed in for a month of use.
export const REMEMBERED_RESIDENT_SESSION: SessionPolicy = { idleMinutes: 60 * 24 * 30, absoluteHours: 24 * 90 };

export type SessionRow = {
  token_hash: string;
  user_id: string;
  current_org_id: string | null;
  acting_for_user_id: string | null;
  mfa_passed: boolean;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  idle_minutes: number;
};

/** Creates a session and returns its secret token (the cookie value); only its hash is stored. */
export async function createSession(db: Db, userId: string, policy: SessionPolicy, opts: { organisationId: string | null; mfaPassed: boolean; userAgent?: string }): Promise<string> {
  const token = newSecret();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashSecret(token),
      user_id: userId,
      current_org_id: opts.organisationId,
      mfa_passed: opts.mfaPassed,
      idle_minutes: policy.idleMinutes,
      expires_at: sql`now() + make_interval(hours => ${policy.absoluteHours})`,
      user_agent: opts.userAgent?.slice(0, 200) ?? null,
    })
    .execute();
  return token;
}

/** A live session with its person and their memberships, as the request context needs them. */
export type SessionLookup = {
  session: SessionRow;
  user: { id: string; display_name: string; locale: string; disabled: boolean };
  memberships: MembershipRow[];
};

/**
 * The live session for a token, in one round trip (`palier_session_lookup`); expired ones (idle or
 * absolute) are deleted and give null. Activity is written at most once a minute: a write (and its
 * fsync) on every page view would cost more than the page itself, and a minute is far below the
 * idle timeout.
 */
export async function lookupSession(db: Db, token: string | undefined): Promise<SessionLookup | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await sql<{ found: SessionLookup | null }>`select palier_session_lookup(${hashSecret(token)}) as found`.execute(db);
  const found = rows[0]?.found;
  if (!found) return null;
  const s = found.session;
  return { ...found, session: { ...s, created_at: new Date(s.created_at), last_seen_at: new Date(s.last_seen_at), expires_at: new Date(s.expires_at) } };
}

export async function updateSession(db: Db, tokenHash: string, values: Partial<Pick<SessionRow, 'current_org_id' | 'acting_for_user_id' | 'mfa_passed'>>): Promise<void> {
  await db.updateTable('sessions').set(values).where('token_hash', '=', tokenHash).execute();
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(token)).execute();
}

/** Signs the person out on every device (after a password change, or on request). */
export async function destroyUserSessions(db: Db, userId: string, exceptTokenHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash) q = q.where('token_hash', '<>', exceptTokenHash);
  await q.execute();
}
