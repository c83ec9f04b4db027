import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export type Running = {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
};

const started = new Set<ChildProcess>();

/** Runs a TypeScript entry point of this repository (src/main.ts, src/cli.ts) as a separate process. */
export function runTs(entry: string, args: string[], env: Record<string, string>, stdin?: string): Running {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.add(proc);
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  if (stdin !== undefined) proc.stdin?.end(stdin);
  else proc.stdin?.end();
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  exited.then(() => started.delete(proc));
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Waits for the app to print its URL. */
export async function urlOf(app: Running, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /Palier: (http:\/\/\S+)/.exec(app.stdout());
    if (m) return m[1].replace('localhost', '127.0.0.1');
    if (app.proc.exitCode !== null) throw new Error(`the app exited (${app.proc.exitCode}): ${app.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app did not start in ${timeoutMs} ms: ${app.stderr()}`);
}

/** The process id of the PostgreSQL server of a data directory, when its pid file is there. */
export function postgresPid(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  return Number(readFileSync(file, 'utf8').split('\n')[0]) || null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Ends, by their ids, the processes these tests started and the PostgreSQL servers they left. */
export async function killLeftovers(dataDirs: string[]): Promise<void> {
  for (const p of started) if (p.exitCode === null && p.pid) p.kill('SIGKILL');
  for (const dir of dataDirs) {
    const pid = postgresPid(dir);
    if (pid && isAlive(pid)) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
}
