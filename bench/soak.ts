import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverResult } from './booking-driver.js';
import { drive } from './drive.js';
import { type LoadResult, load } from './load.js';

/**
 * The bounded soak (issue 9, reliability 7; `npm run bench -- --soak [--soak-minutes=N]`, not part of
 * `npm test`): N minutes (10 by default) of steady mixed load on quick data — the signed-in pages in
 * turn at a fixed rate, and residents booking then cancelling — while the server's resident memory
 * (VmRSS) is sampled every 10 s. It passes when no request failed and the memory floor grew less than
 * 10 % from the end of the warm-up (the 2nd minute: caches, compiled code and pools filled; a quarter of a
 * shorter soak) to the end.
 */
export type SoakInput = {
  base: string;
  pid: number;
  minutes: number;
  pages: { path: string; cookie: string }[];
  residents: { cookie: string; spaceId: string; resourceId: string }[];
  dates: string[];
  say: (m: string) => void;
};

export type SoakResult = {
  minutes: number;
  requests: number;
  bookings: number;
  failures: Record<string, number>;
  /** What the first refusal of each kind said (its page's error summary). */
  reasons: Record<string, string>;
  rss_samples_mb: { at_s: number; rss_mb: number }[];
  peak_rss_mb: number;
  warm_rss_mb: number;
  end_rss_mb: number;
  growth_pct: number;
  passed: boolean;
};

/** Thrown by run.ts once the soak is done, to leave its scenarios for the clean-up (the soak replaces them). */
export const SOAKED = Symbol('soaked');

const SLICE_S = 10;
const READS_PER_S = 100;

/** Resident memory of a process now (VmRSS), in MB. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : 0;
}

export async function soak(i: SoakInput): Promise<SoakResult> {
  const t0 = performance.now();
  const at = () => Math.round((performance.now() - t0) / 1000);
  const samples = [{ at_s: 0, rss_mb: rssMb(i.pid) }];
  const sampler = setInterval(() => samples.push({ at_s: at(), rss_mb: rssMb(i.pid) }), 10_000);
  const failures: Record<string, number> = {};
  const reasons: Record<string, string> = {};
  const fail = (what: string, n: number) => {
    if (n > 0) failures[what] = (failures[what] ?? 0) + n;
  };
  let requests = 0;
  let bookings = 0;
  try {
    for (let slice = 0; at() < i.minutes * 60; slice++) {
      const page = i.pages[slice % i.pages.length];
      // Each slice books on its own day and hour, so no booking waits for the cancellation of another.
      const [reads, booked] = (await Promise.all([
        load(`${i.base}${page.path}`, { connections: 8, seconds: SLICE_S, rate: READS_PER_S, headers: { cookie: page.cookie } }),
        drive({ mode: 'uncontended', base: i.base, residents: i.residents, dates: [i.dates[slice % i.dates.length]], starts: ['10:00', '14:00'], workers: 2, seconds: SLICE_S }),
      ])) as [LoadResult, DriverResult];
      requests += reads.requests + booked.operations * 2;
      bookings += booked.operations;
      fail(`${page.path}: errors`, reads.errors);
      fail(`${page.path}: non-2xx`, reads.non2xx);
      for (const [status, n] of Object.entries(booked.statuses)) if (status !== 'cancel 303') fail(`booking ${status}`, n);
      for (const [status, why] of Object.entries(booked.reasons ?? {})) reasons[`booking ${status}`] ??= why;
      if (slice % 6 === 5) i.say(`soak: ${at()} s, ${requests} requests, RSS ${samples[samples.length - 1].rss_mb} MB`);
    }
  } finally {
    clearInterval(sampler);
  }
  samples.push({ at_s: at(), rss_mb: rssMb(i.pid) });
  // RSS saw-tooths by ±100 MB between garbage collections, so one sample against another says nothing about
  // a leak: compare the floors (the lowest sample, just after a collection) of a window after the warm-up and of
  // the last window — what a leak raises.
  const warmAt = Math.min(120, (i.minutes * 60) / 4);
  const window = Math.max(60, (i.minutes * 60) / 5);
  const last = samples[samples.length - 1].at_s;
  const floor = (from: number, to: number) => Math.min(...samples.filter((s) => s.at_s >= from && s.at_s <= to).map((s) => s.rss_mb));
  const warm = { rss_mb: floor(warmAt, warmAt + window) };
  const end = { rss_mb: floor(last - window, last) };
  const growth = Math.round(((end.rss_mb - warm.rss_mb) / warm.rss_mb) * 1000) / 10;
  return {
    minutes: i.minutes,
    requests,
    bookings,
    failures,
    reasons,
    rss_samples_mb: samples,
    peak_rss_mb: Math.max(...samples.map((s) => s.rss_mb)),
    warm_rss_mb: warm.rss_mb,
    end_rss_mb: end.rss_mb,
    growth_pct: growth,
    passed: Object.keys(failures).length === 0 && growth < 10,
  };
}

/** Writes bench/results/soak.json (the recorded scenarios' latest.json is left alone) and says the verdict. */
export function writeSoak(r: SoakResult, say: (m: string) => void): void {
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'soak.json'), `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
  say(
    `soak ${r.passed ? 'PASSED' : 'FAILED'}: ${r.minutes} min, ${r.requests} requests (${r.bookings} bookings made and cancelled), failures ${JSON.stringify(r.failures)}${Object.keys(r.reasons).length ? ` (${JSON.stringify(r.reasons)})` : ''}, RSS floor ${r.warm_rss_mb} MB after the warm-up → ${r.end_rss_mb} MB at the end (${r.growth_pct} %, must stay under 10 %), peak ${r.peak_rss_mb} MB`,
  );
}
