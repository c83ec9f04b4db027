import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load.js';

export type Scenario = LoadResult & { name: string; ratio_to_limit: number };
export type Results = {
  scale: string;
  machine: Record<string, unknown>;
  data: Record<string, number>;
  server_peak_rss_mb: number;
  scenarios: Scenario[];
  extra?: Record<string, unknown>;
};

/** Writes bench/results/latest.json and latest.md, and prints the table. */
export function writeResults(r: Results): void {
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
  const rows = r.scenarios.map((s) => `| ${s.name} | ${s.rps} | ${s.p50_ms} | ${s.p99_ms} | ${s.errors + s.non2xx} | ${s.ratio_to_limit} |`);
  const md = [
    `# Benchmark results (${r.scale})`,
    '',
    `Machine: ${JSON.stringify(r.machine)}. Data: ${JSON.stringify(r.data)}. Palier peak RSS: ${r.server_peak_rss_mb} MB.`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | errors | ratio to limit |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...Object.entries(r.extra ?? {}).map(([k, v]) => `- ${k}: ${JSON.stringify(v)}`),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'latest.md'), md);
  process.stdout.write(`\n${md}\n`);
}
