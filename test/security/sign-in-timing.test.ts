import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/platform/auth/passwords.js';
import { testApp } from '../app.js';
import type { TestApp } from './helpers.js';
import { median, ms, timed } from './timing.js';

/**
 * Whether an address has an account must not show in the time of the answer (issue 9): a sign-in with an unknown
 * identifier, with a wrong password for a real account, and for a real account without a password yet (an activation
 * pending) run the same password verification; a reset request answers before anything that depends on the account.
 * Attempts alternate, so a loaded machine slows every kind alike, and medians are compared, so pauses do not count.
 */
const ROUNDS = 45;
const PASSWORD = 'le bon mot de passe du test';

let t: TestApp;
const run = Math.random().toString(36).slice(2, 8);
const known: string[] = [];
const withoutPassword: string[] = [];

beforeAll(async () => {
  t = await testApp();
  const hash = await hashPassword(PASSWORD);
  // Accounts of their own, a few tries each: the sign-in throttle allows five failures per account.
  const accounts = Math.ceil(ROUNDS / 4);
  for (let i = 0; i < accounts; i++) {
    for (const [list, h] of [
      [known, hash],
      [withoutPassword, null],
    ] as const) {
      const email = `timing-${list === known ? 'k' : 'n'}${i}-${run}@example.org`;
      await t.database.owner.query('insert into users (email, display_name, password_hash) values ($1, $2, $3)', [email, 'Timing', h]);
      list.push(email);
    }
  }
});

// Medians of interleaved tries still move with the other test files sharing the cores: a real difference (one more
// query) shows in every try, a neighbour's burst seldom in three, so a failed measure is taken again, twice at most.
describe('answer times tell nothing about which accounts exist', { retry: 2 }, () => {
  it('sign-in: an unknown account, a wrong password and an account without a password take the same time', async () => {
    const browser = t.client();
    await browser.csrf();
    const times = { unknown: [] as number[], wrong: [] as number[], noPassword: [] as number[], hash: [] as number[] };
    const stored = await hashPassword(PASSWORD);
    for (let i = 0; i < ROUNDS; i++) {
      const account = Math.floor(i / 4);
      times.unknown.push(await timed(() => browser.signIn(`nobody-${i}-${run}@example.org`, 'not the password'), 401));
      times.wrong.push(await timed(() => browser.signIn(known[account], 'not the password'), 401));
      times.noPassword.push(await timed(() => browser.signIn(withoutPassword[account], 'not the password'), 401));
      const start = performance.now();
      await verifyPassword(stored, 'not the password');
      times.hash.push(performance.now() - start);
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof times, number>;
    process.stdout.write(`sign-in timing, medians of ${ROUNDS}: unknown ${ms(m.unknown)} ms, wrong password ${ms(m.wrong)} ms, no password ${ms(m.noPassword)} ms; one password check ${ms(m.hash)} ms\n`);
    // The verification is most of an answer's time: skipping it for unknown accounts would differ by about m.hash.
    expect(m.hash).toBeGreaterThan(5);
    expect(Math.abs(m.unknown - m.wrong)).toBeLessThan(m.hash / 4);
    expect(Math.abs(m.noPassword - m.wrong)).toBeLessThan(m.hash / 4);
  }, 180_000);

  it('password reset: a known and an unknown address get the same answer as soon', async () => {
    const times = { unknown: [] as number[], known: [] as number[] };
    const settle = async () => {
      await new Promise((r) => setTimeout(r, 150));
      await t.database.owner.query("delete from login_attempts where key like 'reset%'");
    };
    for (let i = 0; i < ROUNDS; i++) {
      // The reset throttle (three an hour per address, twenty per network address) is reset between tries.
      // A known address's link and mail are made after its answer: each try first waits for the work of the
      // one before to end, else it would slow the next try (an unknown address's, every other time).
      await settle();
      times.unknown.push(await timed(() => t.client().post('/reset', { email: `nobody-${i}-${run}@example.org` }), 303));
      await settle();
      times.known.push(await timed(() => t.client().post('/reset', { email: known[Math.floor(i / 4)] }), 303));
    }
    const unknown = median(times.unknown);
    const knownMedian = median(times.known);
    process.stdout.write(`reset timing, medians of ${ROUNDS}: unknown ${ms(unknown)} ms, known ${ms(knownMedian)} ms\n`);
    // The links were made after the answers: one per known address, none for the unknown ones.
    await expect.poll(async () => (await t.database.owner.query("select count(distinct user_id)::int as n from one_time_codes where purpose = 'reset' and user_id in (select id from users where email like $1)", [`timing-k%-${run}@example.org`])).rows[0].n, { timeout: 20_000 }).toBe(known.length);
    // Milliseconds apart at most, or a quarter of the answer: before the change, a known address's answer waited
    // for its link, audit row and mail (118 ms against 77 on a loaded machine).
    expect(Math.abs(knownMedian - unknown)).toBeLessThan(Math.max(2, unknown / 4));
  }, 180_000);
});
