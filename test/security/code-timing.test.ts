import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESIDENT_PHONE } from '../../src/platform/auth/demo.js';
import { storeCode } from '../../src/platform/auth/one-time-codes.js';
import { hashPassword, verifyPassword } from '../../src/platform/auth/passwords.js';
import { useSmsSender } from '../../src/platform/auth/sms.js';
import { hashSecret, newHumanCode } from '../../src/platform/auth/tokens.js';
import { apiTokenFor } from '../api-token.js';
import { demo, testApp } from '../app.js';
import type { TestApp } from './helpers.js';
import { answerOf, fastBound, interleavedMedians, median, report, timed } from './timing.js';

/**
 * The time and the answer of a code or token check tell nothing about which accounts, numbers or tokens exist
 * (issue 9): activation codes, SMS sign-in (asking for a code and typing one), the API's bearer token, and a
 * disabled account's sign-in. Same method and bounds as sign-in-timing.test.ts (./timing.ts).
 */
const ROUNDS = 45;
// Checks without a password take a few milliseconds, where the machine's noise is of the same order: more rounds.
const FAST_ROUNDS = 151;
const PASSWORD = 'le bon mot de passe du test';
const run = Math.random().toString(36).slice(2, 8);

let t: TestApp;
const texts: string[] = [];
beforeAll(async () => {
  t = await testApp();
  // A provider that keeps the texts, as in production: the development sender would write them to the log.
  useSmsSender({ send: async (_to, text) => void texts.push(text) });
});
afterAll(() => useSmsSender(null));

const q = (text: string, values: unknown[] = []) => t.database.owner.query(text, values);
const forget = (like: string) => q('delete from login_attempts where key like $1', [like]);

/** A different code of the same shape: one character changed. */
const otherCode = (code: string) => code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');

