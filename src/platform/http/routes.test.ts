import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { knownPermissions, PUBLIC, SIGNED_IN } from '../access/authorize.js';
import { declaredRoutes } from './routes.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

describe('every route declares its permission', () => {
  it('walks the route table: no handler without a declared permission, none naming an ungranted one', () => {
    const declared = declaredRoutes();
    const granted = new Set([PUBLIC, SIGNED_IN, ...knownPermissions()]);
    const handlers = t.app.routes.filter((r) => r.method !== 'ALL');
    expect(handlers.length).toBeGreaterThan(10);
    const undeclared = handlers.filter((r) => !declared.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    const unknown = [...declared].filter(([, p]) => !granted.has(p)).map(([k, p]) => `${k} → ${p}`);
    expect(unknown).toEqual([]);
  });

  it('keeps public routes to the few that must be', () => {
    const publicRoutes = [...declaredRoutes()].filter(([, p]) => p === PUBLIC).map(([k]) => k);
    // Besides sign-in and probes, only community life's public face: an organisation's participation board
    // and registration to an open event for people without an account (with their cancellation link), and
    // a person's private calendar feed, read by calendar apps that cannot sign in (the secret is in the path);
    // and a space's busy times (no names) once its manager publishes them.
    const allowed = /^(GET|POST) \/(|healthz|readyz|signin.*|signout|language|reset.*|activate.*|api\/v1\/openapi\.json|c\/:org\/(processes|events|cancel)\/:[a-z]+|c\/:org\/calendar\/:token|c\/:org\/spaces-calendar\/:token|c\/:org\/spaces\/:id\/busy\.ics)$/;
    expect(publicRoutes.filter((k) => !allowed.test(k))).toEqual([]);
  });
});
