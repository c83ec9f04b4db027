import { sql } from 'kysely';
import type { Actor } from '../../access/actor.js';
import { authorize } from '../../access/authorize.js';
import { audit } from '../../audit/audit.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import type { Db } from '../../db/database.js';
import { withTenant } from '../../db/tenant.js';
import { HttpError } from '../../http/errors.js';
import { apiScopes } from '../registry.js';
import { type ApiTokenListItem, listTokens, TOKEN_PREFIX } from './store.js';

/**
 * The scopes this person may put on a token: the permissions the API asks for that they hold
 * themselves. A token never opens more than its creator could do.
 */
export function grantableScopes(actor: Actor): string[] {
  return apiScopes().filter((p) => authorize(actor, p) === 'allow');
}

function mustManage(actor: Actor): void {
  const decision = authorize(actor, 'api_tokens.manage');
  if (decision !== 'allow' || !actor.orgId) throw new HttpError(decision === 'not_found' ? 404 : 403);
}

export type CreatedToken = { id: string; secret: string };

/** Creates a token of the actor's organisation; the secret is returned once and only its hash is kept. */
export async function createApiToken(db: Db, actor: Actor, input: { name: string; scopes: string[] }): Promise<CreatedToken> {
  mustManage(actor);
  const allowed = new Set(grantableScopes(actor));
  const scopes = [...new Set(input.scopes)].sort();
  if (scopes.length === 0 || scopes.some((s) => !allowed.has(s))) throw new HttpError(422, 'apiTokens.scopes.invalid');
  const secret = `${TOKEN_PREFIX}${newSecret()}`;
  const id = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({ organisation_id: actor.orgId, name: input.name, token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'api_token.created', actor, targetType: 'api_token', targetId: row.id as string, details: { name: input.name, scopes } });
    return row.id as string;
  });
  return { id, secret };
}

/** Revokes a token of the actor's organisation; another organisation's token is not found. */
export async function revokeApiToken(db: Db, actor: Actor, tokenId: string): Promise<void> {
  mustManage(actor);
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw new HttpError(404);
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const row = await tx.selectFrom('api_tokens').select(['id', 'name', 'revoked_at']).where('id', '=', tokenId).executeTakeFirst();
    if (!row) throw new HttpError(404);
    if (row.revoked_at) return;
    await tx.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', tokenId).execute();
    await audit(tx, { action: 'api_token.revoked', actor, targetType: 'api_token', targetId: tokenId, details: { name: row.name } });
  });
}

/** The organisation's tokens for the administration page. */
export async function listApiTokens(db: Db, actor: Actor): Promise<ApiTokenListItem[]> {
  mustManage(actor);
  return withTenant(db, { orgId: actor.orgId }, (tx) => listTokens(tx));
}
