import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, killLeftovers, postgresPid, runTs, urlOf } from './spawn.js';

// One data directory for the whole file: PostgreSQL's initdb runs once; each later start takes ~2 s.
const dataDir = mkdtempSync(join(tmpdir(), 'palier-ops-'));
const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'false', NODE_ENV: 'development' };

afterAll(async () => {
  await killLeftovers([dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Sends a sign-in whose body arrives only when `finish()` is called: a request in flight, on purpose,
 * and one that needs the database once its body is in (throttle, account look-up).
 */
async function slowSignIn(url: string) {
  const form = await fetch(`${url}/signin`);
  const csrf = /palier_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const { hostname, port } = new URL(url);
  const socket = tcp({ host: hostname, port: Number(port) });
  const body = `_csrf=${csrf}&identifier=nobody%40example.org&password=not-the-right-one`;
  let answer = '';
  socket.on('data', (d) => {
    answer += d;
  });
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  socket.write(`POST /signin HTTP/1.1\r\nHost: ${hostname}\r\nCookie: palier_csrf=${csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
  // write, not end: a client that half-closes its side has hung up, and the server may drop it.
  return { finish: () => socket.write(body.slice(10)), closed };
}

describe('the embedded server’s life', () => {
  it('refuses a second start on the same data directory while the first keeps serving, then stops cleanly on SIGTERM, finishing the request in flight', async () => {
    const first = runTs('src/main.ts', [], env);
    const url = await urlOf(first);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const pgPid = postgresPid(dataDir);
    expect(pgPid).not.toBeNull();

    const second = runTs('src/main.ts', [], env);
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toMatch(/already used by a running Palier \(process \d+\)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const slow = await slowSignIn(url);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    first.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    slow.finish();
    // Accepted before SIGTERM, it gets its whole answer, from the database: the unknown account's 401 page.
    const answer = await slow.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(await first.exited).toBe(0);
    // Palier forces an exit (code 1) after 15 s; a clean stop comes well before.
    expect(Date.now() - t0).toBeLessThan(14_000);
    expect(isAlive(pgPid as number)).toBe(false);
    expect(existsSync(join(dataDir, 'palier.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 180_000);

  it('recovers after a crash: the next start stops the orphaned PostgreSQL and serves the same data', async () => {
    const crashed = runTs('src/main.ts', [], env);
    await urlOf(crashed);
    const orphan = postgresPid(dataDir) as number;
    crashed.proc.kill('SIGKILL');
    expect(await crashed.exited).toBe('SIGKILL');
    expect(isAlive(orphan)).toBe(true);

    const next = runTs('src/main.ts', [], env);
    const url = await urlOf(next);
    expect(isAlive(orphan)).toBe(false);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    next.proc.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(existsSync(join(dataDir, 'palier.lock'))).toBe(false);
  }, 180_000);
});
