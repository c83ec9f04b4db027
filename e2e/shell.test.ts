import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

describe('journeys in a real browser, on a 360 px screen', { timeout: 180_000 }, () => {
  it('a resident signs in without JavaScript and lands on their home', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('resident'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bonjour Amina Benali');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hello Amina Benali');
    // The chosen language outlives the session: the next person on a shared phone may change it back.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Welcome to Palier');
  });

  it('staff sign in, open the administration and find a residence', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('org-admin'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tableau de bord');
    await page.getByRole('link', { name: 'Administration' }).first().click();
    await page.getByRole('main').getByRole('link', { name: 'Résidences' }).click();
    await page.getByLabel('Rechercher une résidence').fill('Arc-en-Ciel');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /Réma’Vert/ }).count()).toBe(1);
  });

  it('a wrong password shows the error at the top, and the page still fits 360 px', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('concierge'), 'this-is-not-it-at-all');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('incorrect');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });
});

describe('axe finds nothing on the pages of the shell', { timeout: 180_000 }, () => {
  it('signed out: welcome, sign-in, not found', async () => {
    const page = await newPage(s.browser, { js: true });
    for (const path of ['/', '/signin', '/no-such-page']) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
  });

  it('as a resident: home and account', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('resident'));
    for (const path of ['/', '/account', '/admin']) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
  });

  it('as an administrator, in English too: dashboard, administration, residences, audit log', async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, demo('org-admin'));
    for (const path of ['/', '/admin', '/admin/residences', '/admin/residences?q=zzz', '/admin/audit', '/account']) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
  });

  it('as a concierge acting for a resident: the consent form and the banner', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('concierge'));
    await page.goto(`${s.base}/assist`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Confirmez que le locataire a donné son accord.');
    await expectAccessible(page);
    await page.getByLabel('Locataire', { exact: true }).selectOption({ label: 'Amina Benali' });
    await page.getByLabel('Le locataire m’a donné son accord pour cette démarche.').check();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Vous agissez pour Amina Benali');
    await expectAccessible(page);
  });
});
