import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { currentTotp } from './totp.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

/** Enrols the signed-in client; returns the secret (read off the page, as a person would) and the recovery codes. */
async function enrol(browser: Client): Promise<{ secret: string; codes: string[] }> {
  expect((await browser.post('/account/mfa/begin', {})).status).toBe(303);
  const page = await (await browser.get('/account/mfa')).text();
  expect(page).toContain('otpauth://totp/Palier:');
  const secret = (page.match(/<code id="totp-secret">([A-Z2-7 ]+)<\/code>/)?.[1] ?? '').replace(/ /g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const wrong = await browser.post('/account/mfa/confirm', { confirm_code: '000000' === currentTotp(secret) ? '111111' : '000000' });
  expect(wrong.status).toBe(422);
  const done = await browser.post('/account/mfa/confirm', { confirm_code: currentTotp(secret) });
  expect(done.status).toBe(200);
  expect(done.headers.get('cache-control')).toBe('no-store');
  const codes = [...(await done.text()).matchAll(/<code>([A-Z0-9-]+)<\/code>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

async function signInWithCode(email: string, code: string): Promise<{ browser: Client; status: number }> {
  const browser = t.client();
  const first = await browser.signIn(email);
  expect(first.headers.get('location')).toBe('/signin/verify?next=%2F');
  expect((await browser.get('/account')).status).toBe(303);
  const res = await browser.post('/signin/verify', { code, next: '/' });
  return { browser, status: res.status };
}

describe('second factor in My account', () => {
  it('enrols with a code from the app, then asks for a code at sign-in; a recovery code works once', async () => {
    const email = demo('facilitator');
    const browser = t.client();
    await browser.signIn(email);
    expect(await (await browser.get('/account')).text()).toContain('href="/account/mfa"');
    const { secret, codes } = await enrol(browser);

    const withApp = await signInWithCode(email, currentTotp(secret));
    expect(withApp.status).toBe(303);
    expect((await withApp.browser.get('/account')).status).toBe(200);
    expect((await signInWithCode(email, '123456')).status).toBe(401);

    expect((await signInWithCode(email, codes[0].toLowerCase())).status).toBe(303);
    expect((await signInWithCode(email, codes[0])).status).toBe(401);
    expect(await (await browser.get('/account/mfa')).text()).toContain('Il vous reste 9 codes de secours.');
  });

  it('replaces the recovery codes and turns off only with a current code', async () => {
    const email = demo('concierge');
    const browser = t.client();
    await browser.signIn(email);
    const { secret, codes: old } = await enrol(browser);
    const fresh = await browser.post('/account/mfa/recovery', { recovery_code: currentTotp(secret) });
    expect(fresh.status).toBe(200);
    const codes = [...(await fresh.text()).matchAll(/<code>([A-Z0-9-]+)<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect((await signInWithCode(email, old[1])).status).toBe(401);
    expect((await signInWithCode(email, codes[1])).status).toBe(303);

    expect((await browser.post('/account/mfa/disable', { disable_code: '12345' })).status).toBe(422);
    const off = await browser.post('/account/mfa/disable', { disable_code: currentTotp(secret) });
    expect(off.headers.get('location')).toBe('/account/mfa?done=disabled');
    expect((await t.client().signIn(email)).headers.get('location')).toBe('/');
    const { rows } = await t.database.owner.query(
      "select action from audit_events where actor_user_id = (select id from users where email = $1) and action like 'auth.%' order by id",
      [email],
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.mfa_enabled', 'auth.recovery_codes_regenerated', 'auth.recovery_code_used', 'auth.mfa_disabled']));
  });
});

describe('in production, staff of sensitive roles must enrol', () => {
  it('keeps an administrator without a second factor on /account/mfa until enrolled, and refuses to turn it off', async () => {
    const prod = await testApp({ NODE_ENV: 'production', DEMO: 'false' });
    const browser = prod.client();
    await browser.get('/signin');
    // Production cookies carry the __Host- prefix; the test client looks for the plain name.
    browser.cookies.set('palier_csrf', browser.cookies.get('__Host-palier_csrf') as string);
    expect((await browser.signIn(demo('org-admin'))).headers.get('location')).toBe('/');
    for (const path of ['/', '/admin', '/account']) expect((await browser.get(path)).headers.get('location')).toBe('/account/mfa');
    const page = await browser.get('/account/mfa');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('activez la vérification en deux étapes pour continuer');
    const { secret } = await enrol(browser);
    expect((await browser.get('/admin')).status).toBe(200);
    const keep = await browser.post('/account/mfa/disable', { disable_code: currentTotp(secret) });
    expect(keep.status).toBe(403);
  });
});
