import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/chromium.js';

export type LighthouseScore = { path: string; performance: number | null; accessibility: number | null; fcp_ms: number | null; lcp_ms: number | null; tbt_ms: number | null; cls: number | null; failed_audits: string[] };

/**
 * Lighthouse's mobile audit (its default: a mid-range phone, simulated slow 4G) of one page as a signed-in
 * resident, with Debian's chromium. The scores are 0–100.
 */
export async function lighthouse(base: string, path: string, cookie: string): Promise<LighthouseScore> {
  const profile = mkdtempSync(join(tmpdir(), 'palier-lh-'));
  try {
    const args = [
      'node_modules/lighthouse/cli/index.js',
      base + path,
      '--only-categories=performance,accessibility',
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      `--chrome-flags=${[...CHROMIUM_FLAGS, `--user-data-dir=${profile}`].join(' ')}`,
    ];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: chromiumPath() ?? '/usr/bin/chromium' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
      });
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`lighthouse ${path} exited with ${code}`))));
    });
    const lhr = JSON.parse(out);
    const score = (c: string) => (lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c].score * 100));
    const metric = (a: string) => (lhr.audits[a]?.numericValue == null ? null : Math.round(lhr.audits[a].numericValue * 1000) / 1000);
    return {
      path,
      performance: score('performance'),
      accessibility: score('accessibility'),
      fcp_ms: metric('first-contentful-paint'),
      lcp_ms: metric('largest-contentful-paint'),
      tbt_ms: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      failed_audits: Object.values(lhr.audits as Record<string, { id: string; score: number | null; scoreDisplayMode: string }>)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
        .map((a) => a.id),
    };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
