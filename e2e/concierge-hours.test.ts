import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
const q = async (text: string, values: unknown[] = []) => (await s.database.owner.query(text, values)).rows;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  s = await browserSession();
}, 90_000);

describe('the desk’s office hours and closures in the browser', () => {
  it('without JavaScript at 360 px: a Saturday session is added, a closure refused then recorded; axe-clean with the errors shown', async () => {
    const [{ n }] = await q('select count(*)::int as n from concierge_office_hours');
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/hours`);
    await page.locator(`[name="hours.${n}.weekday"]`).selectOption('6');
    await page.locator(`[name="hours.${n}.startsAt"]`).fill('10:00');
    await page.locator(`[name="hours.${n}.endsAt"]`).fill('12:00');
    await page.locator(`[name="hours.${n}.place"]`).fill('Local vélo');
    await page.getByRole('button', { name: 'Enregistrer les permanences' }).click();
    await expect.poll(() => page.getByText('Permanences enregistrées.').count()).toBe(1);
    expect(await q("select place from concierge_office_hours where weekday = 6 and starts_at = '10:00'")).toEqual([{ place: 'Local vélo' }]);
    await fitsTheScreen(page);

    await page.getByLabel('Fermé le (ou à partir du)').fill(inDays(10));
    await page.getByRole('button', { name: 'Enregistrer la fermeture' }).click();
    await expect.poll(() => page.locator('#f-reason-error').count()).toBe(1);
    await fitsTheScreen(page);
    await page.getByLabel('Motif').fill('Inventaire');
    await page.getByRole('button', { name: 'Enregistrer la fermeture' }).click();
    await expect.poll(() => page.getByText('Fermeture enregistrée.').count()).toBe(1);
    expect(await q('select note from concierge_closures where on_date = $1::date', [inDays(10)])).toEqual([{ note: 'Inventaire' }]);
    await page.context().close();

    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, demo('partner-staff'));
    await axe.goto(`${s.base}/concierge/desk/hours`);
    await axe.locator('[name="hours.0.endsAt"]').fill('00:30');
    await axe.getByRole('button', { name: 'Enregistrer les permanences' }).click();
    await expect.poll(() => axe.locator('#f-hours\\.0\\.endsAt-error').count()).toBe(1);
    await expectAccessible(axe);
    await fitsTheScreen(axe);
    await axe.context().close();
  }, 120_000);
});
