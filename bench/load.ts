import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

export type LoadResult = { rps: number; p50_ms: number; p99_ms: number; errors: number; non2xx: number; requests: number };

/** Drives a URL with autocannon in its own process (the load never shares a core's event loop with the server). */
export function load(url: string, opts: { connections: number; seconds: number; headers?: Record<string, string>; method?: string; body?: string; rate?: number }): Promise<LoadResult> {
  const args = [AUTOCANNON, '-j', '-c', String(opts.connections), '-d', String(opts.seconds)];
  // A fixed rate (requests per second, all connections together) rather than as fast as the server goes.
  if (opts.rate) args.push('-R', String(opts.rate));
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (opts.method) args.push('-m', opts.method);
  if (opts.body) args.push('-b', opts.body);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('close', () => {
      try {
        const r = JSON.parse(out);
        resolve({ rps: Math.round(r.requests.average), p50_ms: r.latency.p50, p99_ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total });
      } catch (e) {
        reject(new Error(`autocannon gave no result for ${url}: ${(e as Error).message}`));
      }
    });
  });
}
