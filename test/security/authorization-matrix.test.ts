import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC, rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import { ROLES, type Role } from '../../src/platform/access/roles.js';
import { createSession, STAFF_SESSION } from '../../src/platform/auth/sessions.js';
import { declaredRoutes } from '../../src/platform/http/routes.js';
import { type Client, demo, testApp } from '../app.js';

let t: Awaited<ReturnType<typeof testApp>>;
const userIds = new Map<Role, string>();
beforeAll(async () => {
  t = await testApp();
  for (const role of ROLES) {
    const r = await t.database.owner.query('select id from users where email = $1', [demo(role)]);
    userIds.set(role, r.rows[0].id);
  }
});

const UNKNOWN_ID = '7a1d1f0e-0000-4000-8000-000000000000';
const concrete = (path: string) => path.replace(/:[a-zA-Z_]+(\{[^}]*\})?/g, UNKNOWN_ID);

/** A fresh signed-in browser for a role, its session made directly (the sign-in form has its own tests). */
async function as(role: Role): Promise<Client> {
  const browser = t.client();
  const token = await createSession(t.database.db, userIds.get(role) as string, STAFF_SESSION, { organisationId: null, mfaPassed: true });
  browser.cookies.set('palier_session', token);
  return browser;
}

describe('authorisation matrix generated from the route table', () => {
  it('answers every route × every role as the policy says: refused roles get 403, allowed ones never do', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [key, permission] of declaredRoutes()) {
      if (permission === PUBLIC) continue;
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const allowed = permission === SIGNED_IN ? [...ROLES] : rolesWith(permission);
      const anonymous = method === 'GET' ? await t.client().get(concrete(path)) : await t.client().post(concrete(path), {});
      if (![303, 401].includes(anonymous.status)) mismatches.push(`${key} anonymous → ${anonymous.status}`);
      // Roles in parallel: each has its own fresh session, so their requests cannot interfere.
      await Promise.all(
        ROLES.map(async (role) => {
          const browser = await as(role);
          const res = method === 'GET' ? await browser.get(concrete(path)) : await browser.post(concrete(path), {});
          checked++;
          const refused = res.status === 403 || res.status === 401 || res.headers.get('location')?.startsWith('/signin');
          if (res.status >= 500) mismatches.push(`${key} as ${role} → ${res.status}`);
          else if (allowed.includes(role) && refused) mismatches.push(`${key} as ${role} → ${res.status}, the policy allows it`);
          else if (!allowed.includes(role) && res.status !== 403) mismatches.push(`${key} as ${role} → ${res.status}, the policy refuses it`);
        }),
      );
    }
    process.stdout.write(`authorisation matrix: ${checked} route × role checks\n`);
    expect(checked).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  }, 600_000);
});
