import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Tx } from '../../db/tenant.js';

export type ApiTokenRow = {
  id: string;
  organisation_id: string;
  name: string;
  scopes: string[];
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export type ApiTokenListItem = ApiTokenRow & { created_by_name: string | null };

/** Prefix of every secret: lets secret scanners and people recognise a leaked Palier token. */
export const TOKEN_PREFIX = 'plr_';

/**
 * The live token whose hash is `hash`, found before any organisation is known: row-level security
 * shows a token row only to the transaction that names its hash (`app.token_hash`). Its use is
 * recorded at most once a minute, so reads do not each cost a write.
 */
export async function findLiveToken(db: Db, hash: string): Promise<ApiTokenRow | null> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.token_hash', ${hash}, true), set_config('app.org_id', '', true)`.execute(tx);
    const row = (await tx
      .selectFrom('api_tokens')
      .select(['id', 'organisation_id', 'name', 'scopes', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()) as ApiTokenRow | undefined;
    if (!row) return null;
    await sql`select set_config('app.org_id', ${row.organisation_id}, true)`.execute(tx);
    await tx
      .updateTable('api_tokens')
      .set({ last_used_at: sql`now()` })
      .where('id', '=', row.id)
      .where((w) => w.or([w('last_used_at', 'is', null), w('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
      .execute();
    return row;
  });
}

/** The organisation's tokens, live first, newest first (inside withTenant). */
export async function listTokens(tx: Tx): Promise<ApiTokenListItem[]> {
  return (await tx
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.organisation_id', 't.name', 't.scopes', 't.created_by', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.display_name as created_by_name'])
    .orderBy(sql`t.revoked_at is not null`)
    .orderBy('t.created_at', 'desc')
    .execute()) as ApiTokenListItem[];
}
