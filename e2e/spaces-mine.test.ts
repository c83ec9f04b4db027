import { beforeAll, describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { type DemoSpace, demoSpace, relaxRules } from '../src/modules/spaces/testing.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let cowork: DemoSpace;
const RESIDENT = 'resident-sotteville@demo.palier.fr';

beforeAll(async () => {
  s = await browserSession();
  cowork = await demoSpace(s.database, 'Coworking solidaire de Sotteville');
  await relaxRules(s.database, cowork.spaceId);
});

describe('"My bookings" on a 360 px phone', () => {
  it('nothing spills past the right edge: the table scrolls inside a named, focusable region; the calendar feed is made and stopped without JavaScript', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, RESIDENT);
    await page.goto(`${s.base}/spaces/bookings`);
    await expect.poll(() => page.locator('table').count()).toBe(1);
    await page.screenshot({ path: '/tmp/x/mine-360.png', fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const edges = await page.evaluate(() => {
      const right = (sel: string) => (document.querySelector(sel) as HTMLElement).getBoundingClientRect().right;
      return { wrap: right('.table-wrap'), caption: right('caption'), width: document.documentElement.clientWidth };
    });
    expect(edges.wrap).toBeLessThanOrEqual(edges.width);
    expect(edges.caption).toBeLessThanOrEqual(edges.width);
    const region = page.getByRole('region', { name: 'Mes réservations', exact: true });
    expect(await region.getAttribute('tabindex')).toBe('0');
    await page.getByRole('button', { name: 'Créer mon adresse d’agenda' }).click();
    await expect.poll(() => page.getByLabel('Adresse de mon agenda').inputValue()).toMatch(/\/spaces-calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await page.getByRole('button', { name: 'Arrêter mon adresse d’agenda' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('L’adresse est arrêtée');
  }, 120_000);

  it('is axe-clean, and so is the move form', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, RESIDENT);
    await page.goto(`${s.base}/spaces/bookings`);
    await expectAccessible(page);
    await page.getByRole('link', { name: /^Déplacer la réservation/ }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Déplacer une réservation');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  }, 120_000);
});
