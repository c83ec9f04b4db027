import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
  // A landlord with more residences than a list can offer: Plurial Novilia given 80 more.
  const org = (await s.database.owner.query("select id from organisations where slug = 'plurial-novilia'")).rows[0].id;
  await s.database.owner.query(
    `insert into residences (organisation_id, reference, name, address, postcode, city)
     select $1, 'MANY-' || g, 'Les Hauts de Murigny ' || lpad(g::text, 2, '0'), g || ' avenue de Champagne', '51100', 'Reims' from generate_series(1, 80) g`,
    [org],
  );
});

describe('the dashboard of a landlord with many residences, in a real browser on a 360 px screen', () => {
  it('a programme manager finds a residence by name without JavaScript, opens its figures, and comes back to all', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.goto(`${s.base}/impact?year=2026`);
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages des résidences' }).textContent()).toContain('Résidences 1 à 50 sur');
    await page.getByLabel('Chercher une résidence').fill('murigny 07');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('link', { name: 'Les Hauts de Murigny 07' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('1 résidence');
    await expect.poll(() => page.getByText('Chiffres de Les Hauts de Murigny 07 seulement.').count()).toBe(1);
    await page.getByRole('link', { name: 'Toutes les résidences' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages des résidences' }).count()).toBe(1);
  }, 90_000);

  it('is accessible at 360 px: the first page, a search with no match and the next page in French, a search in English', async () => {
    const pages = { fr: ['/impact?year=2026', '/impact?year=2026&find=zzz', '/impact?year=2026&page=2'], en: ['/impact?year=2026&find=murigny'] };
    for (const locale of ['fr', 'en'] as const) {
      const page = await newPage(s.browser, { js: true, locale });
      await signInWith(page, s.base, demo('programme_manager'));
      for (const path of pages[locale]) {
        await page.goto(`${s.base}${path}`);
        await expectAccessible(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      }
    }
  }, 300_000);
});
