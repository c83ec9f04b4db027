import { sql } from 'kysely';
import { hashSecret } from './tokens.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

describe('sign-in', () => {
  it('signs a resident in and shows their home', async () => {
    const browser = t.client();
    const res = await browser.signIn(demo('resident'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const home = await (await browser.get('/')).text();
    expect(home).toContain('Bonjour Amina Benali');
  });

  it('refuses a wrong password with the same message as an unknown account', async () => {
    const a = await (await t.client().signIn(demo('concierge'), 'not-the-password-at-all')).text();
    const b = await (await t.client().signIn('nobody@example.org', 'not-the-password-at-all')).text();
    expect(a).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(b).toContain('Adresse e-mail ou mot de passe incorrect.');
  });

  it('gives field errors in the user’s language and keeps what was typed', async () => {
    const browser = t.client();
    const res = await browser.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en-GB,en;q=0.9' },
      body: new URLSearchParams({ identifier: 'someone@example.org', password: '', _csrf: await browser.csrf() }),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This field is required.');
    expect(html).toContain('value="someone@example.org"');
    expect(html).toContain('aria-describedby="f-password-error"');
  });

  it('throttles an account after five failures, even with the right password', async () => {
    const email = demo('facilitator');
    for (let i = 0; i < 5; i++) expect((await t.client().signIn(email, 'wrong-password-number-x')).status).toBe(401);
    const res = await t.client().signIn(email);
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Trop de tentatives');
    await t.database.owner.query("delete from login_attempts where key = $1", [`account:${email}`]);
    expect((await t.client().signIn(email)).status).toBe(303);
  });

  it('gives a new session id at each sign-in and forgets the old one', async () => {
    const browser = t.client();
    await browser.signIn(demo('concierge'));
    const first = browser.cookies.get('palier_session');
    await browser.signIn(demo('concierge'));
    const second = browser.cookies.get('palier_session');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const stale = t.client();
    stale.cookies.set('palier_session', first as string);
    expect((await stale.get('/account')).status).toBe(303);
  });

  it('ends a staff session after 30 idle minutes', async () => {
    const browser = t.client();
    await browser.signIn(demo('org-admin'));
    expect((await browser.get('/account')).status).toBe(200);
    await t.database.owner.query("update sessions set last_seen_at = now() - interval '31 minutes'");
    const res = await browser.get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Faccount');
  });

  it('keeps a used session alive, writing its activity at most once a minute, and ends it for a disabled account', async () => {
    const browser = t.client();
    await browser.signIn(demo('facilitator'));
    const hash = hashSecret(browser.cookies.get('palier_session') as string);
    const seen = async () => (await t.database.owner.query<{ at: Date }>('select last_seen_at as at from sessions where token_hash = $1', [hash])).rows[0]?.at;
    await t.database.owner.query("update sessions set last_seen_at = now() - interval '20 minutes' where token_hash = $1", [hash]);
    expect((await browser.get('/account')).status).toBe(200);
    const touched = (await seen()) as Date;
    expect(Date.now() - touched.getTime()).toBeLessThan(60_000);
    expect((await browser.get('/account')).status).toBe(200);
    expect(((await seen()) as Date).getTime()).toBe(touched.getTime());
    await t.database.owner.query('update users set disabled = true where email = $1', [demo('facilitator')]);
    expect((await browser.get('/account')).status).toBe(303);
    await t.database.owner.query('update users set disabled = false where email = $1', [demo('facilitator')]);
  });

  it('signs out everywhere', async () => {
    const phone = t.client();
    const laptop = t.client();
    await phone.signIn(demo('programme-manager'));
    await laptop.signIn(demo('programme-manager'));
    expect((await laptop.post('/account/signout-everywhere', {})).status).toBe(303);
    expect((await phone.get('/account')).status).toBe(303);
    expect((await laptop.get('/account')).status).toBe(200);
  });

  it('stores only hashes of session tokens', async () => {
    const browser = t.client();
    await browser.signIn(demo('resident'));
    const token = browser.cookies.get('palier_session') as string;
    const found = await sql<{ n: number }>`select count(*)::int as n from sessions where token_hash = ${token}`.execute(t.database.db);
    expect(found.rows[0].n).toBe(0);
  });
});
