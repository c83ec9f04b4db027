import { sql } from 'kysely';
import { hashSecret } from '../src/platform/auth/tokens.js';
import { withTenant } from '../src/platform/db/tenant.js';
import type { testApp } from './app.js';

/** An API token of the user's organisation, made by that user, with these scopes; returns its secret. */
export async function apiTokenFor(t: Awaited<ReturnType<typeof testApp>>, email: string, scopes: string[], name = 'Test'): Promise<string> {
  const [u] = (await t.database.owner.query('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email])).rows;
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name, token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
