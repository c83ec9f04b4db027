import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESIDENT_PHONE } from '../../src/platform/auth/demo.js';
import { storeCode } from '../../src/platform/auth/one-time-codes.js';
import { useSmsSender } from '../../src/platform/auth/sms.js';
import { newHumanCode, newSecret } from '../../src/platform/auth/tokens.js';
import { type Client, testApp } from '../app.js';
import type { TestApp } from './helpers.js';
import { answerOf } from './timing.js';

/**
 * Reset links, activation codes and SMS sign-in codes end to end through HTTP (issue 9): used once, a second use
 * is refused with the very answer a wrong code gets, also when two browsers send it at once; past its expiry a
 * code is refused at every step; a code of one account never opens another. Expiry is faked as sessions.test.ts
 * does, by moving the stored time (codes are compared with the database's now()).
 * Already proved over HTTP in src/platform/auth: a reset link refused after use and after an hour (reset.test.ts),
 * an activation code refused once used, expired or replaced (activation.test.ts), an SMS code refused after use
 * in another browser and once expired (sms.test.ts). Not repeated here.
 */
const NEW_PASSWORD = 'un jardin sur le toit du 12';
const OTHER_PASSWORD = 'la cour des acacias au printemps';
// Used by no earlier test: account A's password is NEW_PASSWORD or OTHER_PASSWORD, whichever of two concurrent resets won.
const THIRD_PASSWORD = 'le banc sous le tilleul du square';
const run = Math.random().toString(36).slice(2, 8);

let t: TestApp;
const texts: { to: string; code: string }[] = [];
beforeAll(async () => {
  t = await testApp();
  useSmsSender({ send: async (to, text) => void texts.push({ to, code: /\b(\d{6})\b/.exec(text)?.[1] as string }) });
});
afterAll(() => useSmsSender(null));

const q = (text: string, values: unknown[] = []) => t.database.owner.query(text, values);
const passwordOf = async (id: string) => (await q('select password_hash from users where id = $1', [id])).rows[0].password_hash as string | null;

/** A resident of Plurial Novilia (which offers SMS sign-in), with a phone and no password unless given one. */
async function resident(name: string, phone: string | null = null): Promise<string> {
  const u = await q('insert into users (display_name, phone) values ($1, $2) returning id', [`${name} ${run}`, phone]);
  await q("insert into memberships (organisation_id, user_id, role) select id, $1, 'resident' from organisations where slug = 'plurial-novilia'", [u.rows[0].id]);
  return u.rows[0].id;
}

async function browser(): Promise<Client> {
  const b = t.client();
  await b.csrf();
  return b;
}

