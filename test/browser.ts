import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, expect } from 'vitest';
import { testApp } from './app.js';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium.js';

export { CHROMIUM_FLAGS, chromiumPath };

/** The real server on a free port over a fresh test database, and a real browser. */
export async function browserSession() {
  const t = await testApp();
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const path = chromiumPath();
  if (!path) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  const browser: Browser = await chromium.launch({ executablePath: path, args: CHROMIUM_FLAGS });
  afterAll(async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
  });
  return { ...t, base, browser };
}

/** axe-core finds no violation on the page (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(problems, `${page.url()}`).toEqual([]);
}

/** A phone-sized page without JavaScript (the core tasks must work so), or with it (for axe). */
export async function newPage(browser: Browser, opts: { js: boolean; locale?: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: opts.js, locale: opts.locale ?? 'fr-FR' });
  return context.newPage();
}

export async function signInWith(page: Page, base: string, email: string, password = 'palier-demo-2026'): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByLabel(/Adresse e-mail|E-mail address/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(password);
  await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
  await page.waitForLoadState('domcontentloaded');
}
