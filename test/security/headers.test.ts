import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { type Client, demo, testApp } from '../app.js';
import type { TestApp } from './helpers.js';

let dev: TestApp;
let prod: TestApp;
beforeAll(async () => {
  dev = await testApp();
  prod = await testApp({ NODE_ENV: 'production', PUBLIC_URL: 'https://palier.example' });
  // An error page, reached through every middleware as a real failure would be.
  for (const t of [dev, prod])
    t.app.get('/__boom', () => {
      throw new Error('boom for the header test');
    });
});

/** One response of each kind the app gives: page, redirect, 403, 404, 500, API JSON (200 and 401), form refusal, CSV. */
async function sample(t: TestApp, signedIn: Client): Promise<[string, Response][]> {
  const anon = t.client();
  const api = (path: string) => anon.request(path, { headers: { accept: 'application/json' } });
  return [
    ['page', await anon.get('/signin')],
    ['redirect', await anon.get('/admin')],
    ['403 page', await signedIn.get('/admin')],
    ['404 page', await anon.get('/no/such/page')],
    ['500 page', await anon.get('/__boom')],
    ['API JSON', await api('/api/v1/openapi.json')],
    ['API 401', await api('/api/v1/me')],
    ['CSRF refusal', await anon.request('/signin', { method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } })],
    ['health JSON', await anon.get('/healthz')],
    ['signed-in page', await signedIn.get('/account')],
    ['download', await signedIn.get('/account/data.json')],
  ];
}

/** Signs in through the form; in production the CSRF cookie has its __Host- name, which Client.csrf() does not know. */
async function signIn(browser: Client, production: boolean): Promise<Response> {
  if (!production) return browser.signIn(demo('resident'), DEMO_PASSWORD);
  await browser.get('/signin');
  const csrf = browser.cookies.get('__Host-palier_csrf') as string;
  const body = new URLSearchParams({ _csrf: csrf, identifier: demo('resident'), password: DEMO_PASSWORD });
  return browser.request('/signin', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

function checkHeaders(kind: string, res: Response, production: boolean): string[] {
  const h = res.headers;
  const wrong: string[] = [];
  const csp = h.get('content-security-policy') ?? '';
  if (!/script-src 'nonce-[A-Za-z0-9+/=_-]+'/.test(csp)) wrong.push(`${kind}: CSP without a script nonce (${csp})`);
  if (/unsafe-inline|unsafe-eval/.test(csp)) wrong.push(`${kind}: CSP allows unsafe scripts`);
  if (!csp.includes("frame-ancestors 'none'")) wrong.push(`${kind}: no frame-ancestors`);
  if (!csp.includes("object-src 'none'") || !csp.includes("base-uri 'none'")) wrong.push(`${kind}: object-src/base-uri open`);
  if (h.get('x-content-type-options') !== 'nosniff') wrong.push(`${kind}: no nosniff`);
  if (h.get('x-frame-options') !== 'DENY') wrong.push(`${kind}: X-Frame-Options ${h.get('x-frame-options')}`);
  if (h.get('referrer-policy') !== 'same-origin') wrong.push(`${kind}: Referrer-Policy ${h.get('referrer-policy')}`);
  const hsts = h.get('strict-transport-security');
  if (production && !/max-age=(\d{8,})/.test(hsts ?? '')) wrong.push(`${kind}: no long HSTS in production (${hsts})`);
  if (!production && hsts) wrong.push(`${kind}: HSTS sent over plain HTTP in development`);
  if (h.get('x-powered-by')) wrong.push(`${kind}: X-Powered-By`);
  for (const cookie of h.getSetCookie()) {
    const name = cookie.split('=')[0];
    const attrs = cookie.toLowerCase();
    if (name === 'palier_lang') continue;
    if (!attrs.includes('httponly')) wrong.push(`${kind}: cookie ${name} without HttpOnly`);
    if (!/samesite=(lax|strict)/.test(attrs)) wrong.push(`${kind}: cookie ${name} without SameSite`);
    if (production && (!attrs.includes('; secure') || !name.startsWith('__Host-'))) wrong.push(`${kind}: cookie ${name} not Secure/__Host- in production`);
    if (production && name.startsWith('__Host-') && (!attrs.includes('path=/') || attrs.includes('domain='))) wrong.push(`${kind}: __Host- cookie ${name} with a domain or another path`);
  }
  return wrong;
}

describe('security headers and cookie flags on every kind of response', () => {
  for (const production of [false, true]) {
    it(`sends them in ${production ? 'production' : 'development'}`, async () => {
      const t = production ? prod : dev;
      const signedIn = t.client();
      await signIn(signedIn, production);
      const cookieName = production ? '__Host-palier_session' : 'palier_session';
      expect(signedIn.cookies.has(cookieName)).toBe(true);
      const responses = await sample(t, signedIn);
      const statuses = Object.fromEntries(responses.map(([k, r]) => [k, r.status]));
      expect(statuses).toMatchObject({ page: 200, redirect: 303, '403 page': 403, '404 page': 404, '500 page': 500, 'API 401': 401, 'CSRF refusal': 403 });
      const wrong = responses.flatMap(([kind, res]) => checkHeaders(kind, res, production));
      // The sign-in answer carries the session cookie: check it too.
      const fresh = t.client();
      const signin = await signIn(fresh, production);
      wrong.push(...checkHeaders('sign-in', signin, production));
      expect(signin.headers.getSetCookie().some((c) => c.startsWith(`${cookieName}=`))).toBe(true);
      expect(wrong).toEqual([]);
      // The 500 page tells nothing of the cause.
      const boom = responses.find(([k]) => k === '500 page')?.[1] as Response;
      expect(await boom.text()).not.toMatch(/boom for the header test|at .*\.ts:\d+/);
    });
  }
});
