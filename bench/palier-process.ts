import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { currentTotp } from '../src/platform/auth/totp.js';

/** A server started the way production starts it, in its own process; resolves when it answers `readyPath`. */
export async function startProcess(args: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(readyUrl)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${readyUrl} never answered`);
}

/** Peak resident memory of a process (VmHWM), in MB. */
export function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // After the server's own 15 s limit, so that it exits itself (and --cpu-prof writes its profile).
    setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
  });
}

/** Signs in through the real form and returns the Cookie header of the session. */
export async function signInCookie(base: string, email: string, password: string, totpSecret?: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  keep(await fetch(`${base}/signin`));
  const csrf = [...jar].find(([k]) => k.endsWith('palier_csrf'))?.[1] ?? '';
  const res = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, identifier: email, password }),
  });
  if (res.status !== 303) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  keep(res);
  if (res.headers.get('location')?.startsWith('/signin/verify')) {
    if (!totpSecret) throw new Error(`${email} needs a second factor`);
    const verified = await fetch(`${base}/signin/verify`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, code: currentTotp(totpSecret), next: '/' }),
    });
    if (verified.status !== 303) throw new Error(`second factor of ${email} refused: ${verified.status}`);
    keep(verified);
  }
  return header();
}