describe('reset links', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = await resident('Reset A');
    b = await resident('Reset B');
    await q("update users set email = $2, password_hash = 'x' where id = $1", [a, `reset-a-${run}@example.org`]);
    await q("update users set email = $2, password_hash = 'y' where id = $1", [b, `reset-b-${run}@example.org`]);
  });

  it('a link used once, or sent from two browsers at once, works once; then it gets the answer of a link never made', async () => {
    const token = newSecret();
    await storeCode(t.database.db, { purpose: 'reset', userId: a, code: token, ttlMinutes: 60 });
    const first = await browser();
    const second = await browser();
    for (const x of [first, second]) expect((await x.get(`/reset/${token}`)).headers.get('location')).toBe('/reset/new');
    // Both tabs send the form at the same moment: the code's update is the lock, one wins.
    const sent = await Promise.all([first.post('/reset/new', { password: NEW_PASSWORD }), second.post('/reset/new', { password: OTHER_PASSWORD })]);
    expect(sent.map((r) => r.status).sort()).toEqual([303, 400]);
    const winner = sent[0].status === 303 ? first : second;
    expect((await t.client().signIn(`reset-a-${run}@example.org`, winner === first ? NEW_PASSWORD : OTHER_PASSWORD)).status).toBe(303);

    const never = newSecret();
    const wrongOpen = await answerOf(await t.client().get(`/reset/${never}`));
    expect(wrongOpen.status).toBe(400);
    expect(wrongOpen.body).toContain('Ce lien n’est plus valable.');
    // The page's language switch links back to the address, the link's own token in it: set aside.
    const usedOpen = await answerOf(await t.client().get(`/reset/${token}`));
    expect({ ...usedOpen, body: usedOpen.body.replace(token, 'TOKEN') }).toEqual({ ...wrongOpen, body: wrongOpen.body.replace(never, 'TOKEN') });
    // The loser's tab still holds the link in its cookie: the page and the form answer as for a link never made.
    const loser = winner === first ? second : first;
    const forged = await browser();
    forged.cookies.set('palier_reset', never);
    expect(await answerOf(await loser.get('/reset/new'))).toEqual(await answerOf(await forged.get('/reset/new')));
    loser.cookies.set('palier_reset', token);
    forged.cookies.set('palier_reset', never);
    expect(await answerOf(await loser.post('/reset/new', { password: NEW_PASSWORD }))).toEqual(await answerOf(await forged.post('/reset/new', { password: NEW_PASSWORD })));
  });

  it('a link that expires between opening it and sending the form is refused, and changes nothing', async () => {
    const token = newSecret();
    await storeCode(t.database.db, { purpose: 'reset', userId: b, code: token, ttlMinutes: 60 });
    const x = await browser();
    expect((await x.get(`/reset/${token}`)).status).toBe(303);
    await q("update one_time_codes set expires_at = now() - interval '1 second' where user_id = $1 and purpose = 'reset'", [b]);
    const before = await passwordOf(b);
    const forged = await browser();
    forged.cookies.set('palier_reset', newSecret());
    expect(await answerOf(await x.post('/reset/new', { password: NEW_PASSWORD }))).toEqual(await answerOf(await forged.post('/reset/new', { password: NEW_PASSWORD })));
    expect(await passwordOf(b)).toBe(before);
  });

  it('a link changes only the password of the account it was made for', async () => {
    const token = newSecret();
    await storeCode(t.database.db, { purpose: 'reset', userId: b, code: token, ttlMinutes: 60 });
    const aBefore = await passwordOf(a);
    const x = await browser();
    await x.get(`/reset/${token}`);
    expect((await x.post('/reset/new', { password: THIRD_PASSWORD })).status).toBe(303);
    expect(await passwordOf(a)).toBe(aBefore);
    expect((await t.client().signIn(`reset-b-${run}@example.org`, THIRD_PASSWORD)).status).toBe(303);
    expect((await t.client().signIn(`reset-a-${run}@example.org`, THIRD_PASSWORD)).status).toBe(401);
  });
});

describe('activation codes', () => {
  const forget = () => q("delete from login_attempts where key like 'activate-ip:%'");

  it('a code used once, or sent from two browsers at once, works once; then it gets the answer of a wrong code', async () => {
    const id = await resident('Activation A', `07${String(Date.now()).slice(-8)}`);
    const code = newHumanCode();
    await storeCode(t.database.db, { purpose: 'activation', userId: id, code, ttlMinutes: 60 });
    const first = await browser();
    const second = await browser();
    for (const x of [first, second]) expect((await x.post('/activate', { code })).headers.get('location')).toBe('/activate/password');
    const sent = await Promise.all([first.post('/activate/password', { password: NEW_PASSWORD, phone: '' }), second.post('/activate/password', { password: OTHER_PASSWORD, phone: '' })]);
    // The one that won is signed in; the other is sent back to type a code, as with a code that never was.
    expect(sent.map((r) => r.headers.get('location')).sort()).toEqual(['/', '/activate']);
    const rows = await q("select count(*)::int as n from audit_events where action = 'auth.account_activated' and actor_user_id = $1", [id]);
    expect(rows.rows[0].n).toBe(1);

    await forget();
    const wrong = newHumanCode();
    const again = await answerOf(await t.client().post('/activate', { code }));
    await forget();
    const never = await answerOf(await t.client().post('/activate', { code: wrong }));
    expect(again.status).toBe(422);
    expect({ ...again, body: again.body.replace(code, 'CODE') }).toEqual({ ...never, body: never.body.replace(wrong, 'CODE') });
    // The second step with the used code in its cookie: the answer a made-up cookie gets.
    const loser = sent[0].headers.get('location') === '/' ? second : first;
    const forged = await browser();
    forged.cookies.set('palier_activation', wrong);
    expect(await answerOf(await loser.get('/activate/password'))).toEqual(await answerOf(await forged.get('/activate/password')));
    expect(await answerOf(await loser.post('/activate/password', { password: NEW_PASSWORD, phone: '' }))).toEqual(await answerOf(await forged.post('/activate/password', { password: NEW_PASSWORD, phone: '' })));
  });

  it('a code that expires between the two steps is refused at the second, and sets no password', async () => {
    await forget();
    const id = await resident('Activation B', `07${String(Date.now() + 1).slice(-8)}`);
    const code = newHumanCode();
    await storeCode(t.database.db, { purpose: 'activation', userId: id, code, ttlMinutes: 60 });
    const x = await browser();
    expect((await x.post('/activate', { code })).status).toBe(303);
    await q("update one_time_codes set expires_at = now() - interval '1 second' where user_id = $1", [id]);
    const res = await x.post('/activate/password', { password: NEW_PASSWORD, phone: '' });
    expect(res.headers.get('location')).toBe('/activate');
    expect(await passwordOf(id)).toBeNull();
  });

  it('a code opens only the account it was printed for', async () => {
    await forget();
    const a = await resident('Activation C', `07${String(Date.now() + 2).slice(-8)}`);
    const b = await resident('Activation D', `07${String(Date.now() + 3).slice(-8)}`);
    const codeA = newHumanCode();
    const codeB = newHumanCode();
    await storeCode(t.database.db, { purpose: 'activation', userId: a, code: codeA, ttlMinutes: 60 });
    await storeCode(t.database.db, { purpose: 'activation', userId: b, code: codeB, ttlMinutes: 60 });
    const x = await browser();
    await x.post('/activate', { code: codeA });
    const page = await (await x.get('/activate/password')).text();
    expect(page).toContain(`Activation C ${run}`);
    expect(page).not.toContain(`Activation D ${run}`);
    expect((await x.post('/activate/password', { password: NEW_PASSWORD, phone: '' })).headers.get('location')).toBe('/');
    expect(await passwordOf(a)).not.toBeNull();
    expect(await passwordOf(b)).toBeNull();
    // B's code is untouched and still opens B.
    const y = await browser();
    await y.post('/activate', { code: codeB });
    expect((await y.post('/activate/password', { password: OTHER_PASSWORD, phone: '' })).headers.get('location')).toBe('/');
    expect(await passwordOf(b)).not.toBeNull();
  });
});

