import type { Hono } from 'hono';
import { z } from 'zod';
import { SIGNED_IN } from '../../access/authorize.js';
import { ROLES } from '../../access/roles.js';
import type { AppEnv } from '../../http/env.js';
import { apiEndpoint } from '../registry.js';

export const Me = z
  .object({
    kind: z.enum(['user', 'token']).describe('A signed-in person (session cookie) or an API token'),
    name: z.string().describe('The person’s name, or the token’s name'),
    userId: z.string().describe('The person, or the person who created the token'),
    organisationId: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    scopes: z.array(z.string()).nullable().describe('For a token: the permissions it is limited to'),
  });

/** GET /api/v1/me: who the request acts as — the first call an integration makes to check its token. */
export function registerMeEndpoint(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/me', permission: SIGNED_IN, tag: 'account', summary: 'Who this request acts as', response: Me },
    (c) => {
      const a = c.get('actor');
      if (!a) return c.notFound();
      const me: z.infer<typeof Me> = { kind: a.kind, name: a.displayName, userId: a.userId, organisationId: a.orgId, roles: a.roles, scopes: a.tokenScopes };
      return c.json(me);
    },
  );
}
