import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

describe('web security', () => {
  it('refuses a form without the CSRF token', async () => {
    const browser = t.client();
    await browser.get('/signin');
    const res = await browser.post('/signin', { identifier: demo('resident'), password: 'palier-demo-2026' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(browser.cookies.has('palier_session')).toBe(false);
  });

  it('refuses a token taken from another browser', async () => {
    const other = t.client();
    const token = await other.csrf();
    const browser = t.client();
    await browser.get('/signin');
    const res = await browser.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identifier: demo('resident'), password: 'palier-demo-2026', _csrf: token }),
    });
    expect(res.status).toBe(403);
  });

  it('sends the security headers with a fresh CSP nonce on every response', async () => {
    const a = await t.client().get('/');
    const b = await t.client().get('/');
    const csp = a.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toBe(b.headers.get('content-security-policy'));
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('same-origin');
    const html = await a.text();
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('answers unknown pages with a 404 page that leaks nothing', async () => {
    const res = await t.client().get('/nothing/here');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('Page introuvable');
    expect(html).toContain('<html lang="fr"');
  });

  it('speaks English when the browser asks for it, French otherwise', async () => {
    const en = await t.client().request('/signin', { headers: { 'accept-language': 'en-US,en;q=0.8' } });
    expect(await en.text()).toContain('<html lang="en"');
    const de = await t.client().request('/signin', { headers: { 'accept-language': 'de-DE' } });
    expect(await de.text()).toContain('<html lang="fr"');
  });

  it('sends signed-out visitors of a protected page to sign-in, and forbids what a role lacks', async () => {
    expect((await t.client().get('/admin')).headers.get('location')).toBe('/signin?next=%2Fadmin');
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const res = await resident.get('/admin');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Accès refusé');
  });

  it('reports health and readiness as JSON', async () => {
    expect(await (await t.client().get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.client().get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });
});
