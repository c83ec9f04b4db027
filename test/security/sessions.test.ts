import { beforeAll, describe, expect, it } from 'vitest';
import { hashSecret as hash } from '../../src/platform/auth/tokens.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { type Client, demo, testApp } from '../app.js';
import { userId, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

async function signedIn(email: string): Promise<Client> {
  const browser = t.client();
  const res = await browser.signIn(email);
  expect(res.status).toBe(303);
  return browser;
}

/** Whether the browser is treated as signed in: /account answers the page, not a redirect to sign-in. */
async function isIn(browser: Client): Promise<boolean> {
  return (await browser.get('/account')).status === 200;
}

describe('sessions', () => {
  it('ends a session past its absolute lifetime even while it is in use', async () => {
    const browser = await signedIn(demo('resident'));
    expect(await isIn(browser)).toBe(true);
    const token = browser.cookies.get('palier_session') as string;
    const n = await t.database.owner.query("update sessions set expires_at = now() - interval '1 second', last_seen_at = now() where token_hash = $1 or token_hash = $2", [hash(token), token]);
    expect(n.rowCount).toBe(1);
    expect(await isIn(browser)).toBe(false);
  });

  it('ends a session idle for longer than its idle timeout', async () => {
    const browser = await signedIn(demo('resident'));
    const token = browser.cookies.get('palier_session') as string;
    await t.database.owner.query("update sessions set last_seen_at = now() - make_interval(mins => idle_minutes + 1) where token_hash = $1 or token_hash = $2", [hash(token), token]);
    expect(await isIn(browser)).toBe(false);
  });

  it('refuses every session of an account once it is disabled', async () => {
    const email = demo('facilitator');
    const a = await signedIn(email);
    const b = await signedIn(email);
    expect((await isIn(a)) && (await isIn(b))).toBe(true);
    await t.database.owner.query('update users set disabled = true where id = $1', [await userId(t.database.owner, email)]);
    try {
      expect(await isIn(a)).toBe(false);
      expect(await isIn(b)).toBe(false);
      expect((await t.client().signIn(email)).headers.get('location')).not.toBe('/');
    } finally {
      await t.database.owner.query('update users set disabled = false where id = $1', [await userId(t.database.owner, email)]);
    }
  });

  it('ends every other session when the password changes; the browser that changed it gets a fresh token', async () => {
    const email = demo('concierge');
    const thief = await signedIn(email);
    const owner = await signedIn(email);
    const before = owner.cookies.get('palier_session');
    const res = await owner.post('/account/password', { current: DEMO_PASSWORD, password: 'a-new-long-passphrase-2026!' });
    expect(res.status).toBe(303);
    expect(await isIn(thief)).toBe(false);
    expect(owner.cookies.get('palier_session')).not.toBe(before);
    expect(await isIn(owner)).toBe(true);
    // The old token of the browser that changed it is dead too.
    const replay = t.client();
    replay.cookies.set('palier_session', before as string);
    expect(await isIn(replay)).toBe(false);
  });

  it('does not keep a session token planted before sign-in (fixation)', async () => {
    // The attacker's own live session, and a made-up value.
    const attacker = await signedIn(demo('partner-staff'));
    for (const planted of [attacker.cookies.get('palier_session') as string, 'A'.repeat(43)]) {
      const victim = t.client();
      victim.cookies.set('palier_session', planted);
      await victim.signIn(demo('resident'));
      const now = victim.cookies.get('palier_session');
      expect(now).toBeTruthy();
      expect(now).not.toBe(planted);
      // The planted token did not become the resident's.
      const r = await t.database.owner.query('select user_id from sessions where token_hash = $1 or token_hash = $2', [hash(planted), planted]);
      for (const row of r.rows) expect(row.user_id).not.toBe(await userId(t.database.owner, demo('resident')));
    }
  });

  it('cannot be reused after sign-out', async () => {
    const browser = await signedIn(demo('resident'));
    const token = browser.cookies.get('palier_session') as string;
    await browser.post('/signout', {});
    const replay = t.client();
    replay.cookies.set('palier_session', token);
    expect(await isIn(replay)).toBe(false);
  });

  it('answers sign-in and reset requests alike whether or not the account exists', async () => {
    const strip = (html: string, email: string) => html.replaceAll(email, '<email>').replace(/nonce-[^'"]+|nonce="[^"]+"|value="[A-Za-z0-9_-]{43}"/g, '');
    const known = demo('programme-manager');
    const unknown = 'nobody-here-7c1f@demo.palier.fr';
    const a = await t.client().signIn(known, 'not-the-password-1');
    const b = await t.client().signIn(unknown, 'not-the-password-1');
    expect(a.status).toBe(b.status);
    expect(strip(await a.text(), known)).toBe(strip(await b.text(), unknown));
    const c = await t.client().post('/reset', { email: known });
    const d = await t.client().post('/reset', { email: unknown });
    expect(c.status).toBe(d.status);
    expect(c.headers.get('location')).toBe(d.headers.get('location'));
    expect(strip(await c.text(), known)).toBe(strip(await d.text(), unknown));
  });
});