describe('SMS sign-in codes', () => {
  const forget = () => q("delete from login_attempts where key like 'sms%'");
  let otherPhone: string;
  beforeAll(async () => {
    otherPhone = `07${String(Date.now() + 9).slice(-8)}`;
    await resident('Sms B', otherPhone);
  });

  /** Asks for a code for `phone` in a browser, and returns the browser with the code the provider was given. */
  async function ask(phone: string): Promise<{ x: Client; code: string }> {
    await forget();
    const x = await browser();
    const before = texts.length;
    expect((await x.post('/signin/sms', { phone })).status).toBe(303);
    await expect.poll(() => texts.length, { timeout: 5_000 }).toBeGreaterThan(before);
    const sent = texts.slice(before).find((s) => s.to === phone);
    expect(sent).toBeDefined();
    return { x, code: sent?.code as string };
  }
  const wrongOf = (code: string) => String((Number(code) + 500_001) % 1_000_000).padStart(6, '0');

  it('a code used once, or sent from two browsers at once, works once; then it gets the answer of a wrong code', async () => {
    const { x, code } = await ask(DEMO_RESIDENT_PHONE);
    const twin = await browser();
    twin.cookies.set('palier_sms_phone', DEMO_RESIDENT_PHONE);
    const sent = await Promise.all([x.post('/signin/sms/code', { code }), twin.post('/signin/sms/code', { code })]);
    expect(sent.map((r) => r.status).sort()).toEqual([303, 401]);
    const loser = sent[0].status === 303 ? twin : x;
    await forget();
    const used = await answerOf(await loser.post('/signin/sms/code', { code }));
    await forget();
    const wrong = await answerOf(await loser.post('/signin/sms/code', { code: wrongOf(code) }));
    expect(used.status).toBe(401);
    expect(used).toEqual(wrong);
  });

  it('an expired code gets the answer of a wrong code', async () => {
    const { x, code } = await ask(DEMO_RESIDENT_PHONE);
    await q("update one_time_codes set expires_at = now() - interval '1 second' where purpose = 'sms_signin' and used_at is null");
    const expired = await answerOf(await x.post('/signin/sms/code', { code }));
    const wrong = await answerOf(await x.post('/signin/sms/code', { code: wrongOf(code) }));
    expect(expired.status).toBe(401);
    expect(expired).toEqual(wrong);
  });

  it('a code sent to one resident does not sign in another, and stays good for its own', async () => {
    const { x, code } = await ask(DEMO_RESIDENT_PHONE);
    const other = await browser();
    other.cookies.set('palier_sms_phone', otherPhone);
    const crossed = await answerOf(await other.post('/signin/sms/code', { code }));
    const wrong = await answerOf(await other.post('/signin/sms/code', { code: wrongOf(code) }));
    expect(crossed.status).toBe(401);
    expect(crossed).toEqual(wrong);
    expect(other.cookies.has('palier_session')).toBe(false);
    expect((await x.post('/signin/sms/code', { code })).status).toBe(303);
  });
});
