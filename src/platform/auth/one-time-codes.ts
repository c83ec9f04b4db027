import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Tx } from '../db/tenant.js';
import { hashSecret } from './tokens.js';

export type CodePurpose = 'reset' | 'activation' | 'sms_signin';

/**
 * Stores the hash of a new single-use code for a person and revokes their older codes of the same
 * purpose, so only the last letter, link or SMS works. The code dies with a password or e-mail change.
 */
export async function storeCode(db: Db | Tx, input: { purpose: CodePurpose; userId: string; code: string; ttlMinutes: number }): Promise<Date> {
  await db
    .updateTable('one_time_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', input.userId)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .execute();
  const row = await db
    .insertInto('one_time_codes')
    .values({
      code_hash: hashSecret(input.code),
      purpose: input.purpose,
      user_id: input.userId,
      // Read in SQL, not round-tripped through JS Dates, which would drop the microseconds.
      email_at_issue: sql`(select email from users where id = ${input.userId})`,
      password_changed_at_issue: sql`(select password_changed_at from users where id = ${input.userId})`,
      expires_at: sql`now() + make_interval(mins => ${input.ttlMinutes})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return row.expires_at as Date;
}

export type LiveCode = { userId: string; codeHash: string; expiresAt: Date };

/** The person a code belongs to, if the code is unused, unexpired, and their password and e-mail are unchanged since. */
export async function findLiveCode(db: Db | Tx, purpose: CodePurpose, code: string): Promise<LiveCode | null> {
  if (!code || code.length > 200) return null;
  const row = await db
    .selectFrom('one_time_codes as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.user_id', 'c.code_hash', 'c.expires_at'])
    .where('c.code_hash', '=', hashSecret(code))
    .where('c.purpose', '=', purpose)
    .where('c.used_at', 'is', null)
    .where('c.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .where(sql<boolean>`u.password_changed_at = c.password_changed_at_issue`)
    .where(sql<boolean>`lower(u.email) IS NOT DISTINCT FROM lower(c.email_at_issue)`)
    .executeTakeFirst();
  return row ? { userId: row.user_id as string, codeHash: row.code_hash as string, expiresAt: row.expires_at as Date } : null;
}

/** Marks a code used; false if another request used it first (the update is the single-use lock). */
export async function consumeCode(tx: Db | Tx, codeHash: string): Promise<boolean> {
  const r = await tx.updateTable('one_time_codes').set({ used_at: sql`now()` }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