// Medians of interleaved tries still move with the other test files sharing the cores: a real difference (one more
// query) shows in every try, a neighbour's burst seldom in three, so a failed measure is taken again, twice at most.
describe('code and token checks take the same time and give the same answer, whatever exists', { retry: 2 }, () => {
  it('activation: a real account’s wrong code, an unknown code, a used and an expired one', async () => {
    // Three residents without a password yet, as staff add them before printing their letters.
    const residents: string[] = [];
    for (let i = 0; i < 3; i++) {
      const u = await q('insert into users (display_name) values ($1) returning id', [`Timing ${i} ${run}`]);
      await q("insert into memberships (organisation_id, user_id, role) select id, $1, 'resident' from organisations where slug = 'plurial-novilia'", [u.rows[0].id]);
      residents.push(u.rows[0].id);
    }
    // A live code for the first (typed wrong below), a used one for the second, an expired one for the third.
    const live = newHumanCode();
    await storeCode(t.database.db, { purpose: 'activation', userId: residents[0], code: live, ttlMinutes: 60 });
    const used = newHumanCode();
    await storeCode(t.database.db, { purpose: 'activation', userId: residents[1], code: used, ttlMinutes: 60 });
    await q('update one_time_codes set used_at = now() where code_hash = $1', [hashSecret(used)]);
    const expired = newHumanCode();
    await storeCode(t.database.db, { purpose: 'activation', userId: residents[2], code: expired, ttlMinutes: 60 });
    await q("update one_time_codes set expires_at = now() - interval '1 second' where code_hash = $1", [hashSecret(expired)]);
    const typed = { wrong: otherCode(live), unknown: newHumanCode(), used, expired };

    const browser = t.client();
    await browser.csrf();
    const tryCode = (code: string) => () => timed(() => browser.post('/activate', { code }), 422);
    // Ten tries per network address in 15 minutes: the count is emptied before each try.
    const m = await interleavedMedians(FAST_ROUNDS, { wrong: tryCode(typed.wrong), unknown: tryCode(typed.unknown), used: tryCode(typed.used), expired: tryCode(typed.expired) }, () => forget('activate-ip:%'));
    report('activation', FAST_ROUNDS, m);
    for (const k of ['wrong', 'used', 'expired'] as const) expect(Math.abs(m[k] - m.unknown)).toBeLessThan(fastBound(m.unknown));

    // The same page for all four, the typed code aside (kept in the field).
    const answers = [];
    for (const code of Object.values(typed)) {
      await forget('activate-ip:%');
      const a = await answerOf(await browser.post('/activate', { code }));
      answers.push({ ...a, body: a.body.replaceAll(code, 'CODE') });
    }
    expect(answers[0].body).toContain('Ce code n’est pas valable ou a expiré.');
    for (const a of answers) expect(a).toEqual(answers[0]);
  }, 180_000);

  it('SMS sign-in, asking for a code: a resident’s number and a number nobody has', async () => {
    const browser = t.client();
    await browser.csrf();
    const settle = async () => {
      // A code is stored and sent after the answer: each try first waits for the work of the one before.
      await new Promise((r) => setTimeout(r, 60));
      await forget('sms%');
    };
    const sentBefore = texts.length;
    const ask = (phone: string) => () => timed(() => browser.post('/signin/sms', { phone }), 303);
    const m = await interleavedMedians(FAST_ROUNDS, { resident: ask(DEMO_RESIDENT_PHONE), nobody: ask(`07${run.replace(/\D/g, '').padEnd(8, '7').slice(0, 8)}`) }, settle);
    report('SMS code request', FAST_ROUNDS, m);
    await expect.poll(() => texts.length - sentBefore, { timeout: 10_000 }).toBe(FAST_ROUNDS);
    expect(Math.abs(m.resident - m.nobody)).toBeLessThan(fastBound(m.nobody));
    const a = await answerOf(await t.client().post('/signin/sms', { phone: DEMO_RESIDENT_PHONE }));
    const b = await answerOf(await t.client().post('/signin/sms', { phone: '0799999999' }));
    expect(a).toEqual(b);
    expect(a.location).toBe('/signin/sms/code');
  }, 180_000);

  it('SMS sign-in, typing a code: a wrong code for a resident with a live code and any code for a number nobody has', async () => {
    await forget('sms%');
    // The resident has a live code (so the wrong one is really compared), asked for through the page.
    const sent = texts.length;
    expect((await t.client().post('/signin/sms', { phone: DEMO_RESIDENT_PHONE })).status).toBe(303);
    await expect.poll(() => texts.length, { timeout: 5_000 }).toBe(sent + 1);
    await expect.poll(async () => (await q("select count(*)::int as n from one_time_codes where purpose = 'sms_signin' and used_at is null and expires_at > now()")).rows[0].n, { timeout: 5_000 }).toBe(1);
    const resident = t.client();
    await resident.csrf();
    resident.cookies.set('palier_sms_phone', DEMO_RESIDENT_PHONE);
    const nobody = t.client();
    await nobody.csrf();
    nobody.cookies.set('palier_sms_phone', '0799999998');
    // Never the live code (read off the text the provider got): other six-digit codes of the same shape.
    const liveCode = /\b(\d{6})\b/.exec(texts.at(-1) ?? '')?.[1];
    expect(liveCode).toBeDefined();
    const wrong = (i: number) => (String(100000 + i) === liveCode ? '999999' : String(100000 + i));
    const m = await interleavedMedians(
      FAST_ROUNDS,
      { resident: (i) => timed(() => resident.post('/signin/sms/code', { code: wrong(i) }), 401), nobody: (i) => timed(() => nobody.post('/signin/sms/code', { code: wrong(i) }), 401) },
      () => forget('sms-try:%'),
    );
    report('SMS code check', FAST_ROUNDS, m);
    expect(Math.abs(m.resident - m.nobody)).toBeLessThan(fastBound(m.nobody));
    await forget('sms-try:%');
    const a = await answerOf(await resident.post('/signin/sms/code', { code: '123456' }));
    const b = await answerOf(await nobody.post('/signin/sms/code', { code: '123456' }));
    expect(a).toEqual(b);
    expect(a.body).toContain('aria-invalid="true"');
  }, 180_000);

  it('API bearer token: a well-formed unknown token, a real token with a wrong secret, a revoked token', async () => {
    const path = '/api/v1/concierge/office-hours';
    const good = await apiTokenFor(t, demo('resident'), ['concierge.use']);
    const revoked = await apiTokenFor(t, demo('resident'), ['concierge.use']);
    await q('update api_tokens set revoked_at = now() where token_hash = $1', [hashSecret(revoked)]);
    const call = (secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call(good)).status).toBe(200);
    // Tokens are found by the hash of the whole secret (prefix included), so a wrong secret of a real token is
    // no nearer to it than any other: the lookup has no per-prefix step that could answer faster or slower.
    const tokens = { unknown: `plr_${crypto.randomUUID().replaceAll('-', '')}`, wrongSecret: otherCode(good), revoked };
    const m = await interleavedMedians(FAST_ROUNDS, {
      unknown: () => timed(() => call(tokens.unknown), 401),
      wrongSecret: () => timed(() => call(tokens.wrongSecret), 401),
      revoked: () => timed(() => call(tokens.revoked), 401),
    });
    report('API token', FAST_ROUNDS, m);
    expect(Math.abs(m.wrongSecret - m.unknown)).toBeLessThan(fastBound(m.unknown));
    expect(Math.abs(m.revoked - m.unknown)).toBeLessThan(fastBound(m.unknown));
    const answers = await Promise.all(Object.values(tokens).map(async (s) => ({ ...(await answerOf(await call(s))), auth: (await call(s)).headers.get('www-authenticate') })));
    expect(answers[0]).toEqual({ status: 401, location: null, body: '{"error":"invalid_token"}', auth: 'Bearer realm="palier"' });
    for (const a of answers) expect(a).toEqual(answers[0]);
  }, 180_000);

  it('sign-in: a disabled account with its right password and an active account with a wrong one', async () => {
    const hash = await hashPassword(PASSWORD);
    const accounts = { disabled: [] as string[], active: [] as string[] };
    for (let i = 0; i < Math.ceil(ROUNDS / 4); i++) {
      for (const kind of ['disabled', 'active'] as const) {
        const email = `timing-${kind}${i}-${run}@example.org`;
        await q('insert into users (email, display_name, password_hash, disabled) values ($1, $2, $3, $4)', [email, 'Timing', hash, kind === 'disabled']);
        accounts[kind].push(email);
      }
    }
    const browser = t.client();
    await browser.csrf();
    const hashTimes: number[] = [];
    // Each account tried at most four times: the throttle allows five failures per account.
    const m = await interleavedMedians(ROUNDS, {
      disabled: (i) => timed(() => browser.signIn(accounts.disabled[Math.floor(i / 4)], PASSWORD), 401),
      wrong: (i) => timed(() => browser.signIn(accounts.active[Math.floor(i / 4)], 'not the password'), 401),
      hash: async () => {
        const start = performance.now();
        await verifyPassword(hash, 'not the password');
        hashTimes.push(performance.now() - start);
        return hashTimes[hashTimes.length - 1];
      },
    });
    report('disabled sign-in', ROUNDS, { disabled: m.disabled, wrong: m.wrong }, `one password check ${Math.round(median(hashTimes) * 10) / 10} ms`);
    expect(m.hash).toBeGreaterThan(5);
    expect(Math.abs(m.disabled - m.wrong)).toBeLessThan(m.hash / 4);
    // The same page, the identifier typed aside; and the disabled account is still refused with its password.
    const a = await answerOf(await t.client().signIn(accounts.disabled.at(-1) as string, PASSWORD));
    const b = await answerOf(await t.client().signIn(accounts.active.at(-1) as string, 'not the password'));
    expect({ ...a, body: a.body.replace(accounts.disabled.at(-1) as string, 'ID') }).toEqual({ ...b, body: b.body.replace(accounts.active.at(-1) as string, 'ID') });
    expect(a.status).toBe(401);
  }, 180_000);
});
