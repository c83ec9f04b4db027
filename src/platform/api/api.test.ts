import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../auth/tokens.js';
import { declaredRoutes } from '../http/routes.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

/** Creates a token through the admin page, as an organisation administrator would, and returns its secret. */
async function createToken(name: string, scopes: string[]): Promise<string> {
  const admin = t.client();
  await admin.signIn(demo('org_admin'));
  const res = await admin.request('/admin/api-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([['_csrf', await admin.csrf()], ['name', name], ...scopes.map((s) => ['scopes', s])]),
  });
  expect(res.status).toBe(303);
  const page = await (await admin.get('/admin/api-tokens')).text();
  const secret = /id="new-token"[^>]*value="(plr_[\w-]+)"/.exec(page)?.[1] ?? /value="(plr_[\w-]+)"/.exec(page)?.[1];
  expect(secret).toBeDefined();
  return secret as string;
}

const api = (path: string, token?: string, init: RequestInit = {}) =>
  t.app.request(path, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });

async function userIn(orgSlug: string, role: string): Promise<{ orgId: string; userId: string }> {
  const org = await t.database.owner.query<{ id: string }>('select id from organisations where slug = $1', [orgSlug]);
  const user = await t.database.owner.query<{ id: string }>("insert into users (email, display_name) values ($1, 'Test') returning id", [`${role}-${orgSlug}-${Date.now()}@example.org`]);
  await t.database.owner.query('insert into memberships (organisation_id, user_id, role) values ($1, $2, $3)', [org.rows[0].id, user.rows[0].id, role]);
  return { orgId: org.rows[0].id, userId: user.rows[0].id };
}

