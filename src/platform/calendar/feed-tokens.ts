import { sql } from 'kysely';
import { hashSecret, newSecret } from '../auth/tokens.js';
import type { Tx } from '../db/tenant.js';

/**
 * Private calendar feeds: a secret address a phone's calendar reads without signing in. A module keeps
 * them in its own tenant table with the columns (id, organisation_id, user_id, token_hash, created_at,
 * revoked_at) and a unique index on (organisation_id, user_id) WHERE revoked_at IS NULL — only the hash
 * of the secret is stored, one live feed per person; renewing or stopping sets revoked_at and the old
 * address answers 404 at once. Call these inside withTenant; the table name is the module's constant,
 * never user input.
 * @example
 * const token = await renewFeed(tx, 'space_calendar_feeds', orgId, userId); // show once, never redirect with it
 */
export type FeedTable = `${string}_calendar_feeds`;

/** When the person's live feed was made, or null when none is live (the address itself is never kept). */
export async function liveFeedSince(tx: Tx, table: FeedTable, userId: string): Promise<Date | null> {
  const row = await tx.selectFrom(table).select('created_at').where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? (row.created_at as Date) : null;
}

/** Makes a new secret address for the person, stopping the live one; the secret is returned once, to show. */
export async function renewFeed(tx: Tx, table: FeedTable, orgId: string, userId: string): Promise<{ token: string; id: string; replaced: string[] }> {
  const replaced = await stopFeed(tx, table, userId);
  const token = newSecret();
  const row = await tx.insertInto(table).values({ organisation_id: orgId, user_id: userId, token_hash: hashSecret(token) }).returning('id').executeTakeFirstOrThrow();
  return { token, id: row.id as string, replaced };
}

/** Stops the person's live feed; answers the ids stopped (none when there was no live feed). */
export async function stopFeed(tx: Tx, table: FeedTable, userId: string): Promise<string[]> {
  const rows = await tx.updateTable(table).set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
  return rows.map((r) => r.id as string);
}

/** The person behind a live secret address, or null (malformed, unknown or stopped). Reading changes nothing. */
export async function feedOwner(tx: Tx, table: FeedTable, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await tx.selectFrom(table).select('user_id').where('token_hash', '=', hashSecret(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? (row.user_id as string) : null;
}
