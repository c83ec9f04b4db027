import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a resident’s own data', { timeout: 180_000 }, () => {
  it('reads everything Palier holds about them on a phone without JavaScript, then downloads it as JSON', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('resident'));
    await page.goto(`${s.base}/account`);
    await page.getByRole('link', { name: 'Voir mes données' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mes données');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('Votre compte');
    expect(body).toContain(demo('resident'));
    expect(body).toContain('Chez Plurial Novilia');
    // The household's bookings of the demo (shared spaces) and its home (directory), each record labelled.
    expect(body).toContain('Réservations d’espaces de votre foyer');
    expect(body).toContain('Vos logements');
    expect(body).toContain('Accompagnements sociaux');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).click()]);
    const path = await download.path();
    const data = JSON.parse(await readFile(path, 'utf8'));
    expect(data.account.email).toBe(demo('resident'));
    const sections = data.organisations[0].sections.map((x: { id: string }) => x.id);
    expect(sections).toEqual(expect.arrayContaining(['directory.household', 'spaces.bookings', 'concierge.requests', 'community.registrations', 'support.cases']));
    const trail = await s.database.owner.query("select action from audit_events where action like 'privacy.my_data_%' order by at");
    expect(trail.rows.map((r) => r.action)).toEqual(['privacy.my_data_viewed', 'privacy.my_data_downloaded']);
  });

  it('has an accessible page in French and English', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('resident'));
    await page.goto(`${s.base}/account/data`);
    await expectAccessible(page);
    await page.goto(`${s.base}/account`);
    await page.locator('#f-locale').selectOption('en');
    await page.locator('form[action="/account/language"] button[type=submit]').click();
    await page.waitForLoadState('domcontentloaded');
    await page.goto(`${s.base}/account/data`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My data');
    await expectAccessible(page);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  });
});