async function insertToken(orgId: string, userId: string, scopes: string[]): Promise<string> {
  const secret = `plr_test_${Math.random().toString(36).slice(2)}${Date.now()}`;
  await t.database.owner.query('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [orgId, 'test', hashSecret(secret), scopes, userId]);
  return secret;
}

describe('API tokens', () => {
  it('lets an integration read the residences of its organisation with a scoped token', async () => {
    const token = await createToken('ERP Plurial', ['directory.residences.read']);
    const me = await api('/api/v1/me', token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'token', name: 'ERP Plurial', roles: ['org_admin'], scopes: ['directory.residences.read'] });
    const res = await api('/api/v1/residences?limit=1', token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { name: string; dwellings: number }[]; total: number; limit: number };
    const expected = await t.database.owner.query("select count(*)::int as n from residences r join organisations o on o.id = r.organisation_id where o.slug = 'plurial-novilia'");
    expect(body.total).toBe(expected.rows[0].n);
    expect(body.limit).toBe(1);
    expect(body.data).toHaveLength(1);
    expect(body.data[0].dwellings).toBeGreaterThan(0);
    const found = (await (await api('/api/v1/residences?q=Réma', token)).json()) as { data: { name: string }[] };
    expect(found.data.map((r) => r.name).join()).toMatch(/Réma’Vert/);
  });

  it('stores only the hash of the secret, and audits creation and revocation without it', async () => {
    const token = await createToken('Stored hashed', ['directory.residences.read']);
    const rows = await t.database.owner.query("select token_hash from api_tokens where name = 'Stored hashed'");
    expect(rows.rows[0].token_hash).toBe(hashSecret(token));
    const anywhere = await t.database.owner.query('select count(*)::int as n from api_tokens where token_hash = $1 or name = $1', [token]);
    expect(anywhere.rows[0].n).toBe(0);
    const events = await t.database.owner.query("select details::text from audit_events where action = 'api_token.created'");
    expect(events.rows.length).toBeGreaterThan(0);
    for (const e of events.rows) expect(e.details).not.toContain(token.slice(4, 20));
  });

  it('refuses a permission outside the token’s scopes with 403, but answers /me', async () => {
    const { orgId, userId } = await userIn('plurial-novilia', 'org_admin');
    const token = await insertToken(orgId, userId, ['audit.read']);
    expect((await api('/api/v1/me', token)).status).toBe(200);
    const res = await api('/api/v1/residences', token);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
  });

  it('never lets a token do more than its creator’s role allows', async () => {
    const { orgId, userId } = await userIn('plurial-novilia', 'resident');
    const token = await insertToken(orgId, userId, ['directory.residences.read']);
    expect((await api('/api/v1/residences', token)).status).toBe(403);
    // And the page refuses to create a token with a scope the API does not offer or the creator lacks.
    const admin = t.client();
    await admin.signIn(demo('org_admin'));
    const res = await admin.post('/admin/api-tokens', { name: 'Too much', scopes: 'audit.read' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Cochez au moins une permission parmi celles proposées.');
  });

  it('answers 401 to a revoked, unknown or missing token, in the API’s error shape', async () => {
    const token = await createToken('To revoke', ['directory.residences.read']);
    expect((await api('/api/v1/residences', token)).status).toBe(200);
    const admin = t.client();
    await admin.signIn(demo('org_admin'));
    const { rows } = await t.database.owner.query("select id from api_tokens where name = 'To revoke'");
    expect((await admin.post(`/admin/api-tokens/${rows[0].id}/revoke`, {})).status).toBe(303);
    const revoked = await api('/api/v1/residences', token);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: 'invalid_token' });
    expect((await api('/api/v1/residences', 'plr_unknown')).status).toBe(401);
    const anonymous = await api('/api/v1/residences');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'unauthenticated' });
    const audited = await t.database.owner.query("select count(*)::int as n from audit_events where action = 'api_token.revoked' and target_id = $1", [rows[0].id]);
    expect(audited.rows[0].n).toBe(1);
  });

  it('shows a token only its own organisation’s data, and its id is not found from another', async () => {
    const { orgId, userId } = await userIn('logirem', 'org_admin');
    const token = await insertToken(orgId, userId, ['directory.residences.read']);
    const body = (await (await api('/api/v1/residences?limit=100', token)).json()) as { data: { name: string; city: string }[] };
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((r) => r.city.includes('Marseille'))).toBe(true);
    const plurialAdmin = t.client();
    await plurialAdmin.signIn(demo('org_admin'));
    const { rows } = await t.database.owner.query('select id from api_tokens where organisation_id = $1', [orgId]);
    expect((await plurialAdmin.post(`/admin/api-tokens/${rows[0].id}/revoke`, {})).status).toBe(404);
    expect((await api('/api/v1/me', token)).status).toBe(200);
  });

  it('accepts a token on the API only, and never with the session cookie beside it', async () => {
    const token = await createToken('API only', ['directory.residences.read']);
    const page = await api('/admin/api-tokens', token);
    expect(page.status).toBe(401);
    // A browser session with a Bearer header is the token alone: a bad token is not rescued by the cookie.
    const admin = t.client();
    await admin.signIn(demo('org_admin'));
    const res = await admin.request('/api/v1/me', { headers: { authorization: 'Bearer ' } });
    expect(res.status).toBe(401);
    expect(((await (await admin.get('/api/v1/me')).json()) as { kind: string }).kind).toBe('user');
  });

  it('validates query parameters with field errors', async () => {
    const token = await createToken('Validation', ['directory.residences.read']);
    const res = await api('/api/v1/residences?limit=1000', token);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_query', fields: { limit: expect.any(String) } });
    const missing = await api('/api/v1/nothing-here', token);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found' });
  });
});

describe('OpenAPI document', () => {
  it('is public, OpenAPI 3.1, and lists every /api/v1 route the app serves', async () => {
    const res = await t.app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { 'x-permission': string; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    const apiRoutes = [...declaredRoutes().keys()].filter((k) => k.split(' ')[1].startsWith('/api/v1/'));
    expect(apiRoutes.length).toBeGreaterThanOrEqual(3);
    for (const key of apiRoutes) {
      const [method, path] = key.split(' ');
      const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      expect(op, key).toBeDefined();
      expect(op['x-permission']).toBe(declaredRoutes().get(key));
    }
    const residences = doc.paths['/api/v1/residences'].get as unknown as { parameters: { name: string }[]; responses: Record<string, { content?: { 'application/json': { schema: { properties: Record<string, unknown> } } } }> };
    expect(residences.parameters.map((p) => p.name)).toEqual(['q', 'limit', 'offset']);
    expect(Object.keys(residences.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(Object.keys(residences.responses['200'].content?.['application/json'].schema.properties ?? {})).toEqual(['data', 'total', 'limit', 'offset']);
  });
});
