import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request for sqlmap to attack: its URL, and for a POST its body (a form or JSON). */
export type SqlmapTarget = {
  name: string;
  url: string;
  /** Form-encoded or JSON body; absent for a GET. */
  data?: string;
  cookie?: string;
  headers?: string[];
  /** The parameters to attack (`-p`); absent: every parameter sqlmap finds (JSON bodies). */
  params?: string[];
  /** Answer codes that are the page's normal refusals, not an error (a failed sign-in is 401). */
  ignoreCodes?: number[];
  /** Python run by sqlmap before each request (`--eval`), e.g. a fresh idempotency key per request. */
  eval?: string;
  /** sqlmap's techniques (`--technique`); default `BEU` (without UNION, level 1 misses an injection into a LIKE pattern). */
  technique?: string;
  /** This target's own time bound, instead of the run's. */
  limitSeconds?: number;
};

export type SqlmapReport = {
  target: SqlmapTarget;
  output: string;
  /** Parameters sqlmap tested and found not injectable. */
  clean: string[];
  /** Lines in which sqlmap says it found an injection. */
  injectable: string[];
  timedOut: boolean;
  seconds: number;
};

// What sqlmap 1.x prints when a parameter is injectable ("GET parameter 'q' appears to be 'AND boolean-based
// blind - WHERE or HAVING clause' injectable", "… is vulnerable. Do you want to keep testing …", and the summary).
const FOUND = /appears to be .* injectable|parameter '[^']+' is vulnerable|identified the following injection point|is '[^']+' injectable/i;
const CLEAN = /parameter '([^']+)' does not seem to be injectable/gi;

/** sqlmap's verdict on its own output. */
export function readSqlmap(output: string): { clean: string[]; injectable: string[] } {
  const clean = [...new Set([...output.matchAll(CLEAN)].map((m) => m[1]))];
  const injectable = output.split('\n').filter((l) => FOUND.test(l));
  return { clean, injectable };
}

/**
 * Runs Debian's sqlmap against one target, in batch mode, PostgreSQL payloads only, boolean-based, error-based
 * and (unless the target says otherwise) UNION techniques at level 1 and risk 1 (time-based and stacked tests, which need pg_sleep timings, are
 * left out: slow, and unreliable on a loaded machine; `injection.test.ts` sends pg_sleep payloads and times them), with no session kept between runs, and kills it
 * after `limitSeconds` (the report then says `timedOut`).
 */
export async function runSqlmap(target: SqlmapTarget, limitSeconds: number): Promise<SqlmapReport> {
  const out = mkdtempSync(join(tmpdir(), 'palier-sqlmap-'));
  const args = [
    '-u', target.url,
    '--batch', '--flush-session', `--output-dir=${out}`, '--disable-coloring',
    '--dbms=PostgreSQL', '--level=1', '--risk=1', `--technique=${target.technique ?? 'BEU'}`,
    '--timeout=15', '--retries=1', '--skip-waf', '--drop-set-cookie', '--answers=follow=N',
  ];
  if (target.data !== undefined) args.push(`--data=${target.data}`);
  if (target.cookie) args.push(`--cookie=${target.cookie}`);
  if (target.headers?.length) args.push(`--headers=${target.headers.join('\n')}`);
  if (target.params?.length) args.push('-p', target.params.join(','));
  if (target.ignoreCodes?.length) args.push(`--ignore-code=${target.ignoreCodes.join(',')}`);
  if (target.eval) args.push(`--eval=${target.eval}`);
  const started = Date.now();
  const proc = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: out } });
  let output = '';
  proc.stdout.on('data', (d) => {
    output += d;
  });
  proc.stderr.on('data', (d) => {
    output += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill('SIGKILL');
  }, limitSeconds * 1000);
  await new Promise<void>((resolve) => proc.on('close', () => resolve()));
  clearTimeout(timer);
  rmSync(out, { recursive: true, force: true });
  return { target, output, ...readSqlmap(output), timedOut, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** Runs the targets `parallel` at a time, in order (the slowest first keeps the whole run short). */
export async function runAll(targets: SqlmapTarget[], limitSeconds: number, parallel: number): Promise<SqlmapReport[]> {
  const reports: SqlmapReport[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      reports[i] = await runSqlmap(targets[i], targets[i].limitSeconds ?? limitSeconds);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, targets.length) }, worker));
  return reports;
}
