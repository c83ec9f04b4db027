import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { demo, testApp } from '../app.js';

const lines: string[] = [];
let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp({}, { logTo: { write: (l: string) => lines.push(l) } });
});

describe('hostile input', () => {
  it('refuses an oversized body with 413 and a clear page, without reading it all', async () => {
    const browser = t.client();
    const big = 'x'.repeat(26 * 1024 * 1024);
    const res = await browser.request('/signin', { method: 'POST', body: big, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(big.length) } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Envoi trop volumineux');
  });

  it('survives invalid UTF-8, CRLF and NUL in fields without a crash or a forged log line', async () => {
    const browser = t.client();
    const csrf = await browser.csrf();
    const body = Buffer.concat([Buffer.from(`_csrf=${csrf}&identifier=`), Buffer.from([0xff, 0xfe, 0x0d, 0x0a]), Buffer.from('%0D%0A{"level":60,"msg":"forged"}%00&password=x')]);
    const res = await browser.request('/signin', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('Le formulaire contient des caractères non valides.');
    expect(lines.some((l) => l.startsWith('{"level":60,"msg":"forged"'))).toBe(false);
  });

  it('never follows a sign-in `next` to another site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const browser = t.client();
      const res = await browser.post('/signin', { identifier: demo('resident'), password: DEMO_PASSWORD, next });
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('keeps throttling when the attacker rotates X-Forwarded-For', async () => {
    const email = demo('commission-member');
    for (let i = 0; i < 6; i++) {
      const browser = t.client();
      const csrf = await browser.csrf();
      await browser.request('/signin', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `203.0.113.${i}` },
        body: new URLSearchParams({ _csrf: csrf, identifier: email, password: `wrong-guess-number-${i}` }),
      });
    }
    expect((await t.client().signIn(email)).status).toBe(429);
  });

  it('escapes what people type wherever it is shown', async () => {
    await t.database.owner.query("update users set display_name = '<script>alert(1)</script>' where email = $1", [demo('resident')]);
    const browser = t.client();
    await browser.signIn(demo('resident'));
    const html = await (await browser.get('/')).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('writes no password, session token or CSRF token to the logs', async () => {
    const browser = t.client();
    await browser.signIn(demo('concierge'), 'canary-password-7f3a9c1e');
    await browser.signIn(demo('concierge'));
    await browser.get('/account');
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(all).not.toContain('canary-password-7f3a9c1e');
    expect(all).not.toContain(DEMO_PASSWORD);
    expect(all).not.toContain(browser.cookies.get('palier_session') as string);
    expect(all).not.toContain(browser.cookies.get('palier_csrf') as string);
  });
});
