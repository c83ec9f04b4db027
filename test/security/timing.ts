import { expect } from 'vitest';

/**
 * Shared method of the timing tests (issue 9): kinds of request alternate round after round, so a loaded machine
 * slows every kind alike, and medians are compared, so pauses (a garbage collection, another engineer's build) do
 * not count.
 */

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Milliseconds to one decimal, for the printed figures. */
export const ms = (x: number): number => Math.round(x * 10) / 10;

/** The time one request takes, its status checked. */
export async function timed(f: () => Response | Promise<Response>, status: number): Promise<number> {
  const start = performance.now();
  const res = await f();
  const took = performance.now() - start;
  expect(res.status).toBe(status);
  return took;
}

/**
 * Runs every kind once per round, in turn (each round starting one kind further), for `rounds` rounds, and returns each kind's median. `before` runs ahead
 * of every try and is not timed (emptying a throttle, waiting for the work a previous answer left behind).
 */
export async function interleavedMedians<K extends string>(
  rounds: number,
  kinds: Record<K, (round: number) => Promise<number>>,
  before: () => Promise<unknown> = async () => {},
): Promise<Record<K, number>> {
  const times = Object.fromEntries(Object.keys(kinds).map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  const names = Object.keys(kinds) as K[];
  for (let i = 0; i < rounds; i++) {
    // Each round starts with the next kind, so no kind is always the one that runs first (or after a given one).
    for (const k of names.map((_, j) => names[(i + j) % names.length])) {
      await before();
      times[k].push(await kinds[k](i));
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v as number[])])) as Record<K, number>;
}

/**
 * The bound for answers that involve no password check: 2 ms, or a quarter of the reference answer when that is
 * more (as for reset requests). One more query or write per answer costs a few milliseconds on this machine, which
 * is the difference these tests are there to catch.
 */
export const fastBound = (reference: number): number => Math.max(2, reference / 4);

/** Prints the medians on one line, e.g. `activation timing, medians of 45: wrong 12.1 ms, unknown 11.9 ms`. */
export function report(what: string, rounds: number, medians: Record<string, number>, extra = ''): void {
  const parts = Object.entries(medians).map(([k, v]) => `${k} ${ms(v)} ms`);
  process.stdout.write(`${what} timing, medians of ${rounds}: ${parts.join(', ')}${extra ? `; ${extra}` : ''}\n`);
}

/**
 * A page or JSON body with what legitimately differs between two answers blanked: the CSRF token, CSP nonces,
 * request ids. Two answers that must tell nothing apart are compared through it.
 */
export function comparable(body: string): string {
  return body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/"requestId":"[^"]*"/g, '"requestId":""');
}

/** Status, redirect target and body (made comparable) of an answer. */
export async function answerOf(res: Response): Promise<{ status: number; location: string | null; body: string }> {
  return { status: res.status, location: res.headers.get('location'), body: comparable(await res.text()) };
}
