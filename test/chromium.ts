import { existsSync } from 'node:fs';

/** The flags Debian's chromium needs here (no sandbox as root, no network chatter), for tests and the benchmark. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's chromium, or the one CHROMIUM_PATH names. The test runner checks it exists before running e2e/. */
export function chromiumPath(): string | null {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(p) ? p : null;
}
